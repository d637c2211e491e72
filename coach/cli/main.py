"""Entry point of the ``coach`` command.

Each command group lives in its own module and is registered here. Heavy libraries (TensorFlow,
MediaPipe, Streamlit) are imported inside the commands, so ``coach --help`` stays fast.
"""

from __future__ import annotations

import logging

import typer

from coach.cli import analyze as analyze_cli
from coach.cli import app as app_cli
from coach.cli import assess as assess_cli
from coach.cli import bench as bench_cli
from coach.cli import db as db_cli
from coach.cli import demo as demo_cli
from coach.cli import exercises as exercises_cli
from coach.cli import export as export_cli
from coach.cli import models as models_cli
from coach.cli import report as report_cli
from coach.cli import users as users_cli
from coach.native_logs import filter_native_stderr, quiet_environment

app = typer.Typer(
    name="coach",
    help="Privacy-first exercise coach: pose models, video analysis, benchmarks, database.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main(
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Log debug messages (and the native libraries' logs)."
    ),
) -> None:
    if not verbose:
        # TensorFlow, LiteRT and MediaPipe log start-up chatter from C++ straight to fd 2.
        quiet_environment()
        filter_native_stderr()
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


app.add_typer(models_cli.app, name="models")
app.add_typer(bench_cli.app, name="bench")
app.add_typer(exercises_cli.app, name="exercises")
app.add_typer(db_cli.app, name="db")
app.add_typer(users_cli.app, name="users")
app.add_typer(demo_cli.app, name="demo")
app.command("export")(export_cli.export_command)
app.command("analyze")(analyze_cli.analyze_command)
app.command("assess")(assess_cli.assess_command)
app.command("report")(report_cli.report_command)
app.command("app")(app_cli.serve_command)


if __name__ == "__main__":  # pragma: no cover
    app()
