"""The assessment YAML schema: standard functional tests with protocol, scoring rule and norms.

An assessment is run by the exercise engine (it names the exercises whose trackers score it) and
adds what a clinician needs to read the result: the published protocol, the scoring rule, norms
by age and sex, cut-offs (fall risk) and the minimal detectable change, each with its source.
Units: seconds (``_s``), ages in whole years.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from coach.exercises.measurement_schema import FrozenModel

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Sex = Literal["female", "male"]
ScoringRule = Literal["stands_in_time", "time_for_stands", "last_stage_held", "stance_time"]
ScoreUnit = Literal["stands", "s", "stage"]


class Source(FrozenModel):
    """A published source, cited so a clinician can check it."""

    citation: str = Field(min_length=10, max_length=500, description="Authors, title, journal.")
    url: str | None = Field(None, max_length=300, description="DOI or stable address.")


class Scoring(FrozenModel):
    """How the result is computed from the exercise engine's events."""

    rule: ScoringRule = Field(
        description="stands_in_time: full stands within duration_s; time_for_stands: seconds "
        "until the patient is seated after the last of `stands` stands; last_stage_held: the "
        "last stage held for its hold_s; stance_time: seconds on one leg, per leg, up to max_s."
    )
    unit: ScoreUnit = Field(description="Unit of the result.")
    higher_is_better: bool = Field(description="Whether a larger result is a better one.")
    duration_s: float | None = Field(None, gt=0, le=600, description="stands_in_time: window.")
    stands: int | None = Field(None, ge=1, le=20, description="time_for_stands: how many.")
    max_s: float | None = Field(None, gt=0, le=600, description="stance_time: trial ends here.")
    description: str = Field(min_length=1, max_length=1000, description="The rule in words.")

    @model_validator(mode="after")
    def _parameters(self) -> Scoring:
        needed = {
            "stands_in_time": "duration_s", "time_for_stands": "stands", "stance_time": "max_s",
        }.get(self.rule)  # fmt: skip
        if needed is not None and getattr(self, needed) is None:
            raise ValueError(f"scoring rule {self.rule!r} needs {needed}")
        return self


class NormBand(FrozenModel):
    """Expected results for one age band (and sex), e.g. the 25th–75th percentile range."""

    sex: Sex | Literal["any"] = Field("any", description="female, male or any.")
    age_min: int = Field(ge=0, le=120, description="Youngest age of the band, years.")
    age_max: int = Field(ge=0, le=120, description="Oldest age of the band, years (inclusive).")
    low: float | None = Field(None, description="Lower edge of the normal range (result unit).")
    high: float | None = Field(None, description="Upper edge of the normal range (result unit).")
    typical: float | None = Field(None, description="Mean or median of the band, if published.")

    @model_validator(mode="after")
    def _consistent(self) -> NormBand:
        if self.age_max < self.age_min:
            raise ValueError(f"age_max ({self.age_max}) is below age_min ({self.age_min})")
        if self.low is None and self.high is None and self.typical is None:
            raise ValueError("give low, high or typical")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self

    @property
    def is_range(self) -> bool:
        """Whether the band is a normal range (both edges), not one published average or edge."""
        return self.low is not None and self.high is not None

    @property
    def reference_value(self) -> float:
        """The band's one published value where it is not a range: its mean or median, else
        the one edge given (the validator ensures one of the three is set)."""
        return next(v for v in (self.typical, self.high, self.low) if v is not None)

    def covers(self, age: int, sex: Sex | None) -> bool:
        """Whether a patient of ``age`` and ``sex`` belongs to this band."""
        sex_ok = self.sex == "any" or self.sex == sex
        return sex_ok and self.age_min <= age <= self.age_max


class Norms(FrozenModel):
    """Published norms of the test."""

    description: str = Field(min_length=1, max_length=500, description="What low/high mean.")
    source: Source = Field(description="Where the numbers come from.")
    bands: tuple[NormBand, ...] = Field(min_length=1, description="One entry per age/sex band.")


class Cutoff(FrozenModel):
    """A published threshold that flags a result (e.g. increased fall risk)."""

    id: Identifier = Field(description="Id of the flag, e.g. 'fall_risk'.")
    label: str = Field(min_length=1, max_length=200, description="What the flag means.")
    when: Literal["below_norm", "below", "at_least"] = Field(
        description="below_norm: under the low edge of the patient's norm band; below: under "
        "`value`; at_least: `value` or more."
    )
    value: float | None = Field(None, description="Threshold (result unit) for below/at_least.")
    age_min: int | None = Field(None, ge=0, le=120, description="Applies from this age on.")
    source: Source = Field(description="Where the cut-off was published.")

    @model_validator(mode="after")
    def _value(self) -> Cutoff:
        if (self.when == "below_norm") != (self.value is None):
            raise ValueError("below_norm takes no value; below and at_least need one")
        return self


class Mdc(FrozenModel):
    """Minimal detectable change: smaller differences between two tests may be noise."""

    value: float = Field(gt=0, description="Smallest real change (result unit).")
    confidence_pct: int = Field(95, ge=50, le=99, description="Confidence level of the MDC.")
    population: str = Field(min_length=1, max_length=200, description="Who it was measured in.")
    source: Source = Field(description="Where it was published.")


class Stage(FrozenModel):
    """One stage of a staged test (4-stage balance)."""

    id: Identifier = Field(description="Stage id.")
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    exercise: Identifier = Field(description="Exercise (balance kind) that times this stage.")
    hold_s: float = Field(gt=0, le=600, description="Time the stage must be held.")
    instruction: str = Field(min_length=1, max_length=300, description="What the patient does.")
    sides: tuple[Literal["left", "right"], ...] = Field(
        (), description="A one-leg stage: the standing legs, in order, each a trial of its own "
        "(trial id '<stage>_<side>'); the stage is held when one leg holds it."
    )

    def trial_ids(self) -> tuple[str, ...]:
        """The trials of this stage: the stage id, or one ``<stage>_<side>`` per leg."""
        return tuple(f"{self.id}_{side}" for side in self.sides) or (self.id,)


class Coding(FrozenModel):
    """A code from a standard terminology (LOINC) for exports."""

    system: str = Field(description="Code system URI, e.g. http://loinc.org.")
    code: str = Field(min_length=1, max_length=40, description="The code.")
    display: str = Field(min_length=1, max_length=200, description="Its display text.")


class AssessmentDefinition(FrozenModel):
    """One standard functional test as the clinic runs it and the coach scores it."""

    id: Identifier = Field(description="Stable id (file name without .yaml).")
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    description: str = Field(min_length=1, max_length=2000, description="What it measures.")
    protocol: tuple[str, ...] = Field(min_length=1, description="Published protocol, in steps.")
    protocol_source: Source = Field(description="Where the protocol is published.")
    instructions: tuple[str, ...] = Field(min_length=1, description="What the patient is told.")
    camera: str = Field(min_length=1, max_length=500, description="Where to put the camera.")
    equipment: tuple[str, ...] = Field((), description="What is needed (chair, wall...).")
    exercise: Identifier | None = Field(
        None, description="Exercise whose tracker scores the test (all but staged tests)."
    )
    sides: tuple[Literal["left", "right"], ...] = Field(
        (), description="stance_time: the legs tested, in order."
    )
    stages: tuple[Stage, ...] = Field((), description="last_stage_held: the stages, in order.")
    scoring: Scoring = Field(description="How the result is computed.")
    norms: Norms | None = Field(None, description="Age (and sex) norms.")
    cutoffs: tuple[Cutoff, ...] = Field((), description="Published cut-offs that flag a result.")
    mdc: Mdc | None = Field(None, description="Minimal detectable change.")
    code: Coding | None = Field(
        None, description="Standard code for exports; absent: a local code is used."
    )
    default_interval_days: int = Field(14, ge=1, le=365, description="Default retest schedule.")
    limitations: tuple[str, ...] = Field(
        (), description="What the camera cannot check of the protocol (stated in results)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> AssessmentDefinition:
        staged = self.scoring.rule == "last_stage_held"
        if staged and not self.stages:
            raise ValueError("scoring rule 'last_stage_held' needs stages")
        if not staged and self.exercise is None:
            raise ValueError(f"scoring rule {self.scoring.rule!r} needs an exercise")
        if self.scoring.rule == "stance_time" and not self.sides:
            raise ValueError("scoring rule 'stance_time' needs sides")
        if any(c.when == "below_norm" for c in self.cutoffs) and self.norms is None:
            raise ValueError("a below_norm cut-off needs norms")
        return self
