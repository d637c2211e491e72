"""Single-pose MoveNet on real frames: contract, misuse, crop/filter state, both runtimes."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from coach.bench.frames import VideoFrame
from coach.pose import COCO17_NAMES, create_detector
from coach.pose.cropping import crop_and_resize
from coach.pose.movenet.single import MoveNetSinglePoseDetector
from tests.support.pose_checks import assert_upright_person
from tests.support.resources import TFJS_FRAME_STEP_MS, require_model

#: Largest difference allowed between TFLite and SavedModel outputs (normalised units).
RUNTIME_AGREEMENT_TOLERANCE = 1e-3

pytestmark = pytest.mark.models  # every test here runs a pose model


@pytest.fixture()
def lightning() -> MoveNetSinglePoseDetector:
    require_model("movenet-lightning")
    detector = create_detector("movenet-lightning")
    assert isinstance(detector, MoveNetSinglePoseDetector)
    return detector


def run_clip(detector: MoveNetSinglePoseDetector, frames: list[VideoFrame]) -> list[int]:
    counts = []
    for i, frame in enumerate(frames):
        counts.append(len(detector.estimate(frame.rgb, i * TFJS_FRAME_STEP_MS)))
    return counts


def test_a_frame_gives_one_coco_pose_in_image_pixels(
    lightning: MoveNetSinglePoseDetector, pose1_frames: list[VideoFrame]
) -> None:
    (pose,) = lightning.estimate(pose1_frames[0].rgb, 0.0)
    assert pose.names == COCO17_NAMES and pose.keypoints.shape == (17, 3)
    assert pose.keypoints.dtype == np.float32 and pose.id == 0
    assert 0.25 <= pose.score <= 1.0
    assert np.all((pose.keypoints[:, :2] >= 0) & (pose.keypoints[:, :2] <= 576))
    assert pose.box is not None and pose.box.width > 50 and pose.box.height > 100


def test_a_gray_frame_with_nobody_gives_an_empty_list(
    lightning: MoveNetSinglePoseDetector, gray_frame: npt.NDArray[np.uint8]
) -> None:
    assert lightning.estimate(gray_frame, 0.0) == []
    assert lightning.crop_region is None  # a lost pose restarts the crop


def test_misuse_raises_clear_errors(
    lightning: MoveNetSinglePoseDetector, gray_frame: npt.NDArray[np.uint8]
) -> None:
    with pytest.raises(ValueError, match="uint8"):
        lightning.estimate(gray_frame.astype(np.float32), 0.0)
    with pytest.raises(ValueError, match="H×W×3"):
        lightning.estimate(gray_frame[:, :, 0], 0.0)
    lightning.estimate(gray_frame, 100.0)
    with pytest.raises(ValueError, match="went backwards"):
        lightning.estimate(gray_frame, 50.0)
    lightning.close()
    with pytest.raises(ValueError, match="closed"):
        lightning.estimate(gray_frame, 200.0)


def test_the_crop_follows_the_person_and_reset_clears_it(
    lightning: MoveNetSinglePoseDetector, pose1_frames: list[VideoFrame]
) -> None:
    run_clip(lightning, pose1_frames[:10])
    region = lightning.crop_region
    assert region is not None
    assert region.width == pytest.approx(region.height)
    assert region.width < 576  # tighter than the whole frame once the person is found
    lightning.reset()
    assert lightning.crop_region is None
    lightning.estimate(pose1_frames[0].rgb, 0.0)  # timestamps may restart after reset


def test_reset_restarts_smoothing_so_results_repeat_exactly(
    lightning: MoveNetSinglePoseDetector, pose1_frames: list[VideoFrame]
) -> None:
    def last_pose() -> npt.NDArray[np.float32]:
        for i, frame in enumerate(pose1_frames[:8]):
            poses = lightning.estimate(frame.rgb, i * TFJS_FRAME_STEP_MS)
        return poses[0].keypoints

    first = last_pose()
    lightning.reset()
    np.testing.assert_array_equal(last_pose(), first)


def test_cropping_and_smoothing_can_be_switched_off(pose1_frames: list[VideoFrame]) -> None:
    require_model("movenet-lightning")
    plain = create_detector("movenet-lightning", enable_cropping=False, enable_smoothing=False)
    assert isinstance(plain, MoveNetSinglePoseDetector)
    a = plain.estimate(pose1_frames[5].rgb, 0.0)[0].keypoints
    plain.reset()
    b = plain.estimate(pose1_frames[5].rgb, 0.0)[0].keypoints
    assert plain.crop_region is None
    np.testing.assert_array_equal(a, b)  # stateless: same frame, same answer


def test_tflite_and_savedmodel_runtimes_agree_on_real_frames(
    pose1_frames: list[VideoFrame],
) -> None:
    require_model("movenet-lightning")
    tflite = create_detector("movenet-lightning")
    savedmodel = create_detector("movenet-lightning", runtime="savedmodel")
    assert isinstance(tflite, MoveNetSinglePoseDetector)
    assert isinstance(savedmodel, MoveNetSinglePoseDetector)
    image = np.empty((192, 192, 3), dtype=np.uint8)
    worst = 0.0
    for i, frame in enumerate(pose1_frames[::12]):
        tflite.estimate(frame.rgb, i * TFJS_FRAME_STEP_MS)  # advances the crop
        region = tflite.crop_region
        assert region is not None
        crop_and_resize(frame.rgb, region, image)
        a, b = tflite.runtime.run(image), savedmodel.runtime.run(image)
        assert a.shape == b.shape == (1, 1, 17, 3)
        worst = max(worst, float(np.abs(a - b).max()))
    assert worst <= RUNTIME_AGREEMENT_TOLERANCE


def test_thunder_finds_the_person_in_the_still_photo(
    still_photo: npt.NDArray[np.uint8],
) -> None:
    require_model("movenet-thunder")
    with create_detector("movenet-thunder") as thunder:
        (pose,) = thunder.estimate(still_photo, 0.0)
    assert_upright_person(pose.keypoints, still_photo.shape[1], still_photo.shape[0])
