"""Exponential low-pass filter, vectorised over NumPy arrays."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class LowPassFilter:
    """``y[n] = y[n-1] + alpha * (x[n] - y[n-1])``, element-wise over an array.

    The first value passes through unchanged and seeds the state. An optional soft threshold
    compresses large jumps: the step becomes ``alpha * t * asinh(step / t)``, which equals
    ``alpha * step`` for small steps and grows only logarithmically for outliers (the variant
    used by MediaPipe and TF.js pose-detection).
    """

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha
        self._stored: FloatArray | None = None
        self._raw: FloatArray | None = None

    @property
    def initialized(self) -> bool:
        return self._stored is not None

    @property
    def last_raw(self) -> FloatArray:
        """The last unfiltered input; raises ``RuntimeError`` before the first value."""
        if self._raw is None:
            raise RuntimeError("low-pass filter has no value yet")
        return self._raw

    def apply(
        self,
        values: npt.ArrayLike,
        alpha: float | FloatArray | None = None,
        threshold: FloatArray | None = None,
    ) -> FloatArray:
        """Filter one sample (any shape, constant between calls) and return the new state."""
        x = np.array(values, dtype=np.float64)
        a = self.alpha if alpha is None else alpha
        if self._stored is None:
            result = x
        elif threshold is None:
            result = self._stored + a * (x - self._stored)
        else:
            result = self._stored + a * threshold * np.arcsinh((x - self._stored) / threshold)
        self._raw = x
        self._stored = result
        return result.copy()

    def reset(self) -> None:
        self._stored = None
        self._raw = None
