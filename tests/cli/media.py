"""Small media files made on the fly for the input checks (no frames written from footage)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np


def write_clip(
    path: Path, width: int, height: int, frames: int, codec: str = "libx264", fps: int = 30
) -> Path:
    """A clip of ``frames`` plain gray frames (nobody in it) encoded with ``codec``."""
    import av

    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p" if codec == "libx264" else "rgb24"
        stream.time_base = Fraction(1, fps)
        for index in range(frames):
            image = np.full((height, width, 3), 90 + index % 40, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts = index
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def write_image(path: Path, fmt: str) -> Path:
    """A 320×240 still image in ``fmt`` (JPEG, PNG, GIF...)."""
    from PIL import Image

    Image.new("RGB", (320, 240), (120, 80, 40)).save(path, format=fmt)
    return path
