"""MultiPose MoveNet on real frames: letterboxing, decoding, stable track ids."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from coach.bench.frames import VideoFrame
from coach.pose import create_detector
from coach.pose.movenet.multipose import MoveNetMultiPoseDetector
from tests.support.resources import TFJS_FRAME_STEP_MS, require_model

pytestmark = pytest.mark.models  # every test here runs a pose model


@pytest.fixture()
def multipose() -> MoveNetMultiPoseDetector:
    require_model("movenet-multipose")
    detector = create_detector("movenet-multipose")
    assert isinstance(detector, MoveNetMultiPoseDetector)
    return detector


def test_one_dancer_keeps_one_id_through_the_clip(
    multipose: MoveNetMultiPoseDetector, pose1_frames: list[VideoFrame]
) -> None:
    ids: set[int] = set()
    found = 0
    for i, frame in enumerate(pose1_frames):
        poses = multipose.estimate(frame.rgb, i * TFJS_FRAME_STEP_MS)
        assert len(poses) <= 1
        if poses:
            found += 1
            ids.add(poses[0].id)
    assert found >= 0.9 * len(pose1_frames)
    assert ids == {1}


def test_two_people_side_by_side_keep_distinct_stable_ids(
    multipose: MoveNetMultiPoseDetector, pose1_frames: list[VideoFrame]
) -> None:
    per_frame = []
    for i, frame in enumerate(pose1_frames[:40:2]):
        pair = np.ascontiguousarray(np.concatenate([frame.rgb, frame.rgb[:, ::-1]], axis=1))
        poses = multipose.estimate(pair, i * 2 * TFJS_FRAME_STEP_MS)
        assert len(poses) == 2
        left_first = sorted(poses, key=lambda p: p.xy("nose")[0])
        per_frame.append(tuple(p.id for p in left_first))
    assert len(set(per_frame)) == 1  # the same id stays on the same side every frame
    assert len(set(per_frame[0])) == 2


def test_portrait_frames_map_back_to_image_pixels(
    multipose: MoveNetMultiPoseDetector, squat_frames: list[VideoFrame]
) -> None:
    frame = squat_frames[0].rgb  # 720×1280, padded on the right to a square
    (pose,) = multipose.estimate(frame, 0.0)
    confident = pose.keypoints[pose.keypoints[:, 2] > 0.3]
    assert len(confident) >= 12
    assert np.all((confident[:, 0] >= 0) & (confident[:, 0] <= 720))
    assert np.all((confident[:, 1] >= 0) & (confident[:, 1] <= 1280))
    assert pose.box is not None and pose.box.x_max <= 730 and pose.box.height > 500


def test_a_gray_frame_gives_no_poses_and_reset_forgets_tracks(
    multipose: MoveNetMultiPoseDetector,
    gray_frame: npt.NDArray[np.uint8],
    pose1_frames: list[VideoFrame],
) -> None:
    assert multipose.estimate(gray_frame, 0.0) == []
    assert multipose.estimate(pose1_frames[0].rgb, 40.0)[0].id == 1
    multipose.reset()
    assert multipose.estimate(pose1_frames[0].rgb, 0.0)[0].id == 2  # ids are never reused


def test_tflite_and_savedmodel_multipose_agree_on_a_real_frame(
    multipose: MoveNetMultiPoseDetector, still_photo: npt.NDArray[np.uint8]
) -> None:
    savedmodel = create_detector("movenet-multipose", runtime="savedmodel", enable_tracking=False)
    (a,) = multipose.estimate(still_photo, 0.0)
    (b,) = savedmodel.estimate(still_photo, 0.0)
    # Pixels = normalised output × 1000 px (the photo's long side): 1e-3 → 1 px.
    np.testing.assert_allclose(a.keypoints[:, :2], b.keypoints[:, :2], atol=1.0)
    np.testing.assert_allclose(a.keypoints[:, 2], b.keypoints[:, 2], atol=1e-3)
