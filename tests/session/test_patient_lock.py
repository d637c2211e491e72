"""Patient lock on scripted poses: chosen once, followed by identity, never swapped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coach.exercises.library import load_library
from coach.pose.keypoints import COCO17_NAMES
from coach.pose.types import Pose
from coach.session.offline import build_trackers, run_analysis
from coach.session.patient import RELOCK_AFTER_MS, PatientLock, PatientStatus
from tests.analysis.synthetic import Figure, figure_pose
from tests.support.resources import require
from tests.support.two_person import squat_beside_dancer

FRAME_WIDTH_PX = 1120  # the scripted figure stands at x 490..630, centred at 560


def _person(dx: float = 0.0, score: float = 0.8, track_id: int = 0, scale: float = 1.0,
            upper_body_only: bool = False) -> Pose:  # fmt: skip
    pose = figure_pose(Figure(), score=score, names=COCO17_NAMES, scale=scale)
    keypoints = pose.keypoints.copy()
    keypoints[:, 0] += dx
    if upper_body_only:
        for name in ("left_knee", "right_knee", "left_ankle", "right_ankle"):
            keypoints[COCO17_NAMES.index(name), 2] = 0.05
    return Pose(keypoints, COCO17_NAMES, score, id=track_id)


def _x(pose: Pose | None) -> float:
    assert pose is not None
    return float(np.median(pose.keypoints[:, 0]))


def test_the_central_full_body_person_is_chosen_and_kept_when_another_is_more_confident() -> None:
    lock = PatientLock()
    patient, dancer = _person(), _person(dx=420, score=0.95)
    assert _x(lock.select([dancer, patient], 0.0, FRAME_WIDTH_PX)) == _x(patient)
    for t in range(1, 30):  # the dancer stays more confident, and later comes close
        dancer = _person(dx=420 - 8 * t, score=0.97)
        assert _x(lock.select([dancer, _person()], t * 33.0, FRAME_WIDTH_PX)) == _x(patient)
    assert lock.status is PatientStatus.FOLLOWING


def test_nobody_is_chosen_while_nobody_is_fully_in_view() -> None:
    lock = PatientLock()
    half = _person(upper_body_only=True)
    assert lock.select([half], 0.0, FRAME_WIDTH_PX) is None
    assert lock.status is PatientStatus.SEARCHING and not lock.locked
    # An arm exercise filmed from the waist up: after two seconds the upper body will do.
    assert lock.select([half], 2500.0, FRAME_WIDTH_PX) is not None


def test_a_single_pose_that_jumps_to_someone_else_is_refused_until_the_patient_is_back() -> None:
    lock = PatientLock()
    lock.select([_person()], 0.0, FRAME_WIDTH_PX)
    assert lock.select([_person(dx=450)], 33.0, FRAME_WIDTH_PX) is None
    assert lock.status is PatientStatus.HIDDEN
    assert _x(lock.select([_person(dx=10)], 66.0, FRAME_WIDTH_PX)) == _x(_person(dx=10))


def test_multipose_follows_the_track_id_and_never_takes_someone_known_to_be_another() -> None:
    lock = PatientLock()
    lock.select([_person(track_id=1), _person(dx=400, track_id=2)], 0.0, FRAME_WIDTH_PX)
    # The other person walks right behind the patient, who is hidden for a frame.
    assert lock.select([_person(dx=5, track_id=2)], 33.0, FRAME_WIDTH_PX) is None
    seen = lock.select([_person(dx=5, track_id=2), _person(track_id=1)], 66.0, FRAME_WIDTH_PX)
    assert seen is not None and seen.id == 1


def test_after_a_long_absence_a_person_of_the_patients_size_is_taken_as_them() -> None:
    lock = PatientLock()
    lock.select([_person()], 0.0, FRAME_WIDTH_PX)
    back_ms = RELOCK_AFTER_MS + 100.0
    assert lock.select([_person(dx=-400, scale=0.5)], back_ms, FRAME_WIDTH_PX) is None  # a child
    assert lock.select([_person(dx=-400)], back_ms + 33.0, FRAME_WIDTH_PX) is not None


ALL_BACKENDS = (
    "movenet-lightning", "movenet-thunder", "movenet-multipose", "blazepose-lite", "blazepose-full"
)  # fmt: skip


@pytest.fixture(scope="module")
def two_person_clip(tfjs_media: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return squat_beside_dancer(tfjs_media, tmp_path_factory.mktemp("clips") / "two.mp4")


@pytest.mark.shared
@pytest.mark.models
@pytest.mark.parametrize("backend", ALL_BACKENDS)
def test_a_dancer_beside_the_patient_changes_no_count_on_any_backend(
    two_person_clip: Path, backend: str
) -> None:
    from coach.pose import create_detector

    try:
        create_detector(backend).close()
    except Exception as exc:  # model missing on this machine
        require(False, f"{backend} unavailable: {exc}")
    trackers = build_trackers(load_library(), "squat", None)
    squat = run_analysis(two_person_clip, trackers, backend, threads=1).exercises[0]
    # The same answer as the single-person clip: 2 squats and the unfinished third.
    assert (squat.reps_completed, squat.partial_reps) == (2, 1)
    assert [p.reason for p in squat.partials] == ["not_returned"]
