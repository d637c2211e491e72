"""``coach bench accuracy``: rep counts against the labelled clips in ``../shared/media``.

Per clip and backend: expected vs counted completed reps, real vs reported partial reps, cues
given while nobody was exercising (labelled idle windows: walking in, getting up; must be 0),
and the largest difference of the ROM measurement's angle at each rep's peak from the reference
backend (Lightning). Per backend the usual repetition-counting metrics: MAE = mean of
``|counted - true| / true`` and OBO = share of clips whose count is within ±1 of the truth.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from coach.session.report import ExerciseReport

logger = logging.getLogger(__name__)

#: Backends measured when none is named: every backend, since every one must count alike.
DEFAULT_BACKENDS: tuple[str, ...] = (
    "movenet-lightning",
    "movenet-thunder",
    "movenet-multipose",
    "blazepose-lite",
    "blazepose-full",
)

#: Backend whose rep-peak angles the others are compared with.
REFERENCE_BACKEND = "movenet-lightning"


@dataclass(frozen=True)
class LabelledClip:
    """A clip under ``shared/media`` with a known answer (from media/README.md)."""

    path: str  # relative to shared/media
    exercise: str
    reps: int
    partial_reps: int
    note: str
    #: Stretches (seconds) where nobody is exercising (walking in, getting up): no cue may fall
    #: in them.
    idle_windows_s: tuple[tuple[float, float], ...] = ()


#: Every labelled clip this benchmark knows.
LABELLED_CLIPS: tuple[LabelledClip, ...] = (
    LabelledClip(
        "tfjs/pose_squats.mp4",
        "squat",
        reps=2,
        partial_reps=1,
        note="front view, 5 fps; third squat unfinished when the clip ends",
    ),
    LabelledClip(
        "commons/push_up_side.webm",
        "push_up",
        reps=6,
        partial_reps=0,
        note="side view, 320x240, backlit; walks in 0-5.5 s, stands up and walks off 48.5 s on",
        idle_windows_s=((0.0, 5.3), (48.6, 51.5)),
    ),
)


@dataclass(frozen=True)
class ClipResult:
    """Counts of one clip by one backend.

    ``rep_peak_rom_deg``: the ROM measurement's angle at each completed rep's peak (its
    maximum for a rising counting signal, else its minimum; NaN where unmeasured).
    ``rom_diff_deg``: largest ``|peak - reference backend's peak|`` over reps matched by
    index (NaN for the reference itself or when the counts differ).
    """

    clip: str
    backend: str
    expected_reps: int
    counted_reps: int
    expected_partial: int
    counted_partial: int
    cues_while_idle: int = 0
    rep_peak_rom_deg: tuple[float, ...] = ()
    rom_diff_deg: float = math.nan

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


def with_rom_differences(
    results: Sequence[ClipResult], reference: str = REFERENCE_BACKEND
) -> list[ClipResult]:
    """Fill ``rom_diff_deg`` of every result against the reference backend on the same clip."""
    peaks = {r.clip: r.rep_peak_rom_deg for r in results if r.backend == reference}
    out = []
    for r in results:
        ref = peaks.get(r.clip)
        diff = math.nan
        if r.backend != reference and ref is not None and len(ref) == len(r.rep_peak_rom_deg):
            gaps = [abs(a - b) for a, b in zip(r.rep_peak_rom_deg, ref, strict=True)]
            diff = max(gaps, default=math.nan)
        out.append(replace(r, rom_diff_deg=diff))
    return out


def cues_in_windows(report: ExerciseReport, windows_s: Sequence[tuple[float, float]]) -> int:
    """Cues (form rules and partial-rep cues alike) raised inside any of ``windows_s``."""
    return sum(
        any(lo * 1000.0 <= cue.timestamp_ms <= hi * 1000.0 for lo, hi in windows_s)
        for cue in report.cues
    )


def rep_peak_angles(report: ExerciseReport, rising: bool) -> tuple[float, ...]:
    """The ROM measurement's angle at each completed rep's peak (NaN where unmeasured)."""
    return tuple(r.rom_max_deg if rising else r.rom_min_deg for r in report.reps)


def run_clip(clip: LabelledClip, backend: str, media: Path) -> ClipResult:
    """Analyse one clip with one backend through the same path as ``coach analyze``."""
    from coach.exercises.library import load_library
    from coach.session.offline import build_trackers, run_analysis

    library = load_library()
    trackers = build_trackers(library, clip.exercise, None)
    report = run_analysis(media / clip.path, trackers, backend)
    result = report.exercises[0]
    rep = library.exercise(clip.exercise).rep
    return ClipResult(
        clip=clip.path,
        backend=backend,
        expected_reps=clip.reps,
        counted_reps=result.reps_completed,
        expected_partial=clip.partial_reps,
        counted_partial=result.partial_reps,
        cues_while_idle=cues_in_windows(result, clip.idle_windows_s),
        rep_peak_rom_deg=rep_peak_angles(result, rep is None or rep.increasing),
    )
