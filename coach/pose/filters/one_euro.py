"""The One Euro filter: adaptive low-pass smoothing of noisy real-time signals.

Reference: Géry Casiez, Nicolas Roussel and Daniel Vogel, "1€ Filter: A Simple Speed-based
Low-pass Filter for Noisy Input in Interactive Systems", CHI 2012
(https://gery.casiez.net/1euro/). The cutoff frequency rises with the signal's speed, so
slow jitter is smoothed hard while fast movement passes with little lag.

This implementation follows the MediaPipe / TF.js pose-detection variant that MoveNet's
reference smoothing uses: the sampling frequency comes from the timestamps, and the final
low-pass step has a speed-dependent soft threshold (see :class:`LowPassFilter`). Its
parameters are expressed in *normalised* units (image fractions per second). To filter values
in another unit — image pixels here — pass ``value_scale`` (normalised units per value unit,
e.g. ``1 / image_width``): speeds are scaled into normalised units and thresholds back into
value units, which makes filtering pixels exactly equivalent to filtering normalised
coordinates with the reference parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coach.pose.filters.low_pass import FloatArray, LowPassFilter


@dataclass(frozen=True, slots=True)
class OneEuroParams:
    """One Euro filter parameters.

    Attributes:
        frequency_hz: sampling rate assumed until two timestamps give the real one.
        min_cutoff_hz: cutoff at rest; lower = smoother but laggier when still.
        beta: speed coefficient (per normalised unit per second); higher = less lag in motion.
        derivative_cutoff_hz: cutoff of the low-pass on the speed estimate.
        threshold_cutoff: soft-threshold base (normalised units), or ``None`` to disable it.
        threshold_beta: soft-threshold growth with speed.
    """

    frequency_hz: float = 30.0
    min_cutoff_hz: float = 1.0
    beta: float = 0.0
    derivative_cutoff_hz: float = 1.0
    threshold_cutoff: float | None = None
    threshold_beta: float = 0.0

    def __post_init__(self) -> None:
        for name in ("frequency_hz", "min_cutoff_hz", "derivative_cutoff_hz"):
            if not getattr(self, name) > 0:
                raise ValueError(f"OneEuroParams.{name} must be > 0, got {getattr(self, name)}")
        if self.beta < 0 or self.threshold_beta < 0:
            raise ValueError("OneEuroParams.beta and threshold_beta must be >= 0")


class OneEuroFilter:
    """One Euro filter over an array of independent channels (e.g. ``(17, 2)`` pixel x, y).

    Args:
        params: filter parameters, in normalised units (see the module docstring).
        value_scale: normalised units per value unit, a scalar or an array broadcastable to
            the values (e.g. ``[1 / width, 1 / height]`` for pixel ``x, y`` columns).
    """

    def __init__(self, params: OneEuroParams, value_scale: npt.ArrayLike = 1.0) -> None:
        self.params = params
        self.value_scale = np.asarray(value_scale, dtype=np.float64)
        if np.any(self.value_scale <= 0):
            raise ValueError("value_scale must be > 0")
        self._x = LowPassFilter()
        self._dx = LowPassFilter()
        self._frequency_hz = params.frequency_hz
        self._last_timestamp_us: int | None = None

    def _alpha(self, cutoff_hz: float | FloatArray) -> float | FloatArray:
        # alpha = 1 / (1 + tau / Te) with tau = 1 / (2 pi fc) and Te = 1 / frequency.
        return 1.0 / (1.0 + self._frequency_hz / (2.0 * np.pi * cutoff_hz))

    def apply(self, values: npt.ArrayLike, timestamp_ms: float) -> FloatArray:
        """Filter one sample taken at ``timestamp_ms`` and return the smoothed values.

        A sample whose timestamp does not advance (to the microsecond) is returned unfiltered
        and leaves the state untouched, as in the reference.
        """
        x = np.array(values, dtype=np.float64)
        timestamp_us = int(timestamp_ms * 1000.0)
        if self._last_timestamp_us is not None:
            if timestamp_us <= self._last_timestamp_us:
                return x
            self._frequency_hz = 1e6 / (timestamp_us - self._last_timestamp_us)
        self._last_timestamp_us = timestamp_us
        p = self.params
        if self._x.initialized:
            speed = (x - self._x.last_raw) * self.value_scale * self._frequency_hz
        else:
            speed = np.zeros_like(x)
        smoothed_speed = np.abs(self._dx.apply(speed, self._alpha(p.derivative_cutoff_hz)))
        cutoff_hz = p.min_cutoff_hz + p.beta * smoothed_speed
        threshold = None
        if p.threshold_cutoff is not None:
            threshold = (p.threshold_cutoff + p.threshold_beta * smoothed_speed) / self.value_scale
        return self._x.apply(x, self._alpha(cutoff_hz), threshold)

    def reset(self) -> None:
        self._x.reset()
        self._dx.reset()
        self._frequency_hz = self.params.frequency_hz
        self._last_timestamp_us = None
