"""Annotated video output (PyAV, H.264), only written when the user asks for it."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Self

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import av.container
    import av.video.stream

from coach.pose.types import Pose
from coach.render.overlay import draw_overlay
from coach.session.state import TrackerState


class AnnotatedVideoWriter:
    """Encodes RGB frames at their real timestamps (milliseconds) into an MP4 file."""

    def __init__(self, path: Path, width_px: int, height_px: int) -> None:
        import av

        self.path = path
        self._container: av.container.OutputContainer = av.open(str(path), mode="w")
        self._stream: av.video.stream.VideoStream = self._container.add_stream("libx264", rate=30)
        # yuv420p needs even dimensions; odd ones are cropped by one pixel.
        self._width = width_px - width_px % 2
        self._height = height_px - height_px % 2
        self._stream.width = self._width
        self._stream.height = self._height
        self._stream.pix_fmt = "yuv420p"
        self._stream.time_base = Fraction(1, 1000)
        self._last_pts = -1

    def write(self, timestamp_ms: float, frame_rgb: npt.NDArray[np.uint8]) -> None:
        """Append one frame shown at ``timestamp_ms``."""
        import av

        image = np.ascontiguousarray(frame_rgb[: self._height, : self._width])
        frame = av.VideoFrame.from_ndarray(image, format="rgb24")
        pts = max(round(timestamp_ms), self._last_pts + 1)  # strictly increasing
        frame.pts = pts
        frame.time_base = Fraction(1, 1000)
        self._last_pts = pts
        for packet in self._stream.encode(frame):
            self._container.mux(packet)

    def close(self) -> None:
        """Flush the encoder and close the file."""
        for packet in self._stream.encode():
            self._container.mux(packet)
        self._container.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()


class AnnotatedClip:
    """Draws the overlay on each analysed frame and writes it to ``path``.

    The writer opens on the first frame, sized by it (phone clips may be rotated, so the
    container's header size is not the upright size). Pass :meth:`on_frame` as the frame
    callback of :func:`coach.session.video.analyze_video`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: AnnotatedVideoWriter | None = None

    def on_frame(
        self,
        timestamp_ms: float,
        rgb: npt.NDArray[np.uint8],
        pose: Pose | None,
        states: Sequence[TrackerState],
    ) -> None:
        if self._writer is None:
            self._writer = AnnotatedVideoWriter(self.path, rgb.shape[1], rgb.shape[0])
        self._writer.write(timestamp_ms, draw_overlay(rgb, pose, states[0] if states else None))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()
