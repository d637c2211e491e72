"""Which per-rep value the ROM target of an exercise refers to, and how to read it.

Each rep records the lowest and highest angle of the exercise's ROM measurement. What a
clinician sets a target on differs by exercise: the arc moved through (``range``), the end
range reached upward (``highest_angle``: shoulder abduction peak, squat knee bend) or the end
range reached downward (``lowest_angle``: the knee extension deficit, where lower is better).
Charts, per-rep tables, the live "best" figure and exports all read the value from here, so
they always show the same quantity as the target.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from coach.exercises.schema import ExerciseDefinition, RomTargetOf

_WORDS: dict[RomTargetOf, str] = {
    "range": "range moved through",
    "highest_angle": "highest angle reached",
    "lowest_angle": "lowest angle reached",
}


@dataclass(frozen=True)
class RomTargetMeasure:
    """The per-rep value a ROM target is about.

    Attributes:
        of: Which value (``range``, ``highest_angle`` or ``lowest_angle``).
        measurement: Name of the ROM measurement (degrees), e.g. ``knee_flexion``.
    """

    of: RomTargetOf
    measurement: str

    @property
    def lower_is_better(self) -> bool:
        """True for ``lowest_angle``: the patient improves as the value goes down."""
        return self.of == "lowest_angle"

    def value(self, rom_min_deg: float | None, rom_max_deg: float | None) -> float | None:
        """The value of one rep (degrees), ``None`` when an angle it needs is missing/NaN."""
        low = _finite(rom_min_deg)
        high = _finite(rom_max_deg)
        if self.of == "highest_angle":
            return high
        if self.of == "lowest_angle":
            return low
        return None if low is None or high is None else high - low

    def best(self, values: Iterable[float | None]) -> float | None:
        """The best of several values (lowest for ``lowest_angle``, else highest)."""
        present = [v for v in values if v is not None and math.isfinite(v)]
        if not present:
            return None
        return min(present) if self.lower_is_better else max(present)

    def is_better(self, value: float, than: float) -> bool:
        """Whether ``value`` is an improvement on ``than``."""
        return value < than if self.lower_is_better else value > than

    def reached(self, value: float | None, target_deg: float | None) -> bool:
        """Whether a value meets the target (at most it for ``lowest_angle``, else at least)."""
        if value is None or target_deg is None:
            return False
        return value <= target_deg if self.lower_is_better else value >= target_deg

    @property
    def name(self) -> str:
        """What is measured, in words: 'highest knee flexion'."""
        words = {"range": "range of", "highest_angle": "highest", "lowest_angle": "lowest"}
        return f"{words[self.of]} {self.measurement.replace('_', ' ')}"

    @property
    def label(self) -> str:
        """Short column or axis label with the unit: 'Highest knee flexion (°)'."""
        return f"{self.name[0].upper()}{self.name[1:]} (°)"

    @property
    def explanation(self) -> str:
        """One line saying what is plotted against the target."""
        better = "lower is better" if self.lower_is_better else "higher is better"
        return (
            f"Plotted against the target: the {_WORDS[self.of]} of "
            f"{self.measurement.replace('_', ' ')} in each rep, in degrees ({better})."
        )


def rom_target_measure(exercise: ExerciseDefinition) -> RomTargetMeasure | None:
    """The measure of an exercise's ROM target; ``None`` for holds and balance tests."""
    if exercise.rep is None or exercise.rom_measurement is None:
        return None
    return RomTargetMeasure(
        of=exercise.rep.rom_target_of or "range", measurement=exercise.rom_measurement
    )


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
