"""``coach bench accuracy``: rep counts against the labelled clips in ``../shared/media``.

Per clip and backend: expected vs counted completed reps (and partial reps), and per backend
the usual repetition-counting metrics: MAE = mean of ``|counted - true| / true`` and OBO = share
of clips whose count is within ±1 of the truth.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from coach import paths

logger = logging.getLogger(__name__)
console = Console()

#: Backends measured when none is named.
DEFAULT_BACKENDS: tuple[str, ...] = ("movenet-lightning", "movenet-thunder", "blazepose-full")


@dataclass(frozen=True)
class LabelledClip:
    """A clip under ``shared/media`` with a known answer (from media/README.md)."""

    path: str  # relative to shared/media
    exercise: str
    reps: int
    partial_reps: int
    note: str


#: Every labelled clip this benchmark knows.
LABELLED_CLIPS: tuple[LabelledClip, ...] = (
    LabelledClip(
        "tfjs/pose_squats.mp4",
        "squat",
        reps=2,
        partial_reps=1,
        note="front view, 5 fps; third squat unfinished when the clip ends",
    ),
)


@dataclass(frozen=True)
class ClipResult:
    """Counts of one clip by one backend."""

    clip: str
    backend: str
    expected_reps: int
    counted_reps: int
    expected_partial: int
    counted_partial: int

    @property
    def relative_error(self) -> float:
        return abs(self.counted_reps - self.expected_reps) / self.expected_reps


@dataclass(frozen=True)
class BackendSummary:
    """MAE and OBO of one backend over all clips."""

    backend: str
    clips: int
    mae: float
    obo: float


def summarise(results: Sequence[ClipResult]) -> list[BackendSummary]:
    """Per-backend MAE (mean |error| / true count) and OBO (share within ±1 rep)."""
    summaries = []
    for backend in dict.fromkeys(r.backend for r in results):
        mine = [r for r in results if r.backend == backend]
        mae = sum(r.relative_error for r in mine) / len(mine)
        obo = sum(abs(r.counted_reps - r.expected_reps) <= 1 for r in mine) / len(mine)
        summaries.append(BackendSummary(backend, len(mine), mae, obo))
    return summaries


def run_clip(clip: LabelledClip, backend: str, media: Path) -> ClipResult:
    """Analyse one clip with one backend through the same path as ``coach analyze``."""
    from coach.cli.analyze import build_trackers, run_analysis
    from coach.exercises.library import load_library

    trackers = build_trackers(load_library(), clip.exercise, None)
    report = run_analysis(media / clip.path, trackers, backend, show_progress=False)
    result = report.exercises[0]
    return ClipResult(
        clip.path, backend, clip.reps, result.reps_completed, clip.partial_reps, result.partial_reps
    )


def accuracy_command(
    backends: list[str] = typer.Option(
        None, "--backend", "-b", help="Backend to measure (repeatable; default: three)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Count reps in every labelled clip per backend; print expected vs counted, MAE and OBO."""
    from coach.pose.factory import DETECTOR_NAMES

    unknown = [name for name in backends or () if name not in DETECTOR_NAMES]
    if unknown:  # before any clip is decoded or model loaded
        console.print(
            f"[red]error:[/] unknown --backend {', '.join(unknown)}; "
            f"valid: {', '.join(DETECTOR_NAMES)}"
        )
        raise typer.Exit(2)
    media = paths.shared_media_dir()
    clips = [c for c in LABELLED_CLIPS if (media / c.path).is_file()]
    if not clips:
        console.print(f"[red]error:[/] no labelled clips found under {media}")
        raise typer.Exit(2)
    results = []
    for backend in backends or DEFAULT_BACKENDS:
        for clip in clips:
            try:
                results.append(run_clip(clip, backend, media))
            except (ValueError, OSError) as exc:  # model not installed, bad option
                console.print(f"[yellow]skipped {backend}:[/] {exc}")
                break
    summaries = summarise(results)
    if as_json:
        payload = {
            "clips": [asdict(r) for r in results],
            "backends": [asdict(s) for s in summaries],
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    table = Table("clip", "backend", "expected reps", "counted", "expected partial", "counted")
    for r in results:
        table.add_row(r.clip, r.backend, str(r.expected_reps), str(r.counted_reps),
                      str(r.expected_partial), str(r.counted_partial))  # fmt: skip
    console.print(table)
    summary = Table("backend", "clips", "MAE", "OBO")
    for s in summaries:
        summary.add_row(s.backend, str(s.clips), f"{s.mae:.3f}", f"{s.obo:.0%}")
    console.print(summary)
