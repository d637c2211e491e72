"""Reading an assessment result against its norms, cut-offs and minimal detectable change.

Pure functions over the assessment definition: no I/O, no clock. Ages are whole years at the
date of the test.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from coach.exercises.assessment_schema import (
    AssessmentDefinition,
    Cutoff,
    NormBand,
    Sex,
)


class NormPosition(enum.Enum):
    """Where a result lies against the patient's norm band, in the better/worse sense."""

    BELOW = "below"  # worse than the normal range (or the published reference time)
    WITHIN = "within"
    ABOVE = "above"  # better than the normal range


@dataclass(frozen=True, slots=True)
class Interpretation:
    """A result read against the norms.

    Attributes:
        band: the norm band for the patient's age and sex, or ``None`` (no norms, age unknown,
            or outside every band).
        position: worse than, within or better than the band (``None`` without a band).
        flags: cut-offs the result meets (e.g. fall risk), each with its source.
    """

    band: NormBand | None
    position: NormPosition | None
    flags: tuple[Cutoff, ...]


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on ``on``."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def norm_band(
    assessment: AssessmentDefinition, age: int | None, sex: Sex | None
) -> NormBand | None:
    """The band for ``age`` and ``sex`` (a sex-specific band needs the sex), or ``None``."""
    if assessment.norms is None or age is None:
        return None
    return next((b for b in assessment.norms.bands if b.covers(age, sex)), None)


def _position(assessment: AssessmentDefinition, band: NormBand, value: float) -> NormPosition:
    better = assessment.scoring.higher_is_better
    # A band with only a reference value (typical or one edge) splits at that value.
    low = band.low if band.low is not None else (band.typical if better else None)
    high = band.high if band.high is not None else (band.typical if not better else None)
    if low is not None and value < low:
        return NormPosition.BELOW if better else NormPosition.ABOVE
    if high is not None and value > high:
        return NormPosition.ABOVE if better else NormPosition.BELOW
    return NormPosition.WITHIN


def interpret(
    assessment: AssessmentDefinition, value: float, age: int | None, sex: Sex | None
) -> Interpretation:
    """Read ``value`` (the result unit) against norms and cut-offs for ``age`` and ``sex``."""
    band = norm_band(assessment, age, sex)
    position = _position(assessment, band, value) if band is not None else None
    flags = []
    for cutoff in assessment.cutoffs:
        if cutoff.age_min is not None and (age is None or age < cutoff.age_min):
            continue
        if cutoff.when == "below_norm":
            met = band is not None and band.low is not None and value < band.low
        elif cutoff.when == "below":
            met = cutoff.value is not None and value < cutoff.value
        else:
            met = cutoff.value is not None and value >= cutoff.value
        if met:
            flags.append(cutoff)
    return Interpretation(band=band, position=position, flags=tuple(flags))


def real_change(assessment: AssessmentDefinition, before: float, after: float) -> bool | None:
    """Whether the change from ``before`` to ``after`` reaches the test's MDC (``None``: none)."""
    if assessment.mdc is None:
        return None
    return abs(after - before) >= assessment.mdc.value
