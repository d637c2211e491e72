"""Chair-stand tests (30-second chair stand, five times sit-to-stand) scored by the sit-to-stand
exercise's tracker.

The tracker counts a repetition as seated → standing (the rep's turn) → seated. Each completed
rep is one stand; its turn time is when the patient stood up fully. The scorer keeps the
tracker's phase and counting signal per frame so that the stand in progress at the end of a
timed window can be judged ("more than halfway up counts").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coach.analysis.events import RepCompleted
from coach.analysis.reps import RepPhase
from coach.exercises.assessment_schema import AssessmentDefinition
from coach.exercises.schema import ExerciseDefinition
from coach.pose.types import Pose
from coach.session.assessments.outcome import AssessmentOutcome, StandEvent, StartSource
from coach.session.state import TrackerPhase
from coach.session.tracker import ExerciseTracker

#: Phases of the counter in which the patient has reached standing in the current rep.
_STANDING_PHASES = frozenset({RepPhase.TURN, RepPhase.RETURN})


@dataclass(frozen=True, slots=True)
class _Frame:
    timestamp_ms: float
    phase: TrackerPhase
    signal: float


class ChairStandScorer:
    """Scores one chair-stand trial (``stands_in_time`` or ``time_for_stands``).

    Args:
        assessment: the test.
        exercise: its exercise (``sit_to_stand``), which must count reps.
        start_ms: time of the "Go" cue; ``None`` (a recording without the cue): the first rise
            out of the chair.
    """

    def __init__(
        self,
        assessment: AssessmentDefinition,
        exercise: ExerciseDefinition,
        start_ms: float | None = None,
    ) -> None:
        if exercise.rep is None:
            raise ValueError(f"{assessment.id}: exercise {exercise.id!r} does not count reps")
        self.assessment = assessment
        self.exercise = exercise
        self.trial_names: tuple[str, ...] = ("stands",)
        self._tracker = ExerciseTracker(exercise)
        self._cue_ms = start_ms
        self._frames: list[_Frame] = []
        self._reps: list[RepCompleted] = []
        self._last_ms = math.nan

    @property
    def tracker(self) -> ExerciseTracker:
        """The exercise tracker doing the counting (its state is what the live page shows)."""
        return self._tracker

    def start_trial(self, trial: str, start_ms: float | None = None) -> None:
        """Begin the (only) trial; ``start_ms`` is the "Go" cue if the caller gave one."""
        if start_ms is not None:
            self._cue_ms = start_ms

    def update(self, timestamp_ms: float, pose: Pose | None) -> None:
        """Feed one frame (``pose`` ``None``: nobody seen)."""
        events = self._tracker.update(timestamp_ms, pose)
        self._reps += [e for e in events if isinstance(e, RepCompleted)]
        state = self._tracker.state
        signal = state.measurement_value if state.measurement_name == self._signal else math.nan
        self._frames.append(_Frame(timestamp_ms, state.phase, signal))
        self._last_ms = timestamp_ms

    def trial_complete(self, timestamp_ms: float) -> bool:
        """Whether the protocol's trial is over: 30 s after the cue (timed window), or seated
        after the last required stand. Always ``False`` before a cue (a recording runs to its
        end)."""
        if self._cue_ms is None:
            return False
        scoring = self.assessment.scoring
        if scoring.rule == "stands_in_time":
            assert scoring.duration_s is not None
            return timestamp_ms - self._cue_ms >= scoring.duration_s * 1000.0
        assert scoring.stands is not None
        return len(self._reps_after(self._cue_ms)) >= scoring.stands

    def finish_trial(self, timestamp_ms: float) -> bool:
        """End the trial; returns ``False`` (there is no next trial)."""
        self._reps += [e for e in self._tracker.finish(timestamp_ms) if isinstance(e, RepCompleted)]
        return False

    @property
    def _signal(self) -> str:
        assert self.exercise.rep is not None
        return self.exercise.rep.signal

    def _start(self) -> tuple[float | None, StartSource]:
        if self._cue_ms is not None:
            return self._cue_ms, "cue"
        # The counter dates a rep from when the signal left the seated range, a little before
        # its phase changes; the first completed rep's start is the engine's own "left the seat".
        first_phase = next(
            (f.timestamp_ms for f in self._frames if f.phase is not RepPhase.START), None
        )
        if self._reps:
            return min(self._reps[0].start_ms, first_phase or math.inf), "first_rise"
        return first_phase, "first_rise"

    def _halfway(self) -> float:
        """Signal value halfway between seated (the rep's start) and standing (its turn)."""
        rep = self.exercise.rep
        assert rep is not None
        seated = max(
            (f.signal for f in self._frames if f.phase is RepPhase.START), default=math.nan
        )
        if math.isnan(seated) or rep.increasing:
            seated = rep.start_threshold
        return (seated + rep.turn_threshold) / 2.0

    def _standing_ms(self, rep: RepCompleted) -> float:
        """When the rep first reached standing (its turn phase); the signal's peak — the
        straightest knee — can come a second later while the patient stands still."""
        return next(
            (f.timestamp_ms for f in self._frames
             if rep.start_ms <= f.timestamp_ms <= rep.end_ms and f.phase in _STANDING_PHASES),
            rep.peak_ms,
        )  # fmt: skip

    def _stand_events(self, start_ms: float, counted: set[int]) -> tuple[StandEvent, ...]:
        return tuple(
            StandEvent(
                index=i + 1,
                rise_s=(rep.start_ms - start_ms) / 1000.0,
                standing_s=(self._standing_ms(rep) - start_ms) / 1000.0,
                seated_s=(rep.end_ms - start_ms) / 1000.0,
                counted=i in counted,
            )
            for i, rep in enumerate(self._reps_after(start_ms))
        )

    def _reps_after(self, start_ms: float) -> list[RepCompleted]:
        return [r for r in self._reps if self._standing_ms(r) >= start_ms]

    def _in_progress_at(self, end_ms: float) -> StandEvent | None:
        """The stand under way at ``end_ms`` if it counts (standing reached, or past halfway)."""
        before = [f for f in self._frames if f.timestamp_ms <= end_ms]
        if not before:
            return None
        frame = before[-1]
        if any(
            r.start_ms <= frame.timestamp_ms <= r.end_ms and self._standing_ms(r) <= end_ms
            for r in self._reps
        ):
            return None  # standing reached in the window: counted as a completed stand
        rep = self.exercise.rep
        assert rep is not None
        halfway = self._halfway()
        past_halfway = frame.signal > halfway if rep.increasing else frame.signal < halfway
        if frame.phase in _STANDING_PHASES or (frame.phase is RepPhase.OUTWARD and past_halfway):
            return StandEvent(index=0, rise_s=math.nan, standing_s=None, seated_s=None,
                              counted=True)  # fmt: skip
        return None

    def outcome(self) -> AssessmentOutcome:
        """Score the trial by the assessment's rule."""
        start_ms, source = self._start()
        scoring = self.assessment.scoring
        if start_ms is None:
            return self._result(None, source, (), "no rise out of the chair was seen")
        if scoring.rule == "stands_in_time":
            assert scoring.duration_s is not None
            end_ms = start_ms + scoring.duration_s * 1000.0
            if self._last_ms < end_ms:
                stands = self._stand_events(start_ms, set())
                seen_s = (self._last_ms - start_ms) / 1000.0
                return self._result(None, source, stands, f"the run ended {seen_s:.1f} s after "
                                    f"the start, before {scoring.duration_s:.0f} s")  # fmt: skip
            reps = self._reps_after(start_ms)
            counted = {i for i, r in enumerate(reps) if self._standing_ms(r) <= end_ms}
            stands = self._stand_events(start_ms, counted)
            extra = self._in_progress_at(end_ms)
            if extra is not None:
                stands += (StandEvent(len(stands) + 1, extra.rise_s, None, None, True),)
            total = len(counted) + (extra is not None)
            note = f"{total} stands in {scoring.duration_s:.0f} s" + (
                " (the last one more than halfway up at the end)" if extra is not None else ""
            )
            return self._result(float(total), source, stands, note)
        assert scoring.stands is not None
        reps = self._reps_after(start_ms)
        needed = scoring.stands
        stands = self._stand_events(start_ms, set(range(needed)))
        if len(reps) < needed:
            return self._result(None, source, stands, f"only {len(reps)} of {needed} stands "
                                "completed")  # fmt: skip
        seconds = (reps[needed - 1].end_ms - start_ms) / 1000.0
        return self._result(seconds, source, stands, f"{needed} stands in {seconds:.1f} s")

    def _result(
        self,
        value: float | None,
        source: StartSource,
        stands: tuple[StandEvent, ...],
        note: str,
    ) -> AssessmentOutcome:
        timed_from = {"cue": "timed from the Go cue", "first_rise": "timed from the first rise "
                      "out of the chair (no Go cue in the recording)"}.get(source, "")  # fmt: skip
        return AssessmentOutcome(
            assessment_id=self.assessment.id,
            scores={"result": value},
            unit=self.assessment.scoring.unit,
            start_source=source,
            stands=stands,
            trials=(),
            note=f"{note}; {timed_from}" if timed_from else note,
        )
