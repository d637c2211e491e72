"""Track-id assignment for MultiPose (pure math on scripted detections)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from coach.pose.movenet.tracker import PoseTracker, Track, box_iou, keypoint_oks
from coach.pose.types import Box


def person_at(x: float, y: float, size: float = 100.0) -> tuple[npt.NDArray[np.float32], Box]:
    """17 confident keypoints spread over a ``size`` square whose corner is at ``(x, y)``."""
    grid = np.linspace(0.0, 1.0, 17)
    keypoints = np.stack([x + grid * size, y + grid[::-1] * size, np.full(17, 0.9)], axis=1)
    return keypoints.astype(np.float32), Box(x, y, x + size, y + size)


def test_box_iou_of_identical_disjoint_and_half_overlapping_boxes() -> None:
    a = Box(0, 0, 10, 10)
    assert box_iou(a, a) == 1.0
    assert box_iou(a, Box(20, 20, 30, 30)) == 0.0
    assert box_iou(a, Box(5, 0, 15, 10)) == pytest.approx(50 / 150)


def test_oks_is_one_for_the_same_keypoints_and_falls_with_distance() -> None:
    keypoints, box = person_at(0, 0)
    track = Track(1, 0.0, keypoints, box)
    assert keypoint_oks(keypoints, track) == pytest.approx(1.0)
    moved = keypoints.copy()
    moved[:, 0] += 20
    assert 0.0 < keypoint_oks(moved, track) < 0.5


def test_oks_needs_four_confident_keypoints() -> None:
    keypoints, box = person_at(0, 0)
    faint = keypoints.copy()
    faint[3:, 2] = 0.1
    assert keypoint_oks(faint, Track(1, 0.0, keypoints, box)) == 0.0


@pytest.mark.parametrize("similarity", ["bounding_box", "keypoint"])
def test_ids_follow_two_people_who_swap_detection_order(similarity: str) -> None:
    tracker = PoseTracker(similarity, min_similarity=0.15, max_age_ms=1000.0)  # type: ignore[arg-type]
    left, right = person_at(0, 0), person_at(300, 0)
    first = tracker.assign([left, right], 0.0)
    moved_left, moved_right = person_at(5, 2), person_at(303, 1)
    second = tracker.assign([moved_right, moved_left], 33.0)
    assert first == [1, 2]
    assert second == [2, 1]


def test_a_new_person_gets_a_new_id_and_stale_tracks_expire() -> None:
    tracker = PoseTracker("bounding_box", min_similarity=0.15, max_age_ms=100.0)
    assert tracker.assign([person_at(0, 0)], 0.0) == [1]
    assert tracker.assign([person_at(0, 0), person_at(500, 0)], 50.0) == [1, 2]
    assert tracker.assign([person_at(500, 0)], 120.0) == [2]
    assert tracker.assign([person_at(0, 0)], 260.0) == [3]  # track 1 unseen for 260 ms
    assert tracker.track_ids == {3}


def test_reset_forgets_tracks_without_reusing_ids() -> None:
    tracker = PoseTracker("bounding_box", min_similarity=0.15, max_age_ms=1000.0)
    tracker.assign([person_at(0, 0)], 0.0)
    tracker.reset()
    assert tracker.track_ids == set()
    assert tracker.assign([person_at(0, 0)], 10.0) == [2]
