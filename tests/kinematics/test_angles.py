"""Joint and segment angles from synthetic keypoints with known geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coach.kinematics import (
    joint_angle_deg,
    normalised_distance,
    segment_inclination_deg,
    spine_angle_from_vertical_deg,
    symmetry_index_pct,
)
from coach.pose.keypoints import COCO17_NAMES
from coach.pose.types import Pose

ANGLE_TOLERANCE_DEG = 0.01


def _pose(points: dict[str, tuple[float, float]], score: float = 0.9) -> Pose:
    keypoints = np.zeros((17, 3), np.float32)
    for i, name in enumerate(COCO17_NAMES):
        x, y = points.get(name, (0.0, 0.0))
        keypoints[i] = (x, y, score if name in points else 0.0)
    return Pose(keypoints=keypoints, names=COCO17_NAMES, score=score)


@pytest.mark.parametrize("angle_deg", [0.5, 30.0, 45.0, 90.0, 123.4, 179.5])
def test_joint_angle_matches_the_constructed_angle(angle_deg: float) -> None:
    rad = math.radians(angle_deg)
    pose = _pose(
        {
            "left_hip": (500.0, 300.0),
            "left_knee": (500.0, 600.0),
            "left_ankle": (500.0 + 280.0 * math.sin(rad), 600.0 - 280.0 * math.cos(rad)),
        }
    )
    measured = joint_angle_deg(pose, "left_hip", "left_knee", "left_ankle")
    assert measured == pytest.approx(angle_deg, abs=ANGLE_TOLERANCE_DEG)


def test_joint_angle_is_nan_when_a_keypoint_is_below_the_confidence_threshold() -> None:
    points = {"left_hip": (0.0, 0.0), "left_knee": (0.0, 100.0), "left_ankle": (50.0, 200.0)}
    pose = _pose(points)
    keypoints = pose.keypoints.copy()
    keypoints[COCO17_NAMES.index("left_knee"), 2] = 0.29
    weak = Pose(keypoints=keypoints, names=COCO17_NAMES, score=0.9)
    assert math.isnan(joint_angle_deg(weak, "left_hip", "left_knee", "left_ankle"))
    assert not math.isnan(joint_angle_deg(weak, "left_hip", "left_knee", "left_ankle", 0.2))


def test_joint_angle_of_a_keypoint_the_backend_lacks_is_nan() -> None:
    pose = _pose({"left_knee": (0.0, 0.0), "left_ankle": (0.0, 100.0)})
    assert math.isnan(joint_angle_deg(pose, "left_knee", "left_ankle", "left_foot_index"))


def test_angles_use_pixels_so_a_square_corner_stays_square_in_a_wide_frame() -> None:
    # In a 1280x720 frame, normalised coordinates would turn this 45 degree line into ~29 degrees.
    pose = _pose({"left_shoulder": (100.0, 100.0), "left_elbow": (400.0, 400.0)})
    assert segment_inclination_deg(pose, "left_shoulder", "left_elbow", "down") == pytest.approx(
        45.0, abs=ANGLE_TOLERANCE_DEG
    )


@pytest.mark.parametrize(
    ("end", "reference", "expected"),
    [
        ((0.0, -100.0), "up", 0.0),
        ((100.0, 0.0), "up", 90.0),
        ((0.0, 100.0), "up", 180.0),
        ((0.0, 100.0), "down", 0.0),
        ((-100.0, -100.0), "down", 135.0),
        ((100.0, 20.0), "horizontal", math.degrees(math.atan2(20.0, 100.0))),
        ((-100.0, 20.0), "horizontal", math.degrees(math.atan2(20.0, 100.0))),
    ],
)
def test_segment_inclination_against_each_reference(
    end: tuple[float, float], reference: str, expected: float
) -> None:
    pose = _pose({"left_hip": (500.0, 500.0), "left_shoulder": (500.0 + end[0], 500.0 + end[1])})
    measured = segment_inclination_deg(pose, "left_hip", "left_shoulder", reference)  # type: ignore[arg-type]
    assert measured == pytest.approx(expected, abs=ANGLE_TOLERANCE_DEG)


def test_spine_angle_is_zero_upright_and_ninety_lying_down() -> None:
    upright = _pose(
        {"left_hip": (90, 500), "right_hip": (110, 500),
         "left_shoulder": (80, 250), "right_shoulder": (120, 250)}
    )  # fmt: skip
    lying = _pose(
        {"left_hip": (500, 490), "right_hip": (500, 510),
         "left_shoulder": (250, 480), "right_shoulder": (250, 520)}
    )  # fmt: skip
    assert spine_angle_from_vertical_deg(upright) == pytest.approx(0.0, abs=ANGLE_TOLERANCE_DEG)
    assert spine_angle_from_vertical_deg(lying) == pytest.approx(90.0, abs=ANGLE_TOLERANCE_DEG)


def test_distance_is_expressed_in_torso_lengths() -> None:
    pose = _pose(
        {"left_hip": (90, 500), "right_hip": (110, 500), "left_shoulder": (80, 300),
         "right_shoulder": (120, 300), "left_ankle": (0, 900), "right_ankle": (300, 900)}
    )  # fmt: skip
    assert normalised_distance(pose, "left_ankle", "right_ankle") == pytest.approx(1.5)


def test_symmetry_index_is_zero_for_equal_sides_and_nan_without_data() -> None:
    assert symmetry_index_pct(90.0, 90.0) == 0.0
    assert symmetry_index_pct(100.0, 80.0) == pytest.approx(100 * 20 / 90)
    assert math.isnan(symmetry_index_pct(math.nan, 80.0))
