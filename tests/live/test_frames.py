"""The processed frame goes back to WebRTC as ``yuv420p`` like FFmpeg's scaler makes it."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

from coach.live.frames import rgb_to_video_frame

#: Largest difference allowed against FFmpeg's conversion, in 8-bit levels (measured on a
#: synthetic frame: luma equal, chroma up to 9 at sharp edges).
RGB_LEVELS = 3
CHROMA_LEVELS = 12


@pytest.fixture(scope="module")
def camera_frame(tfjs_media: Path) -> npt.NDArray[np.uint8]:
    """A real 576×576 frame of pose_1.mp4, as RGB."""
    with av.open(str(tfjs_media / "pose_1.mp4")) as container:
        frame = next(container.decode(video=0))
        rgb: npt.NDArray[np.uint8] = frame.to_ndarray(format="rgb24")
        return rgb


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
    np.testing.assert_array_equal(frame.to_ndarray(), rgb)
