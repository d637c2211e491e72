"""Golden test on the real push-up clip (side view, backlit, 320x240): 6 push-ups, no partial
rep, and no cue while the man walks in (0-5.3 s) or gets up and walks off (48.6-51.5 s), on
MoveNet Lightning and BlazePose full alike, whose rep-peak elbow angles agree within 5 degrees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.bench.accuracy import cues_in_windows, rep_peak_angles
from coach.exercises.library import load_library
from coach.session.offline import build_trackers, run_analysis
from coach.session.report import ExerciseReport
from tests.support.resources import require

CLIP = "commons/push_up_side.webm"
IDLE_WINDOWS_S = ((0.0, 5.3), (48.6, 51.5))
#: Labelled bottoms of the six push-ups (media/README.md), seconds.
BOTTOMS_S = ((6.3, 7.3), (14.3, 15.5), (22.3, 23.5), (30.5, 31.8), (38.3, 39.5), (46.3, 47.5))
#: How far a detected peak may sit outside a labelled bottom (the labels are by eye).
PEAK_TOLERANCE_S = 0.4
#: Largest accepted difference of rep-peak angles between two backends (issue 10).
ROM_AGREEMENT_DEG = 5.0
BACKENDS = ("movenet-lightning", "blazepose-full")

_reports: dict[str, ExerciseReport] = {}


@pytest.fixture(scope="module")
def push_up_clip(shared_media: Path) -> Path:
    path = shared_media / CLIP
    require(path.is_file(), f"{path} is missing")
    return path


def _report(clip: Path, backend: str) -> ExerciseReport:
    """The push-up report of ``backend`` (analysed once per test session)."""
    if backend not in _reports:
        from coach.pose import create_detector

        try:
            create_detector(backend).close()
        except Exception as exc:  # model missing on this machine
            require(False, f"{backend} unavailable: {exc}")
        trackers = build_trackers(load_library(), "push_up", None)
        _reports[backend] = run_analysis(clip, trackers, backend, threads=1).exercises[0]
    return _reports[backend]


@pytest.mark.shared
@pytest.mark.models
@pytest.mark.parametrize("backend", BACKENDS)
def test_six_push_ups_no_partials_and_no_cue_while_getting_into_or_out_of_position(
    push_up_clip: Path, backend: str
) -> None:
    report = _report(push_up_clip, backend)
    assert (report.reps_completed, report.partial_reps) == (6, 0)
    assert cues_in_windows(report, IDLE_WINDOWS_S) == 0
    for rep, (low_s, high_s) in zip(report.reps, BOTTOMS_S, strict=True):
        assert low_s - PEAK_TOLERANCE_S <= rep.peak_ms / 1000 <= high_s + PEAK_TOLERANCE_S


@pytest.mark.shared
@pytest.mark.models
def test_rep_peak_elbow_angles_agree_between_lightning_and_blazepose_full(
    push_up_clip: Path,
) -> None:
    lightning, blazepose = (rep_peak_angles(_report(push_up_clip, b), True) for b in BACKENDS)
    assert len(lightning) == len(blazepose) == 6
    gaps = [abs(a - b) for a, b in zip(lightning, blazepose, strict=True)]
    assert max(gaps) <= ROM_AGREEMENT_DEG, gaps
