"""A fake webcam for Chromium: a real clip as a steady-rate ``.y4m`` with a frame counter.

Chromium's ``--use-file-for-fake-video-capture`` plays a ``.y4m`` at exactly its frame rate and
loops it. The source clip is letterboxed into the requested size (the person keeps their
aspect) and resampled to a steady rate by repeating frames. Each output frame carries its index
as a grid of black/white cells in the left letterbox band, away from the person, so a page can
read which camera frame it is showing and measure glass-to-glass latency.

Code layout (frame pixels): ``CODE_COLS × CODE_ROWS`` cells of ``CELL_PX`` square starting at
``(CODE_X_PX, CODE_Y_PX)``; cell 0 is always white and cell 1 always black (thresholds), cells
2.. hold the index in binary, most significant bit first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

CELL_PX = 32
CODE_COLS = 4
CODE_ROWS = 4
CODE_X_PX = 8
CODE_Y_PX = 300
CODE_BITS = CODE_COLS * CODE_ROWS - 2


@dataclass(frozen=True)
class FakeCameraClip:
    """A converted clip.

    Attributes:
        path: The ``.y4m`` file.
        fps: Its frame rate (frames per second).
        frame_count: Frames in one pass.
        repeat: Output frames per source frame.
    """

    path: Path
    fps: int
    frame_count: int
    repeat: int

    @property
    def duration_s(self) -> float:
        return self.frame_count / self.fps


def _letterbox(frame_rgb: npt.NDArray[np.uint8], width: int, height: int) -> npt.NDArray[np.uint8]:
    import cv2

    scale = min(width / frame_rgb.shape[1], height / frame_rgb.shape[0])
    new_w, new_h = round(frame_rgb.shape[1] * scale), round(frame_rgb.shape[0] * scale)
    resized = cv2.resize(frame_rgb, (new_w, new_h), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((height, width, 3), np.uint8)
    x0, y0 = (width - new_w) // 2, (height - new_h) // 2
    canvas[y0 : y0 + new_h, x0 : x0 + new_w] = resized
    return canvas


def stamp_frame_index(frame_rgb: npt.NDArray[np.uint8], index: int) -> None:
    """Draw ``index`` (mod 2**CODE_BITS) into the frame's code cells, in place."""
    value = index % (1 << CODE_BITS)
    bits = [1, 0] + [(value >> (CODE_BITS - 1 - i)) & 1 for i in range(CODE_BITS)]
    for cell, bit in enumerate(bits):
        row, col = divmod(cell, CODE_COLS)
        x, y = CODE_X_PX + col * CELL_PX, CODE_Y_PX + row * CELL_PX
        frame_rgb[y : y + CELL_PX, x : x + CELL_PX] = 255 if bit else 0


def make_fake_camera_clip(
    source: Path, destination: Path, *, fps: int = 30, width: int = 640, height: int = 480
) -> FakeCameraClip:
    """Convert ``source`` into a letterboxed, counter-stamped ``.y4m`` at ``fps``.

    The source must have a constant frame rate that divides ``fps`` (``pose_squats.mp4`` is
    5 fps), so every source frame is shown for the same time and the motion keeps its speed.
    """
    import av
    import cv2

    with av.open(str(source)) as container:
        stream = container.streams.video[0]
        rate = float(stream.average_rate or stream.guessed_rate or 0)
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
    repeat = fps / rate
    if not frames or not math.isclose(repeat, round(repeat)):
        raise ValueError(f"{source}: {rate} fps does not divide {fps} fps ({len(frames)} frames)")
    header = f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode()
    index = 0
    with destination.open("wb") as out:
        out.write(header)
        for frame in frames:
            boxed = _letterbox(frame, width, height)
            for _ in range(round(repeat)):
                stamped = boxed.copy()
                stamp_frame_index(stamped, index)
                out.write(b"FRAME\n")
                out.write(cv2.cvtColor(stamped, cv2.COLOR_RGB2YUV_I420).tobytes())
                index += 1
    return FakeCameraClip(destination, fps, index, round(repeat))
