"""MoveNet smart crop: region rules on scripted keypoints, and crop_and_resize vs TensorFlow."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from coach.bench.frames import VideoFrame
from coach.pose.cropping import (
    BODY_EXPANSION_RATIO,
    TORSO_EXPANSION_RATIO,
    CropRegion,
    crop_and_resize,
    initial_crop_region,
    next_crop_region,
    torso_visible,
)
from coach.pose.keypoints import COCO17_NAMES

INDEX = {name: i for i, name in enumerate(COCO17_NAMES)}
#: Most gray levels a cv2 bilinear sample may differ from TensorFlow's (fixed-point weights).
MAX_GRAY_LEVEL_DIFF = 2


def standing_person(score: float = 0.9) -> npt.NDArray[np.float32]:
    """COCO keypoints of an upright person centred at x=300 px, hips at y=400 px."""
    keypoints = np.zeros((17, 3), dtype=np.float32)
    layout = {
        "nose": (300, 200), "left_eye": (305, 195), "right_eye": (295, 195),
        "left_ear": (310, 198), "right_ear": (290, 198),
        "left_shoulder": (330, 260), "right_shoulder": (270, 260),
        "left_elbow": (340, 330), "right_elbow": (260, 330),
        "left_wrist": (345, 390), "right_wrist": (255, 390),
        "left_hip": (320, 400), "right_hip": (280, 400),
        "left_knee": (322, 500), "right_knee": (278, 500),
        "left_ankle": (324, 590), "right_ankle": (276, 590),
    }  # fmt: skip
    for name, (x, y) in layout.items():
        keypoints[INDEX[name]] = (x, y, score)
    return keypoints


def test_first_frame_crop_is_the_centred_square_of_the_short_side() -> None:
    region = initial_crop_region(1280, 720, first_frame=True)
    assert (region.x_min, region.y_min, region.x_max, region.y_max) == (280, 0, 1000, 720)


def test_fallback_crop_is_the_whole_frame_padded_to_a_square() -> None:
    region = initial_crop_region(720, 1280, first_frame=False)
    assert (region.x_min, region.y_min, region.x_max, region.y_max) == (-280, 0, 1000, 1280)


def test_crop_is_a_square_centred_on_the_hips_sized_by_the_body() -> None:
    keypoints = standing_person()
    region = next_crop_region(keypoints, 1280, 1280)
    assert region.width == pytest.approx(region.height)
    assert ((region.x_min + region.x_max) / 2, (region.y_min + region.y_max) / 2) == (300, 400)
    # Farthest seen keypoint from the hip centre is the ankles, 190 px below.
    expected_half = max(TORSO_EXPANSION_RATIO * 140, BODY_EXPANSION_RATIO * 200)
    assert region.width / 2 == pytest.approx(expected_half)


def test_low_score_keypoints_do_not_enlarge_the_crop() -> None:
    keypoints = standing_person()
    keypoints[INDEX["left_wrist"]] = (1200, 100, 0.1)
    baseline = next_crop_region(standing_person(), 1280, 1280)
    assert next_crop_region(keypoints, 1280, 1280) == baseline


def test_lost_torso_falls_back_to_the_padded_full_frame() -> None:
    keypoints = standing_person()
    keypoints[[INDEX["left_hip"], INDEX["right_hip"]], 2] = 0.1
    assert not torso_visible(keypoints)
    assert next_crop_region(keypoints, 640, 480) == initial_crop_region(640, 480, False)


def test_crop_larger_than_the_frame_falls_back_to_the_padded_full_frame() -> None:
    keypoints = standing_person()
    assert next_crop_region(keypoints, 500, 400) == initial_crop_region(500, 400, False)


def test_crop_around_a_centred_large_person_is_capped_to_the_frame() -> None:
    keypoints = standing_person()
    hips = np.array([300.0, 400.0])
    keypoints[:, :2] = (keypoints[:, :2] - hips) * 1.5 + [300.0, 300.0]  # torso half 399 px
    region = next_crop_region(keypoints, 600, 600)
    assert (region.x_min, region.y_min, region.x_max, region.y_max) == (0, 0, 600, 600)


def test_crop_and_resize_matches_tensorflow_crop_and_resize(
    pose1_frames: list[VideoFrame],
) -> None:
    import tensorflow as tf

    frame = pose1_frames[30].rgb
    height, width = frame.shape[:2]
    out = np.empty((192, 192, 3), dtype=np.uint8)
    for region in (CropRegion(100.5, 40.0, 420.5, 360.0), CropRegion(-50.0, 300.0, 350.0, 700.0)):
        crop_and_resize(frame, region, out)
        box = [[region.y_min / height, region.x_min / width,
                region.y_max / height, region.x_max / width]]  # fmt: skip
        expected = tf.image.crop_and_resize(
            frame[None].astype(np.float32), box, [0], (192, 192), "bilinear", 0.0
        )[0].numpy()
        # p99: along the frame edge cv2 blends the last pixel row with black, TF does not.
        diff = np.abs(out.astype(np.float32) - expected)
        assert np.percentile(diff, 99) <= MAX_GRAY_LEVEL_DIFF
    assert np.all(out[:, :20] == 0) and np.all(out[-20:] == 0)  # outside the frame: black
