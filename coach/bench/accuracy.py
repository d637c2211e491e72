"""``coach bench accuracy``: rep counts against the labelled clips in ``../shared/media``.

Per clip and backend: expected vs counted completed reps (and partial reps), and per backend
the usual repetition-counting metrics: MAE = mean of ``|counted - true| / true`` and OBO = share
of clips whose count is within ±1 of the truth.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

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
    from coach.exercises.library import load_library
    from coach.session.offline import build_trackers, run_analysis

    trackers = build_trackers(load_library(), clip.exercise, None)
    report = run_analysis(media / clip.path, trackers, backend)
    result = report.exercises[0]
    return ClipResult(
        clip.path, backend, clip.reps, result.reps_completed, clip.partial_reps, result.partial_reps
    )
