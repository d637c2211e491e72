"""``coach bench analyze``: end-to-end speed of ``coach analyze`` as a multiple of real time."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from coach.bench.analyze import (
    DECODE_STAGES,
    INFERENCE_STAGES,
    TARGET_REALTIME,
    time_analysis,
)

console = Console()


def analyze_bench_command(
    backend: str = typer.Option("movenet-lightning", "--backend", "-b", help="Pose backend."),
    exercise: str = typer.Option("squat", "--exercise", "-e", help="Exercise analysed."),
    seconds: float = typer.Option(12.0, "--seconds", help="Length of the generated clip."),
    threads: int = typer.Option(
        None, "--threads", min=1, help="Pose inference threads (default: as `coach analyze`)."
    ),
    decode_short_side: int = typer.Option(
        None, "--decode-short-side", min=16, help="As `coach analyze --decode-short-side`."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Time ``coach analyze`` on a generated 720p 30 fps clip; print the real-time multiple."""
    from coach.cli.inputs import capped_threads
    from coach.exercises.library import load_library
    from coach.pose.factory import DETECTOR_NAMES

    # inputs first: nothing is generated, decoded or loaded for a typo
    if backend not in DETECTOR_NAMES:
        console.print(
            f"[red]error:[/] unknown --backend {backend!r}; valid: {', '.join(DETECTOR_NAMES)}"
        )
        raise typer.Exit(2)
    if exercise not in load_library().exercises:
        console.print(f"[red]error:[/] unknown exercise {exercise!r}")
        raise typer.Exit(2)
    threads, warning = capped_threads(threads)
    if warning:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    try:
        result = time_analysis(backend, exercise, seconds, threads, decode_short_side)
    except FileNotFoundError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    multiple = float(str(result["realtime_multiple"]))
    verdict = "[green]meets[/]" if multiple >= TARGET_REALTIME else "[red]below[/]"
    console.print(
        f"{backend}: analysed {result['clip']} in {result['wall_s']} s "
        f"({result['fps']} fps) = [bold]{multiple}× real time[/] "
        f"({verdict} the {TARGET_REALTIME:g}× target; "
        f"model load {result['model_load_s']} s not included)"
    )
    stages = result["stage_cpu_ms"]
    assert isinstance(stages, dict)
    console.print(
        "CPU ms per frame, decode thread: "
        + ", ".join(f"{s.replace('_', ' ')} {stages[s]:.2f}" for s in DECODE_STAGES)
        + "; inference thread: "
        + ", ".join(f"{s.replace('_', ' ')} {stages[s]:.2f}" for s in INFERENCE_STAGES)
        + f". Budget at {TARGET_REALTIME:g}×: {result['frame_budget_ms_at_target']} ms per "
        f"frame per thread; on two idle cores ≈ {result['idle_two_core_realtime_estimate']}×.",
        highlight=False,
    )
