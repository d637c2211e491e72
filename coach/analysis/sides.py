"""Per-side range of motion during a rep of a two-sided exercise, for left/right symmetry."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from coach.analysis.events import RepCompleted


@dataclass
class _Range:
    low: float = math.nan
    high: float = math.nan

    def see(self, value: float) -> None:
        if math.isnan(value):
            return
        self.low = value if not value >= self.low else self.low
        self.high = value if not value <= self.high else self.high

    @property
    def arc(self) -> float:
        return self.high - self.low


@dataclass
class SideRomWindow:
    """Min/max of the left and right ROM values since the previous rep ended.

    Fed every frame; :meth:`restart` is called on the frame a rep ends, so each rep covers the
    rest before it and the movement itself, like the counter's own ROM.
    """

    left: _Range = field(default_factory=_Range)
    right: _Range = field(default_factory=_Range)

    def see(self, left_deg: float, right_deg: float) -> None:
        self.left.see(left_deg)
        self.right.see(right_deg)

    def restart(self, left_deg: float, right_deg: float) -> None:
        self.left, self.right = _Range(), _Range()
        self.see(left_deg, right_deg)

    def annotate(self, rep: RepCompleted) -> RepCompleted:
        """``rep`` with its per-side arcs filled in."""
        return replace(rep, rom_left_deg=self.left.arc, rom_right_deg=self.right.arc)
