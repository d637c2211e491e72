"""Golden parity with TF.js pose-detection on its own test clips.

TF.js's tests pass when every coordinate is within 60 px (MoveNet, ``pose_1``) or 31 px
(BlazePose full, ``pose_squats``) of these goldens. Frames are fed as TF.js feeds them,
33.333 ms apart (even for the 5 fps squat clip, whose golden was made that way).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from coach.bench.frames import VideoFrame
from coach.pose import COCO17_NAMES, create_detector
from tests.support.resources import TFJS_FRAME_STEP_MS, require_model

MOVENET_TOLERANCE_PX = 60.0
BLAZEPOSE_TOLERANCE_PX = 31.0

pytestmark = pytest.mark.models  # every test here runs a pose model


def report(label: str, errors: npt.NDArray[np.float64]) -> None:
    print(
        f"\n{label}: per-coordinate error median {np.median(errors):.2f} px, "
        f"p95 {np.percentile(errors, 95):.2f} px, max {errors.max():.2f} px"
    )


def test_movenet_lightning_matches_tfjs_on_every_frame_of_pose_1(
    pose1_frames: list[VideoFrame], pose1_golden: npt.NDArray[np.float64]
) -> None:
    require_model("movenet-lightning")
    assert pose1_golden.shape == (len(pose1_frames), 17, 2)
    errors = []
    with create_detector("movenet-lightning") as detector:
        for i, frame in enumerate(pose1_frames):
            (pose,) = detector.estimate(frame.rgb, i * TFJS_FRAME_STEP_MS)
            assert pose.names == COCO17_NAMES
            errors.append(np.abs(pose.keypoints[:, :2] - pose1_golden[i]))
    error = np.stack(errors)
    report("movenet-lightning vs TF.js pose_1.json", error)
    assert error.max() <= MOVENET_TOLERANCE_PX
    assert np.median(error) < 5.0


def test_blazepose_full_matches_tfjs_on_every_frame_of_pose_squats(
    squat_frames: list[VideoFrame], tfjs_media: Path
) -> None:
    require_model("blazepose-full")
    golden = np.array(json.loads((tfjs_media / "pose_squats.full.json").read_text()))
    assert golden.shape == (len(squat_frames), 33, 3)
    errors = []
    with create_detector("blazepose-full") as detector:
        for i, frame in enumerate(squat_frames):
            (pose,) = detector.estimate(frame.rgb, i * TFJS_FRAME_STEP_MS)
            errors.append(np.abs(pose.keypoints[:, :2] - golden[i, :, :2]))
    error = np.stack(errors)
    report("blazepose-full vs TF.js pose_squats.full.json", error)
    assert error.max() <= BLAZEPOSE_TOLERANCE_PX
