"""Per-person calibration of a rep counter's turning point to the patient's own range.

A declared ``turn_threshold`` is a guess about an average body on an average backend. After the
patient's first real movements (completed reps and partial attempts alike, see
:class:`coach.exercises.schema.RepCalibration`) the turn line moves towards a share of their
median excursion from rest: slowly (part of the gap per movement), within the exercise's
bounds, never below its declared minimum excursion. The median of the last few movements keeps
one unusually deep or shallow rep from moving it much.
"""

from __future__ import annotations

import logging
import math
import statistics
from collections import deque

from coach.exercises.schema import RepCalibration

logger = logging.getLogger(__name__)

#: Movements whose median excursion makes the patient's range.
RANGE_MOVEMENTS = 5


class TurnCalibration:
    """The turn line's distance from rest, adapted to the patient (rising-normalised units).

    Args:
        spec: the exercise's calibration; ``None`` keeps the declared turn throughout.
    """

    def __init__(self, spec: RepCalibration | None) -> None:
        self.spec = spec
        self._movements: deque[float] = deque(maxlen=RANGE_MOVEMENTS)
        #: Calibrated distance of the turn line from rest; NaN until calibrated.
        self.turn_excursion = math.nan

    @property
    def active(self) -> bool:
        """Whether the turn line follows the patient now (rather than the declaration)."""
        return not math.isnan(self.turn_excursion)

    def observe(self, excursion: float, declared_turn: float, floor: float) -> None:
        """Learn from one real movement.

        Args:
            excursion: how far the movement went from rest.
            declared_turn: the declared turn line's distance from rest now.
            floor: smallest distance the turn line may take (the start line's distance from
                rest plus hysteresis), so a rep still has a turn past its start.
        """
        if self.spec is None or not excursion > 0:
            return
        self._movements.append(excursion)
        if len(self._movements) < self.spec.after_movements:
            return
        target = self.spec.turn_share * statistics.median(self._movements)
        low = max(self.spec.min_turn_excursion, floor)
        target = min(max(target, low), max(self.spec.max_turn_excursion, low))
        current = self.turn_excursion if self.active else declared_turn
        self.turn_excursion = current + self.spec.rate * (target - current)
        logger.debug(
            "turn line %.1f from rest (target %.1f, declared %.1f, median of %d movements)",
            self.turn_excursion, target, declared_turn, len(self._movements),
        )  # fmt: skip
