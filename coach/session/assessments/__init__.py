"""Scoring standard functional tests (assessments) with the exercise engine's trackers."""

from coach.session.assessments.outcome import AssessmentOutcome, StandEvent, TrialEvent
from coach.session.assessments.scorer import AssessmentScorer, create_scorer

__all__ = ["AssessmentOutcome", "AssessmentScorer", "StandEvent", "TrialEvent", "create_scorer"]
