"""``coach bench ...``: benchmarks of the pose engine and the analysis pipeline.

Timings live here, never in unit tests.
"""

from __future__ import annotations

import typer

from coach.cli.bench_accuracy import accuracy_command
from coach.cli.bench_analyze import analyze_bench_command
from coach.cli.bench_landmarks import landmarks_command
from coach.cli.bench_live import live_bench_command

app = typer.Typer(
    help="Benchmarks: pose engine speed, rep-count accuracy, analysis speed.", no_args_is_help=True
)


@app.command("pose")
def pose(
    backend: list[str] | None = typer.Option(
        None,
        "--backend",
        "-b",
        metavar="NAME",
        help="Backend to time (repeatable); default: the installed movenet-lightning, "
        "movenet-thunder, movenet-multipose, blazepose-full.",
    ),
    frames: int = typer.Option(100, "--frames", "-n", min=1, help="Frames timed per backend."),
    video: str | None = typer.Option(
        None, "--video", help="Clip to decode (default ../shared/media/tfjs/pose_1.mp4)."
    ),
    threads: int = typer.Option(2, "--threads", min=1, help="Inference threads."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object, no table."),
) -> None:
    """Time each pose backend per stage (p50/p95) against its bare model inference."""
    from coach.cli.bench_pose import run_pose_command

    raise typer.Exit(run_pose_command(backend, frames, video, threads, as_json))


app.command("accuracy")(accuracy_command)
app.command("analyze")(analyze_bench_command)
app.command("live")(live_bench_command)
app.command("landmarks")(landmarks_command)
