"""``coach bench live``: concurrent live sessions in one server process (capacity sizing)."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from coach import paths
from coach.cli.output import err_console

if TYPE_CHECKING:  # the bench module (NumPy, codecs) loads only when the command runs
    from coach.bench.live import RunResult

console = Console()

DEFAULT_SESSIONS = [1, 2, 3, 4]


def _table(runs: list[RunResult]) -> Table:
    """One row per session count; per-session figures as min–max. Fits 80 columns."""
    table = Table(
        title="coach bench live — 640×480 30 fps VP8 in and out, per session",
        caption=f"{os.cpu_count()} CPUs. proc/sent fps: frames through the model / sent back. "
        "late: arrived over a frame behind, not processed; skip: replaced before the model "
        "saw them. ms: camera frame due → processed frame encoded. CPU ms: process CPU "
        "time per sent frame.",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("N", "proc fps", "sent fps", "late", "skip", "ms p50/p95", "CPU ms", "RSS MB"):
        table.add_column(column, justify="right", no_wrap=True)
    for run in runs:
        rs = run.results

        def span(values: list[float], fmt: str = "{:.0f}") -> str:
            low, high = fmt.format(min(values)), fmt.format(max(values))
            return low if low == high else f"{low}–{high}"

        table.add_row(
            str(run.sessions),
            span([r.processed_fps for r in rs], "{:.1f}"),
            span([r.returned_fps for r in rs], "{:.1f}"),
            span([float(r.frames_late) for r in rs]),
            span([float(r.frames_skipped) for r in rs]),
            f"{max(r.latency_ms.p50_ms for r in rs):.0f}/"
            f"{max(r.latency_ms.p95_ms for r in rs):.0f}",
            f"{run.cpu_ms_per_frame:.1f}",
            f"{run.max_rss_mb:.0f}",
        )
    return table


def _stage_table(run: RunResult) -> Table:
    from coach.bench.live import STAGES

    table = Table(
        title=f"CPU ms per frame, N={run.sessions}: session thread stages, pose worker",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("session", justify="right")
    for stage in STAGES:
        table.add_column(stage.replace("_", " "), justify="right")
    table.add_column("pose worker", justify="right")
    worker = f"{run.worker_cpu_ms_per_processed_frame:.2f}"
    for i, result in enumerate(run.results, start=1):
        stages = (f"{result.stage_cpu_ms_mean[s]:.2f}" for s in STAGES)
        table.add_row(str(i), *stages, worker if i == 1 else "″")
    return table


def sustained_sessions(runs: list[RunResult]) -> int:
    """Largest N whose every session processed at least ``TARGET_PROCESSED_FPS``."""
    from coach.bench.live import TARGET_PROCESSED_FPS

    ok = [run.sessions for run in runs if run.min_processed_fps >= TARGET_PROCESSED_FPS]
    return max(ok, default=0)


def live_bench_command(
    sessions: list[int] = typer.Option(
        None, "--sessions", "-s", min=1, help="Concurrent sessions (repeatable; default 1 2 3 4)."
    ),
    seconds: float = typer.Option(20.0, "--seconds", min=2.0, help="Length of each run."),
    backend: str = typer.Option("movenet-lightning", "--backend", "-b", help="Pose backend."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object, no table."),
) -> None:
    """Run N live-session pipelines at once from a real clip; report fps, drops, latency."""
    from coach.bench.live import TARGET_PROCESSED_FPS, camera_packets, run_sessions
    from coach.pose.factory import DETECTOR_NAMES

    if backend not in DETECTOR_NAMES:
        err_console.print(f"[red]error:[/] unknown backend {backend}; valid: "
                          f"{', '.join(DETECTOR_NAMES)}")
        raise typer.Exit(2)
    source = paths.shared_media_dir() / "tfjs" / "pose_squats.mp4"
    if not source.is_file():
        err_console.print(f"[red]error:[/] {source} not found (set COACH_SHARED_DIR)")
        raise typer.Exit(2)
    packets = camera_packets(source)
    runs: list[RunResult] = []
    for count in sessions or DEFAULT_SESSIONS:
        err_console.print(f"running {count} session(s) for {seconds:g} s…")
        runs.append(run_sessions(packets, count, seconds, backend))
    if as_json:
        payload = {
            "backend": backend,
            "clip": f"{source.name} letterboxed 640x480, 30 fps, VP8",
            "target_processed_fps": TARGET_PROCESSED_FPS,
            "sustained_sessions": sustained_sessions(runs),
            "sessions_per_core_at_target_estimate": round(
                runs[0].sessions_per_core_at_target, 1
            ),
            "cpus": os.cpu_count(),
            "runs": [run.as_dict() for run in runs],
        }
        typer.echo(json.dumps(payload, default=str))
        return
    console.print(_table(runs))
    console.print(_stage_table(runs[0]))
    console.print(
        f"sessions sustained at ≥ {TARGET_PROCESSED_FPS:g} processed fps each: "
        f"[bold]{sustained_sessions(runs)}[/] on {os.cpu_count()} CPUs (as loaded now); "
        f"CPU-time estimate for one free core: "
        f"{runs[0].sessions_per_core_at_target:.1f} sessions"
    )
