"""``coach models ...``: fetch, verify, convert and list pose models."""

from __future__ import annotations

import typer

app = typer.Typer(help="Fetch, verify and list pose models.", no_args_is_help=True)
