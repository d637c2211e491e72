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

    BELOW = "below"  # worse than the normal range, or than a published average
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


def format_value(assessment: AssessmentDefinition, value: float) -> str:
    """A result in the test's unit: ``12.2 s``, ``11 stands``, ``stage 2 of 4``."""
    unit = assessment.scoring.unit
    if unit == "stage":
        return f"stage {value:.0f} of {len(assessment.stages)}"
    return f"{value:.1f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def _reference(band: NormBand, unit: str) -> str:
    if band.low is not None and band.high is not None:
        return f"{band.low:g}–{band.high:g} {unit}"
    return f"average {band.reference_value:g} {unit}"


def describe_reading(
    assessment: AssessmentDefinition, reading: Interpretation, value: float
) -> str:
    """One line for a clinician: the result, where it lies against the norm band, any flags."""
    parts = [format_value(assessment, value)]
    band = reading.band
    if band is not None and reading.position is not None:
        who = f"{band.sex} " if band.sex != "any" else ""
        # A published average (or one edge) splits people in half: under it is "worse than
        # average", not outside a normal range.
        verdicts = (
            {NormPosition.BELOW: "worse than the normal range", NormPosition.WITHIN:
             "within the normal range", NormPosition.ABOVE: "better than the normal range"}
            if band.is_range else
            {NormPosition.BELOW: "worse than average", NormPosition.WITHIN: "at the average",
             NormPosition.ABOVE: "better than average"}
        )  # fmt: skip
        parts.append(f"{verdicts[reading.position]} for {who}{band.age_min}–{band.age_max} y "
                     f"({_reference(band, assessment.scoring.unit)})")  # fmt: skip
    elif assessment.norms is not None:
        parts.append("no norm band (age or sex not recorded, or outside the published bands)")
    parts += [f"FLAG: {flag.label}" for flag in reading.flags]
    return "; ".join(parts)
