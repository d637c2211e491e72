"""Camera set-up check on real BlazePose keypoints of the TF.js squat clip (front view)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coach.live.camera_check import CameraView, ProblemCode, check_camera, plain_part_name
from coach.pose.blazepose.constants import BLAZEPOSE33_NAMES
from coach.pose.types import Pose

SQUAT_KEYPOINTS = ("left_hip", "left_knee", "left_ankle", "right_hip", "right_knee", "right_ankle")
CLIP_WIDTH_PX, CLIP_HEIGHT_PX = 720, 1280


@pytest.fixture(scope="module")
def standing_pose(tfjs_media: Path) -> Pose:
    """Frame 0 of pose_squats.mp4: the woman stands facing the camera, whole body in view."""
    frames = json.loads((tfjs_media / "pose_squats.full.json").read_text())
    xyz = np.asarray(frames[0], dtype=np.float32)
    keypoints = np.column_stack([xyz[:, :2], np.ones(len(xyz), np.float32)])
    return Pose(keypoints=keypoints, names=BLAZEPOSE33_NAMES, score=1.0)


def _codes(pose: Pose | None, width: int, height: int, view: str) -> list[ProblemCode]:
    check = check_camera(pose, width, height, view, SQUAT_KEYPOINTS)
    return [problem.code for problem in check.problems]


def test_whole_body_facing_the_camera_is_ready_for_a_front_view_exercise(
    standing_pose: Pose,
) -> None:
    check = check_camera(standing_pose, CLIP_WIDTH_PX, CLIP_HEIGHT_PX, "front", SQUAT_KEYPOINTS)
    assert check.ok, check.message
    assert "ready" in check.message


def test_no_person_asks_the_patient_to_stand_in_front_of_the_camera() -> None:
    assert _codes(None, 640, 480, "front") == [ProblemCode.NOBODY]


def test_feet_below_the_frame_edge_are_named_and_the_patient_is_told_to_step_back(
    standing_pose: Pose,
) -> None:
    ankles_y = max(standing_pose.xy("left_ankle")[1], standing_pose.xy("right_ankle")[1])
    cropped_height = int(ankles_y) - 40  # the camera tilted up: the feet leave the picture
    check = check_camera(standing_pose, CLIP_WIDTH_PX, cropped_height, "front", SQUAT_KEYPOINTS)
    codes = [problem.code for problem in check.problems]
    assert codes[:2] == [ProblemCode.PARTS_OUT_OF_VIEW, ProblemCode.TOO_CLOSE]
    assert "feet" in check.message and "knees" not in check.message


def test_a_small_far_away_person_is_asked_to_come_closer(standing_pose: Pose) -> None:
    far = standing_pose.keypoints.copy()
    far[:, :2] *= 0.25  # the same body seen four times farther away
    pose = Pose(keypoints=far, names=standing_pose.names, score=1.0)
    assert _codes(pose, CLIP_WIDTH_PX, CLIP_HEIGHT_PX, "front") == [ProblemCode.TOO_FAR]


def test_facing_the_camera_for_a_side_view_exercise_asks_to_turn_sideways(
    standing_pose: Pose,
) -> None:
    assert _codes(standing_pose, CLIP_WIDTH_PX, CLIP_HEIGHT_PX, "side") == [
        ProblemCode.TURN_SIDEWAYS
    ]


def test_low_confidence_keypoints_count_as_not_seen(standing_pose: Pose) -> None:
    blurred = standing_pose.keypoints.copy()
    blurred[standing_pose.index_of("left_knee"), 2] = 0.05
    pose = Pose(keypoints=blurred, names=standing_pose.names, score=1.0)
    check = check_camera(pose, CLIP_WIDTH_PX, CLIP_HEIGHT_PX, CameraView.FRONT, SQUAT_KEYPOINTS)
    assert [p.code for p in check.problems] == [ProblemCode.PARTS_OUT_OF_VIEW]
    assert "knees" in check.message


def test_keypoint_names_become_everyday_words() -> None:
    assert [plain_part_name(n) for n in ("left_ankle", "nose", "right_wrist", "left_hip")] == [
        "feet", "head", "hands", "hips",
    ]  # fmt: skip


def test_an_unknown_view_or_empty_frame_is_refused(standing_pose: Pose) -> None:
    with pytest.raises(ValueError, match="'top' is not a valid CameraView"):
        check_camera(standing_pose, 640, 480, "top", SQUAT_KEYPOINTS)
    with pytest.raises(ValueError, match="frame size must be positive"):
        check_camera(standing_pose, 0, 480, "front", SQUAT_KEYPOINTS)


def test_points_a_coco17_backend_never_produces_are_not_asked_for(standing_pose: Pose) -> None:
    # A heel raise measures foot angle from BlazePose's heel and toe when it has them; on a
    # COCO-17 backend (MoveNet) those points do not exist, and the patient must not be told
    # their feet are out of view when the ankles are plainly seen.
    heel_raise_points = (
        "left_ankle",
        "right_ankle",
        "left_knee",
        "right_knee",
        "left_heel",
        "right_heel",
        "left_foot_index",
        "right_foot_index",
    )
    coco = standing_pose.coco17()
    check = check_camera(coco, CLIP_WIDTH_PX, CLIP_HEIGHT_PX, "front", heel_raise_points)
    assert ProblemCode.PARTS_OUT_OF_VIEW not in [p.code for p in check.problems], check.message
    # ...while on BlazePose the same heel, when unseen, is still reported.
    hidden = standing_pose.keypoints.copy()
    hidden[standing_pose.index_of("left_heel"), 2] = 0.0
    blaze = Pose(keypoints=hidden, names=standing_pose.names, score=1.0)
    check = check_camera(blaze, CLIP_WIDTH_PX, CLIP_HEIGHT_PX, "front", heel_raise_points)
    assert ProblemCode.PARTS_OUT_OF_VIEW in [p.code for p in check.problems]
