"""The patient's rest value of a counting signal, learnt while they are in the start position.

Used by :class:`coach.analysis.reps.RepCounter`: rest-relative thresholds are offsets from it,
and every movement's excursion (for the partial-rep rule) is measured from it.
"""

from __future__ import annotations

import math

#: Time constant (s) with which the rest value follows the signal towards the start side: a
#: lower resting value is the better rest, taken within a fraction of a second.
REST_DOWN_TAU_S = 0.3
#: Time constant (s) with which it follows the signal away from the start side while the
#: patient rests: slow, so the beginning of a slow rep (the first degrees before the start
#: line) moves it by a small fraction only, while a rest that really shifted (a tired patient
#: resting with bent knees) is followed within seconds.
REST_UP_TAU_S = 5.0


class RestLevel:
    """The patient's rest value of a signal, rising-normalised, learnt while at the start.

    Follows the signal down (towards the start side) with :data:`REST_DOWN_TAU_S` and up with
    :data:`REST_UP_TAU_S`, in stream time, so it settles in the lower part of the resting
    jitter and a single glitch moves it little. NaN until the first valid sample.
    """

    def __init__(self) -> None:
        self.value = math.nan
        self._last_ms = math.nan

    def see(self, timestamp_ms: float, s: float) -> None:
        """Update with a resting sample ``s`` at ``timestamp_ms``."""
        if math.isnan(self.value):
            self.value, self._last_ms = s, timestamp_ms
            return
        dt_s = max(0.0, (timestamp_ms - self._last_ms) / 1000.0)
        self._last_ms = timestamp_ms
        tau_s = REST_DOWN_TAU_S if s < self.value else REST_UP_TAU_S
        self.value += (s - self.value) * (1.0 - math.exp(-dt_s / tau_s))

    def skip(self, timestamp_ms: float) -> None:
        """Mark time without a resting sample (mid-rep), so the next step is not huge."""
        self._last_ms = timestamp_ms
