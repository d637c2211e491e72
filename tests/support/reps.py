"""Completed repetitions for store and app tests, built the way the analyzer builds them."""

from __future__ import annotations

import math

from coach.analysis.events import RepCompleted


def completed_rep(
    index: int,
    start_ms: float,
    end_ms: float,
    *,
    rom_min_deg: float = math.nan,
    rom_max_deg: float = math.nan,
    side: str = "both",
    eccentric_s: float | None = None,
    concentric_s: float | None = None,
    rom_left_deg: float = math.nan,
    rom_right_deg: float = math.nan,
) -> RepCompleted:
    """Rep ``index`` (from 1) from ``start_ms`` to ``end_ms``; the turn is where the lowering
    (``eccentric_s``, half the rep unless given) ends, the signal peaks at ``rom_max_deg``."""
    duration_s = (end_ms - start_ms) / 1000.0
    lowering_s = duration_s / 2 if eccentric_s is None else eccentric_s
    return RepCompleted(
        timestamp_ms=end_ms,
        index=index,
        side=side,
        start_ms=start_ms,
        peak_ms=start_ms + lowering_s * 1000.0,
        end_ms=end_ms,
        rom_min_deg=rom_min_deg,
        rom_max_deg=rom_max_deg,
        signal_peak=rom_max_deg,
        eccentric_s=lowering_s,
        concentric_s=duration_s - lowering_s if concentric_s is None else concentric_s,
        rom_left_deg=rom_left_deg,
        rom_right_deg=rom_right_deg,
    )
