"""Body of ``coach bench pose``: argument checks, progress, rich table or JSON."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from coach.bench.pose import DEFAULT_BACKENDS, BackendTiming, bench_backend, default_video
from coach.pose.factory import DETECTOR_NAMES

USER_ERROR = 2


def _load_frames(video: str | None, frames: int, err: Console) -> list[Any] | None:
    from coach.bench.frames import read_video_frames

    path = Path(video) if video else default_video()
    try:
        decoded = read_video_frames(path, limit=frames)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[red]error:[/] {exc} (pass --video or set COACH_SHARED_DIR)")
        return None
    if not decoded:
        err.print(f"[red]error:[/] {path} has no frames")
        return None
    return decoded


def _table(results: list[BackendTiming], skipped: dict[str, str], frames: int) -> Table:
    table = Table(
        title=f"coach bench pose — p50 / p95 ms over {frames} frames",
        caption=f"1-minute load average at the end: {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} CPUs",
    )
    for column in (
        "backend",
        "preprocess",
        "inference (stage)",
        "postprocess",
        "estimate",
        "bare inference",
        "estimate / bare",
        "overhead",
    ):
        table.add_column(column, justify="left" if column == "backend" else "right")
    for result in results:

        def cell(stage: str, r: BackendTiming = result) -> str:
            pct = r.stages.get(stage)
            return f"{pct.p50_ms:.2f} / {pct.p95_ms:.2f}" if pct else "—"

        bare = result.bare_inference
        ratio = result.estimate_over_inference
        table.add_row(
            result.backend,
            cell("preprocess"),
            cell("inference"),
            cell("postprocess"),
            cell("estimate"),
            f"{bare.p50_ms:.2f} / {bare.p95_ms:.2f}" if bare else "—",
            f"{ratio:.2f}×" if ratio else "—",
            f"{result.overhead.p50_ms:.2f} / {result.overhead.p95_ms:.2f}"
            if result.overhead
            else "—",
        )
    for name, reason in skipped.items():
        table.add_row(name, *(["—"] * 6), f"skipped: {reason}")
    return table


def run_pose_command(
    backends: list[str] | None, frames: int, video: str | None, threads: int, as_json: bool
) -> int:
    """Run the benchmark; returns the process exit code (2 on user error)."""
    from coach.pose.models.registry import ModelNotInstalledError

    err = Console(stderr=True)
    names = backends or list(DEFAULT_BACKENDS)
    unknown = [n for n in names if n not in DETECTOR_NAMES]
    if unknown:
        err.print(
            f"[red]error:[/] unknown backend {', '.join(unknown)}; "
            f"valid: {', '.join(DETECTOR_NAMES)}"
        )
        return USER_ERROR
    decoded = _load_frames(video, frames, err)
    if decoded is None:
        return USER_ERROR
    results: list[BackendTiming] = []
    skipped: dict[str, str] = {}
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        for name in names:
            task = progress.add_task(name, total=len(decoded))
            try:
                advance = functools.partial(progress.advance, task)
                results.append(bench_backend(name, decoded, threads, advance))
            except ModelNotInstalledError as exc:
                if backends:  # asked for by name: a user error
                    err.print(f"[red]error:[/] {exc}")
                    return USER_ERROR
                skipped[name] = f"not installed (coach models fetch {name})"
    if as_json:
        payload = {
            "frames": len(decoded),
            "threads": threads,
            "video": str(Path(video) if video else default_video()),
            "backends": {r.backend: r.as_dict() for r in results},
            "skipped": skipped,
            "load_average_1m": round(os.getloadavg()[0], 2),
        }
        sys.stdout.write(json.dumps(payload) + "\n")
    else:
        Console().print(_table(results, skipped, len(decoded)))
    return 0
