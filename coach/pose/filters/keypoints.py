"""Smoothing of pixel keypoints over time with a One Euro filter per coordinate."""

from __future__ import annotations

import numpy as np

from coach.pose.filters.one_euro import OneEuroFilter, OneEuroParams
from coach.pose.types import FloatArray


class KeypointSmoother:
    """Smooths the ``x, y`` columns of ``(N, 3)`` pixel keypoints; scores pass through.

    The filter runs in image pixels, with speeds normalised by the image width (x) and height
    (y), so the reference parameters, tuned on normalised coordinates, apply unchanged at any
    resolution. A change of image size restarts the filter.
    """

    def __init__(self, params: OneEuroParams) -> None:
        self.params = params
        self._filter: OneEuroFilter | None = None
        self._image_size: tuple[int, int] | None = None

    def apply(
        self, keypoints: FloatArray, timestamp_ms: float, image_size: tuple[int, int]
    ) -> FloatArray:
        """Return smoothed copies of ``keypoints`` (pixels) seen at ``timestamp_ms``.

        Args:
            keypoints: ``(N, 3)`` array of ``x, y`` pixels and score.
            timestamp_ms: capture time of the frame, milliseconds.
            image_size: ``(width, height)`` of the frame in pixels.
        """
        if self._filter is None or self._image_size != image_size:
            width, height = image_size
            self._filter = OneEuroFilter(self.params, value_scale=[1.0 / width, 1.0 / height])
            self._image_size = image_size
        out = keypoints.astype(np.float32, copy=True)
        out[:, :2] = self._filter.apply(keypoints[:, :2], timestamp_ms)
        return out

    def reset(self) -> None:
        self._filter = None
        self._image_size = None
