"""Range-of-motion tracker: best arc per set against the prescribed target.

ROM here is the arc moved through in one completed rep, ``rom_max_deg - rom_min_deg`` of the
exercise's ROM measurement, which reads the same whichever way the angle runs (a knee extension
from 90° to 5° flexion and a shoulder raise from 15° to 100° are both arcs of 85°).
"""

from __future__ import annotations

import math

from coach.analysis.events import Event, RepCompleted, RomRecord


class RomTracker:
    """Keeps the best ROM arc of the current set."""

    def __init__(self, target_deg: float | None) -> None:
        self.target_deg = target_deg
        self.best_rom_deg = math.nan

    def on_rep(self, rep: RepCompleted) -> list[Event]:
        """Account for a completed rep; emits a :class:`RomRecord` when the set's best improves."""
        arc = rep.rom_max_deg - rep.rom_min_deg
        if math.isnan(arc) or not (math.isnan(self.best_rom_deg) or arc > self.best_rom_deg):
            return []
        self.best_rom_deg = arc
        return [RomRecord(rep.timestamp_ms, arc, self.target_deg)]
