"""The scorer for an assessment: chair stands or timed balance trials, by its scoring rule."""

from __future__ import annotations

from typing import Protocol

from coach.exercises.assessment_schema import AssessmentDefinition
from coach.exercises.library import ExerciseLibrary
from coach.pose.types import Pose
from coach.session.assessments.outcome import AssessmentOutcome
from coach.session.assessments.stands import ChairStandScorer
from coach.session.assessments.trials import BalanceTrialsScorer, TrialSpec


class AssessmentScorer(Protocol):
    """Trials in protocol order; each is started, fed frames, and finished."""

    trial_names: tuple[str, ...]

    def start_trial(self, trial: str, start_ms: float | None = None) -> None: ...

    def update(self, timestamp_ms: float, pose: Pose | None) -> None: ...

    def trial_complete(self, timestamp_ms: float) -> bool: ...

    def finish_trial(self, timestamp_ms: float) -> bool: ...

    def outcome(self) -> AssessmentOutcome: ...


def create_scorer(
    assessment: AssessmentDefinition, library: ExerciseLibrary, start_ms: float | None = None
) -> AssessmentScorer:
    """The scorer for ``assessment``, built on the exercise library's definitions.

    ``start_ms``: the "Go" cue of a chair-stand test, when known.
    """
    rule = assessment.scoring.rule
    if rule in ("stands_in_time", "time_for_stands"):
        assert assessment.exercise is not None
        return ChairStandScorer(assessment, library.exercise(assessment.exercise), start_ms)
    if rule == "last_stage_held":
        specs = tuple(
            TrialSpec(trial, library.exercise(stage.exercise), side, stage.hold_s, stage.id)
            for stage in assessment.stages
            for trial, side in zip(stage.trial_ids(), stage.sides or (None,), strict=True)
        )
    else:
        assert assessment.exercise is not None and assessment.scoring.max_s is not None
        exercise = library.exercise(assessment.exercise)
        specs = tuple(
            TrialSpec(side, exercise, side, assessment.scoring.max_s) for side in assessment.sides
        )
    return BalanceTrialsScorer(assessment, specs)
