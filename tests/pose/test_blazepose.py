"""BlazePose through MediaPipe: 33 named landmarks, COCO-17 by name, lifecycle, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from coach.bench.frames import VideoFrame
from coach.pose import COCO17_NAMES, create_detector
from coach.pose.blazepose.constants import BLAZEPOSE33_NAMES, BLAZEPOSE_TO_COCO17_ROWS
from coach.pose.models import registry
from coach.pose.models.registry import ModelNotInstalledError
from tests.support.pose_checks import assert_upright_person
from tests.support.resources import require_model

pytestmark = pytest.mark.models  # every test here runs a pose model


def test_every_coco_name_is_a_blazepose_name_and_maps_by_name() -> None:
    assert len(BLAZEPOSE33_NAMES) == 33 == len(set(BLAZEPOSE33_NAMES))
    assert [BLAZEPOSE33_NAMES[i] for i in BLAZEPOSE_TO_COCO17_ROWS] == list(COCO17_NAMES)


def test_still_photo_gives_33_landmarks_world_points_and_a_coco_view(
    still_photo: npt.NDArray[np.uint8],
) -> None:
    with create_detector("blazepose-full", static_image_mode=True) as detector:
        (pose,) = detector.estimate(still_photo, 0.0)
    assert pose.names == BLAZEPOSE33_NAMES and pose.keypoints.shape == (33, 3)
    assert pose.world_keypoints is not None and pose.world_keypoints.shape == (33, 3)
    # World landmarks are metres around the hips: a person spans well under 3 m.
    assert np.ptp(pose.world_keypoints[:, :2], axis=0).max() < 3.0
    coco = pose.coco17()
    assert coco.names == COCO17_NAMES
    np.testing.assert_array_equal(coco.keypoints[5], pose.keypoints[pose.index_of("left_shoulder")])
    assert_upright_person(coco.keypoints, still_photo.shape[1], still_photo.shape[0])
    heel_y = pose.xy("left_heel")[1]
    assert heel_y > pose.xy("left_knee")[1]  # BlazePose-only points stay available by name


def test_video_mode_tracks_with_real_timestamps_and_resets(
    squat_frames: list[VideoFrame],
) -> None:
    with create_detector("blazepose-full") as detector:
        for frame in squat_frames[:5]:
            poses = detector.estimate(frame.rgb, frame.timestamp_ms)
            assert len(poses) == 1 and 0.0 < poses[0].score <= 1.0
        with pytest.raises(ValueError, match="went backwards"):
            detector.estimate(squat_frames[0].rgb, 0.0)
        detector.reset()
        assert len(detector.estimate(squat_frames[0].rgb, 0.0)) == 1
        # Equal timestamps are legal for the contract; MediaPipe needs them distinct.
        assert len(detector.estimate(squat_frames[1].rgb, 0.0)) == 1


def test_a_gray_frame_gives_an_empty_list(gray_frame: npt.NDArray[np.uint8]) -> None:
    with create_detector("blazepose-full") as detector:
        assert detector.estimate(gray_frame, 0.0) == []


def test_closed_detector_refuses_frames(gray_frame: npt.NDArray[np.uint8]) -> None:
    detector = create_detector("blazepose-full")
    detector.close()
    detector.close()  # idempotent
    with pytest.raises(ValueError, match="closed"):
        detector.estimate(gray_frame, 0.0)


def test_missing_lite_model_tells_the_user_to_fetch_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(registry, "mediapipe_modules_dir", lambda: tmp_path)
    with pytest.raises(ModelNotInstalledError, match="coach models fetch blazepose-lite"):
        create_detector("blazepose-lite")


@pytest.mark.parametrize("name", ["blazepose-lite", "blazepose-heavy"])
def test_lite_and_heavy_variants_find_the_person_in_the_still_photo(
    name: str, still_photo: npt.NDArray[np.uint8]
) -> None:
    require_model(name)
    with create_detector(name, static_image_mode=True) as detector:
        (pose,) = detector.estimate(still_photo, 0.0)
    assert_upright_person(pose.coco17().keypoints, still_photo.shape[1], still_photo.shape[0])
