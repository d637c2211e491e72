"""The detector contract: ``estimate(frame, timestamp_ms)``, ``reset()``, ``close()``."""

from __future__ import annotations

import abc
from typing import Self

import numpy as np
import numpy.typing as npt

from coach.pose.types import Pose

Frame = npt.NDArray[np.uint8]


class PoseDetector(abc.ABC):
    """Base class of every pose backend.

    Subclasses implement :meth:`_estimate`, and may extend :meth:`reset` and :meth:`close`. This
    class validates inputs once for all backends: the frame must be an ``H×W×3`` ``uint8`` RGB
    array, timestamps (milliseconds) must not go backwards, and a closed detector refuses work.
    """

    #: Registry name of the backend (``movenet-lightning``, ``blazepose-full``, ...).
    name: str = "pose-detector"

    def __init__(self) -> None:
        self._closed = False
        self._last_timestamp_ms: float | None = None

    def estimate(self, frame: Frame, timestamp_ms: float) -> list[Pose]:
        """Find the poses in one RGB frame.

        Args:
            frame: ``H×W×3`` ``uint8`` RGB image of any size and aspect.
            timestamp_ms: capture time of the frame in milliseconds; must not decrease between
                calls (call :meth:`reset` to start a new stream).

        Returns:
            The poses found, keypoints in image pixels; an empty list when nobody is seen.

        Raises:
            ValueError: wrong dtype or shape, a timestamp that goes backwards, or a closed
                detector.
        """
        if self._closed:
            raise ValueError(f"{self.name} detector is closed")
        if not isinstance(frame, np.ndarray):
            raise ValueError(f"frame must be a numpy array, got {type(frame).__name__}")
        if frame.dtype != np.uint8:
            raise ValueError(f"frame must be uint8 RGB, got dtype {frame.dtype}")
        if frame.ndim != 3 or frame.shape[2] != 3 or frame.shape[0] < 1 or frame.shape[1] < 1:
            raise ValueError(f"frame must be H×W×3 RGB, got shape {frame.shape}")
        timestamp_ms = float(timestamp_ms)
        if not np.isfinite(timestamp_ms):
            raise ValueError(f"timestamp_ms must be finite, got {timestamp_ms}")
        if self._last_timestamp_ms is not None and timestamp_ms < self._last_timestamp_ms:
            raise ValueError(
                f"timestamp_ms went backwards: {timestamp_ms} after {self._last_timestamp_ms}"
                " (call reset() to start a new stream)"
            )
        self._last_timestamp_ms = timestamp_ms
        return self._estimate(np.ascontiguousarray(frame), timestamp_ms)

    @abc.abstractmethod
    def _estimate(self, frame: Frame, timestamp_ms: float) -> list[Pose]:
        """Backend work on a validated frame."""

    def reset(self) -> None:
        """Forget all temporal state (crop region, smoothing, tracks, last timestamp)."""
        self._last_timestamp_ms = None

    def close(self) -> None:
        """Release the backend's resources; later calls to :meth:`estimate` raise."""
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()
