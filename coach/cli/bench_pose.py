"""Body of ``coach bench pose``: argument checks, progress, rich table or JSON."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from coach.bench.pose import DEFAULT_BACKENDS, BackendTiming, bench_backend, default_video
from coach.cli.inputs import capped_threads
from coach.pose.factory import DETECTOR_NAMES
from coach.session.video import VideoError
from coach.session.video_checks import check_video_file

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


#: Rows of the table: (label, stage key or special figure).
_ROWS: tuple[tuple[str, str], ...] = (
    ("preprocess", "preprocess"),
    ("inference", "inference"),
    ("postprocess", "postprocess"),
    ("estimate", "estimate"),
    ("bare model", "bare"),
    ("estimate / bare", "ratio"),
    ("overhead", "overhead"),
)


def short_backend_name(name: str) -> str:
    """Column header of a backend: ``movenet-lightning`` → ``lightning``."""
    return name.removeprefix("movenet-")


def _cell(result: BackendTiming, key: str) -> str:
    if key == "ratio":
        ratio = result.estimate_over_inference
        return f"{ratio:.2f}×" if ratio else "—"
    pct = {"bare": result.bare_inference, "overhead": result.overhead}.get(key)
    if key not in ("bare", "overhead"):
        pct = result.stages.get(key)
    return f"{_ms(pct.p50_ms)}/{_ms(pct.p95_ms)}" if pct else "—"


def _ms(value: float) -> str:
    """Three significant figures at most (``4.87``, ``17.6``, ``105``): narrow columns."""
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _table(results: list[BackendTiming], skipped: dict[str, str], frames: int) -> Table:
    """One column per backend, one row per figure: readable at 80 columns for 4 backends."""
    notes = [f"skipped {name}: {reason}" for name, reason in skipped.items()]
    load = os.getloadavg()[0]
    notes.append(f"1-min load average at the end: {load:.2f} on {os.cpu_count()} CPUs")
    table = Table(
        title=f"coach bench pose — p50/p95 ms, {frames} frames",
        caption="\n".join(notes),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("figure", no_wrap=True)
    for result in results:
        table.add_column(short_backend_name(result.backend), justify="right", no_wrap=True)
    for label, key in _ROWS:
        table.add_row(label, *(_cell(result, key) for result in results))
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
    threads, warning = capped_threads(threads)
    if warning:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if video:
        try:
            check_video_file(Path(video))
        except VideoError as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
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
