"""The result of one assessment run, with the raw per-stand and per-trial events behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StartSource = Literal["cue", "first_rise", "not_applicable"]


@dataclass(frozen=True, slots=True)
class StandEvent:
    """One stand of a chair test, seconds from the start ("Go").

    Attributes:
        index: 1-based stand number.
        rise_s: the patient left the seat.
        standing_s: standing reached (knees straight by the exercise's turn threshold).
        seated_s: seated again, or ``None`` if the run ended first.
        counted: whether the stand counts towards the score (e.g. within 30 s, or more than
            halfway up at 30 s).
    """

    index: int
    rise_s: float
    standing_s: float | None
    seated_s: float | None
    counted: bool


@dataclass(frozen=True, slots=True)
class TrialEvent:
    """One timed balance trial: a stage of a staged test, or one leg of a stance test.

    Attributes:
        trial: stage id (``tandem``) or leg (``left``).
        exercise_id: the balance exercise that timed it.
        target_s: time the trial had to last.
        held_s: seconds in the stance (0 if the stance was never taken), capped at the target.
        held: whether the target was reached.
        reason: how it ended: ``target_reached``, a loss (``foot_down``, ``step``, ``hip_drop``,
            ``trunk_lean``), ``ended`` (the recording stopped) or ``stance_not_taken``.
    """

    trial: str
    exercise_id: str
    target_s: float
    held_s: float
    held: bool
    reason: str


@dataclass(frozen=True, slots=True)
class AssessmentOutcome:
    """Scores of one assessment run.

    Attributes:
        assessment_id: the test.
        scores: the result per part: ``{"result": value}`` or, for per-leg tests,
            ``{"left": s, "right": s}``; ``None`` when the test was not completed (e.g. fewer
            than five stands in the 5xSTS).
        unit: unit of the scores (``stands``, ``s``, ``stage``).
        start_source: ``cue`` (timed from the spoken "Go"), ``first_rise`` (a recording
            without the cue: timed from the first rise out of the chair) or ``not_applicable``.
        stands / trials: the raw events the scores were computed from.
        note: a sentence for the clinician on how the score was reached.
    """

    assessment_id: str
    scores: dict[str, float | None]
    unit: str
    start_source: StartSource
    stands: tuple[StandEvent, ...]
    trials: tuple[TrialEvent, ...]
    note: str

    @property
    def completed(self) -> bool:
        """Whether every part has a score."""
        return all(value is not None for value in self.scores.values())
