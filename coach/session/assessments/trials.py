"""Timed balance trials: the stages of the 4-stage balance test and single-leg stance per leg.

Each trial runs its own balance exercise tracker with the trial's target time; the trial's time
is the tracker's time in stance (from the stance being taken to the first confirmed loss of
balance), capped at the target. A one-leg stage is one trial per leg, both legs always run; the
stage is held when one leg held it (the protocol asks the patient to stand on one foot).
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.exercises.assessment_schema import AssessmentDefinition
from coach.exercises.schema import ExerciseDefinition, SideMode
from coach.pose.types import Pose
from coach.session.assessments.outcome import AssessmentOutcome, TrialEvent
from coach.session.tracker import ExerciseTracker


@dataclass(frozen=True, slots=True)
class TrialSpec:
    """One trial: its name (stage id, ``<stage>_<leg>`` or leg), the balance exercise, side,
    target time and the stage it belongs to (``None``: a test without stages)."""

    name: str
    exercise: ExerciseDefinition
    side: SideMode | None
    target_s: float
    stage: str | None = None


class BalanceTrialsScorer:
    """Scores ``last_stage_held`` (stages in order, stop at the first not held) and
    ``stance_time`` (each leg up to ``max_s``)."""

    def __init__(self, assessment: AssessmentDefinition, specs: tuple[TrialSpec, ...]) -> None:
        for spec in specs:
            if spec.exercise.balance is None:
                raise ValueError(f"{assessment.id}: {spec.exercise.id!r} is not a balance test")
        self.assessment = assessment
        self.specs = specs
        self.trial_names = tuple(spec.name for spec in specs)
        self._results: list[TrialEvent] = []
        self._current: tuple[TrialSpec, ExerciseTracker] | None = None

    @property
    def tracker(self) -> ExerciseTracker | None:
        """Tracker of the trial under way (``None`` between trials)."""
        return self._current[1] if self._current is not None else None

    def start_trial(self, trial: str, start_ms: float | None = None) -> None:
        """Begin trial ``trial`` (a name from :attr:`trial_names`); balance needs no cue time."""
        spec = next((s for s in self.specs if s.name == trial), None)
        if spec is None:
            known = ", ".join(self.trial_names)
            raise KeyError(f"unknown trial {trial!r}; expected one of: {known}")
        targets = spec.exercise.targets.model_copy(update={"hold_s": spec.target_s})
        self._current = (spec, ExerciseTracker(spec.exercise, side=spec.side, targets=targets))

    def update(self, timestamp_ms: float, pose: Pose | None) -> None:
        """Feed one frame of the trial under way."""
        if self._current is None:
            raise RuntimeError("start_trial() first")
        self._current[1].update(timestamp_ms, pose)

    def trial_complete(self, timestamp_ms: float) -> bool:
        """Whether the trial under way has ended: its target reached or balance lost."""
        return self._current is not None and self._current[1].balance_result is not None

    def finish_trial(self, timestamp_ms: float) -> bool:
        """End the trial under way; returns whether the protocol goes on to another trial."""
        if self._current is None:
            raise RuntimeError("start_trial() first")
        spec, tracker = self._current
        tracker.finish(timestamp_ms)
        result = tracker.balance_result
        if result is None:
            event = TrialEvent(spec.name, spec.exercise.id, spec.target_s, 0.0, False,
                               "stance_not_taken")  # fmt: skip
        else:
            held_s = min(result.time_in_stance_s, spec.target_s)
            held = result.reason == "target_reached"
            event = TrialEvent(spec.name, spec.exercise.id, spec.target_s, held_s, held,
                               result.reason)  # fmt: skip
        self._results.append(event)
        self._current = None
        more = len(self._results) < len(self.specs)
        if self.assessment.scoring.rule == "last_stage_held" and more:
            next_stage = self.specs[len(self._results)].stage
            if next_stage != spec.stage:  # the stage is over: go on only if it was held
                return self._stage_held(spec.stage)
        return more

    def _stage_held(self, stage: str | None) -> bool:
        return any(e.held for e, s in zip(self._results, self.specs, strict=False)
                   if s.stage == stage)  # fmt: skip

    def _staged_outcome(self, trials: tuple[TrialEvent, ...]) -> AssessmentOutcome:
        stages = list(dict.fromkeys(spec.stage for spec in self.specs))
        held = 0
        for stage in stages:
            run = [e for e, s in zip(trials, self.specs, strict=False) if s.stage == stage]
            if not run or not any(e.held for e in run):
                break
            held += 1
        last = (stages[held - 1] or "").replace("_", " ") if held else "none"
        note = f"last stage held {self.specs[0].target_s:.0f} s: {held} ({last})"
        legs = [(s, e) for e, s in zip(trials, self.specs, strict=False) if s.side is not None]
        if legs:
            note += "; " + ", ".join(f"{s.side} leg {e.held_s:.1f} s ({e.reason.replace('_', ' ')})"
                                     for s, e in legs)  # fmt: skip
        return AssessmentOutcome(self.assessment.id, {"result": float(held)},
                                 self.assessment.scoring.unit, "not_applicable", (), trials,
                                 note)  # fmt: skip

    def outcome(self) -> AssessmentOutcome:
        """Score the trials run so far."""
        trials = tuple(self._results)
        if self.assessment.scoring.rule == "last_stage_held":
            return self._staged_outcome(trials)
        scores: dict[str, float | None] = {spec.name: None for spec in self.specs}
        for event in trials:
            scores[event.trial] = event.held_s
        note = ", ".join(
            f"{e.trial} leg {e.held_s:.1f} s ({e.reason.replace('_', ' ')})" for e in trials
        )
        return AssessmentOutcome(self.assessment.id, scores, self.assessment.scoring.unit,
                                 "not_applicable", (), trials, note or "no trial run")  # fmt: skip
