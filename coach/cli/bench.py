"""``coach bench ...``: benchmarks of the pose engine and the analysis pipeline.

Timings live here, never in unit tests.
"""

from __future__ import annotations

import typer

from coach.bench import accuracy as bench_accuracy
from coach.bench import analyze as bench_analyze

app = typer.Typer(help="Benchmarks: pose engine speed, rep-count accuracy, analysis speed.",
                  no_args_is_help=True)

app.command("accuracy")(bench_accuracy.accuracy_command)
app.command("analyze")(bench_analyze.analyze_bench_command)
