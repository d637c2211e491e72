"""``coach bench ...``: benchmarks of the pose engine and the analysis pipeline.

Timings live here, never in unit tests.
"""

from __future__ import annotations

import typer

app = typer.Typer(help="Benchmarks: pose engine speed, rep-count accuracy, analysis speed.",
                  no_args_is_help=True)
