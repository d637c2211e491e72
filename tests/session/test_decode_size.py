"""``--decode-short-side``: decode straight to a smaller size, still report source pixels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coach.exercises.library import load_library
from coach.pose import create_detector
from coach.pose.types import Box, Pose
from coach.session.video import analyze_video, decoded_size, iter_video_frames
from tests.support.resources import require_model

#: Lightning on pose_squats.mp4 (720×1280) decoded at 384×682 against full size: measured
#: median 1.7 px, p95 5.8 px, max 25 px per keypoint. The test allows about 2× that.
MEDIAN_KEYPOINT_SHIFT_PX = 4.0
P95_KEYPOINT_SHIFT_PX = 12.0


@pytest.mark.parametrize(
    ("size", "short_side", "expected"),
    [
        ((1280, 720), 384, (682, 384)),
        ((720, 1280), 384, (384, 682)),
        ((1920, 1080), 512, (910, 512)),
        ((320, 240), 384, (320, 240)),  # never upscaled
        ((1280, 720), None, (1280, 720)),
    ],
)
def test_decoded_size_keeps_the_aspect_with_even_sides(
    size: tuple[int, int], short_side: int | None, expected: tuple[int, int]
) -> None:
    assert decoded_size(*size, short_side) == expected


def test_a_scaled_pose_moves_keypoints_and_box_but_keeps_scores() -> None:
    keypoints = np.array([[10.0, 20.0, 0.9], [30.0, 40.0, 0.2]], np.float32)
    pose = Pose(keypoints, ("a", "b"), 0.8, box=Box(10.0, 20.0, 30.0, 40.0))
    scaled = pose.scaled(2.5)
    np.testing.assert_allclose(scaled.keypoints, [[25.0, 50.0, 0.9], [75.0, 100.0, 0.2]])
    assert scaled.box == Box(25.0, 50.0, 75.0, 100.0)
    assert pose.keypoints[0, 0] == 10.0  # the original is untouched
    assert pose.scaled(1.0) is pose


def test_portrait_frames_are_decoded_at_the_smaller_size(tfjs_media: Path) -> None:
    frames = list(iter_video_frames(tfjs_media / "pose_squats.mp4", max_short_side_px=384))
    assert len(frames) == 65
    assert {rgb.shape for _, rgb in frames} == {(682, 384, 3)}


@pytest.mark.models
def test_reduced_decode_counts_the_same_squats_with_poses_in_source_pixels(
    tfjs_media: Path,
) -> None:
    require_model("movenet-lightning")
    squat = load_library().exercise("squat")
    runs = {}
    for side in (None, 384):
        poses: list[Pose | None] = []
        with create_detector("movenet-lightning", num_threads=1) as detector:
            report = analyze_video(
                tfjs_media / "pose_squats.mp4",
                [squat],
                detector,
                on_frame=lambda t, rgb, pose, states, out=poses: out.append(pose),
                max_short_side_px=side,
            )
        runs[side] = (report, poses)
    full, reduced = runs[None][0], runs[384][0]
    assert reduced.exercises[0].reps_completed == full.exercises[0].reps_completed == 2
    assert (reduced.video.width_px, reduced.video.height_px) == (720, 1280)
    shifts = np.concatenate(
        [
            np.linalg.norm(a.keypoints[:, :2] - b.keypoints[:, :2], axis=1)
            for a, b in zip(runs[None][1], runs[384][1], strict=True)
            if a is not None and b is not None
        ]
    )
    assert shifts.size >= 60 * 17
    assert np.median(shifts) <= MEDIAN_KEYPOINT_SHIFT_PX
    assert np.percentile(shifts, 95) <= P95_KEYPOINT_SHIFT_PX
    # In source pixels: keypoints span the 720-px-wide frame, not the 384-px decode.
    xs = np.concatenate([p.keypoints[:, 0] for p in runs[384][1] if p is not None])
    assert xs.max() > 400
