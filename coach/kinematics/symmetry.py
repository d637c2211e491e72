"""Left/right comparison of one measurement."""

from __future__ import annotations

import math


def symmetry_index_pct(left: float, right: float) -> float:
    """Symmetry index in percent: ``100 * |L - R| / ((|L| + |R|) / 2)``.

    0 means perfectly symmetric; clinicians commonly flag values above 10–15 %. NaN when either
    side is NaN or both are zero.
    """
    mean_magnitude = (abs(left) + abs(right)) / 2.0
    if not mean_magnitude > 0.0:
        return math.nan
    return 100.0 * abs(left - right) / mean_magnitude
