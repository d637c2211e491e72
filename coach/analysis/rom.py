"""Range-of-motion tracker: best value per set against the prescribed target.

The value of a rep is what the exercise's ROM target refers to
(:class:`~coach.exercises.rom_target.RomTargetMeasure`): the arc moved through, the highest or
the lowest angle of the ROM measurement. Without a measure it is the arc,
``rom_max_deg - rom_min_deg``, which reads the same whichever way the angle runs.
"""

from __future__ import annotations

import math

from coach.analysis.events import Event, RepCompleted, RomRecord
from coach.exercises.rom_target import RomTargetMeasure


class RomTracker:
    """Keeps the best ROM value of the current set (see the module docstring)."""

    def __init__(self, target_deg: float | None, measure: RomTargetMeasure | None = None) -> None:
        self.target_deg = target_deg
        self.measure = measure
        self.best_rom_deg = math.nan

    def on_rep(self, rep: RepCompleted) -> list[Event]:
        """Account for a completed rep; emits a :class:`RomRecord` when the set's best improves."""
        if self.measure is None:
            value: float | None = rep.rom_max_deg - rep.rom_min_deg
            improves = math.isnan(self.best_rom_deg) or (value or 0.0) > self.best_rom_deg
        else:
            value = self.measure.value(rep.rom_min_deg, rep.rom_max_deg)
            improves = value is not None and (
                math.isnan(self.best_rom_deg) or self.measure.is_better(value, self.best_rom_deg)
            )
        if value is None or math.isnan(value) or not improves:
            return []
        self.best_rom_deg = value
        return [RomRecord(rep.timestamp_ms, value, self.target_deg)]
