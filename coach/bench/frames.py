"""Decode real video frames for benchmarks and golden tests (PyAV, RGB, in memory only)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class VideoFrame:
    """One decoded frame.

    Attributes:
        index: position in the stream, from 0.
        timestamp_ms: presentation time from the container (``pts × time_base``), ms.
        rgb: ``H×W×3`` uint8 RGB pixels.
    """

    index: int
    timestamp_ms: float
    rgb: npt.NDArray[np.uint8]


def read_video_frames(path: Path, limit: int | None = None) -> list[VideoFrame]:
    """Decode up to ``limit`` frames of the video at ``path`` (all frames when ``None``).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: the file holds no decodable video stream.
    """
    import av

    if not path.is_file():
        raise FileNotFoundError(f"video not found: {path}")
    frames: list[VideoFrame] = []
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            time_base = float(stream.time_base) if stream.time_base is not None else 0.0
            for index, frame in enumerate(container.decode(stream)):
                if limit is not None and index >= limit:
                    break
                pts = frame.pts if frame.pts is not None else 0
                rgb = frame.to_ndarray(format="rgb24")
                frames.append(VideoFrame(index, pts * time_base * 1000.0, rgb))
    except (av.error.InvalidDataError, IndexError) as exc:
        raise ValueError(f"{path}: no decodable video stream ({exc})") from exc
    return frames


def read_image(path: Path) -> npt.NDArray[np.uint8]:
    """Decode a still image (JPEG, PNG...) as ``H×W×3`` uint8 RGB."""
    frames = read_video_frames(path, limit=1)
    if not frames:
        raise ValueError(f"{path}: no image found")
    return frames[0].rgb
