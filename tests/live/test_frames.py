"""WebRTC frame ↔ RGB conversions through OpenCV match FFmpeg's scaler on a real frame."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

from coach.live.frames import rgb_to_video_frame, video_frame_to_rgb

#: Largest difference allowed against FFmpeg's conversion, in 8-bit levels (measured: 2 for
#: YUV → RGB, 9 in chroma at sharp edges for RGB → YUV).
RGB_LEVELS = 3
CHROMA_LEVELS = 12


@pytest.fixture(scope="module")
def camera_frame(tfjs_media: Path) -> npt.NDArray[np.uint8]:
    """A real 576×576 frame of pose_1.mp4, as RGB."""
    with av.open(str(tfjs_media / "pose_1.mp4")) as container:
        frame = next(container.decode(video=0))
        rgb: npt.NDArray[np.uint8] = frame.to_ndarray(format="rgb24")
        return rgb


def test_a_yuv420p_frame_becomes_the_same_rgb_as_ffmpeg_gives(
    camera_frame: npt.NDArray[np.uint8],
) -> None:
    yuv = av.VideoFrame.from_ndarray(camera_frame, format="rgb24").reformat(format="yuv420p")
    ours = video_frame_to_rgb(yuv)
    theirs = yuv.to_ndarray(format="rgb24")
    assert ours.shape == theirs.shape == camera_frame.shape
    assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= RGB_LEVELS


def test_rgb_becomes_a_yuv420p_frame_like_ffmpegs(camera_frame: npt.NDArray[np.uint8]) -> None:
    ours = rgb_to_video_frame(camera_frame)
    theirs = av.VideoFrame.from_ndarray(camera_frame, format="rgb24").reformat(format="yuv420p")
    assert ours.format.name == "yuv420p"
    assert (ours.width, ours.height) == (576, 576)
    a, b = ours.to_ndarray().astype(int), theirs.to_ndarray().astype(int)
    luma_rows = camera_frame.shape[0]
    assert np.abs(a[:luma_rows] - b[:luma_rows]).max() <= RGB_LEVELS
    assert np.abs(a[luma_rows:] - b[luma_rows:]).max() <= CHROMA_LEVELS


def test_odd_sizes_fall_back_to_rgb24_frames() -> None:
    rgb = np.full((5, 7, 3), 128, np.uint8)
    frame = rgb_to_video_frame(rgb)
    assert frame.format.name == "rgb24"
    np.testing.assert_array_equal(video_frame_to_rgb(frame), rgb)
