"""ExerciseTracker: the per-frame entry point used by ``coach analyze`` and the live webcam page.

One tracker follows one exercise for one set: feed it every frame with :meth:`update`, read
:attr:`state` for display, and call :meth:`finish` at the end of the set or clip.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping

from coach.analysis.balance import BalanceAnalyzer
from coach.analysis.body import body_points
from coach.analysis.calibration import TurnCalibration
from coach.analysis.cues import CueEngine
from coach.analysis.events import (
    BalanceResult,
    Event,
    FallDetected,
    PartialReason,
    PartialRep,
    RepCompleted,
)
from coach.analysis.fall import FallDetector
from coach.analysis.hold import HoldTimer
from coach.analysis.measurements import MeasurementSet, channels_for
from coach.analysis.readiness import ReadinessGate
from coach.analysis.reps import RepCounter, RepPhase
from coach.analysis.rom import RomTracker
from coach.analysis.sides import SideRomWindow
from coach.exercises.measurement_schema import JointAngle
from coach.exercises.rom_target import rom_target_measure
from coach.exercises.schema import ExerciseDefinition, SideMode, Targets
from coach.exercises.vocabulary import expand_side, resolve_keypoint
from coach.kinematics import DEFAULT_MIN_SCORE
from coach.pose.types import Pose
from coach.session.state import TrackerPhase, TrackerState

logger = logging.getLogger(__name__)


class ExerciseTracker:
    """Turns a stream of poses into exercise events and a display state.

    Args:
        exercise: the exercise definition.
        side: side to train; defaults to the exercise's own ``side``.
        targets: prescription (a routine item's ``targets_for``); defaults to the exercise's.
        min_score: keypoint confidence below which a keypoint is treated as missing.
        calibrations: per counting channel, the turn-line calibration of an earlier set of the
            same exercise and side (:attr:`calibrations`), so the patient's range learnt there
            carries on instead of starting again at every set.

    A ``None`` pose, or one whose overall score is below ``min_score``, is a dropout: it neither
    counts nor breaks a rep (unless the gap outlasts the rep's ``max_dropout_s``).
    """

    def __init__(
        self,
        exercise: ExerciseDefinition,
        *,
        side: SideMode | None = None,
        targets: Targets | None = None,
        min_score: float = DEFAULT_MIN_SCORE,
        calibrations: Mapping[str, TurnCalibration] | None = None,
    ) -> None:
        self.exercise = exercise
        self.side: SideMode = side or exercise.side
        self.targets = targets or exercise.targets
        self.min_score = min_score
        self._measurements = MeasurementSet(exercise, self.side, min_score)
        self._channels = channels_for(self.side)
        self._counters = (
            {
                ch: RepCounter(exercise.rep, ch, calibration=(calibrations or {}).get(ch))
                for ch in self._channels
            }
            if exercise.rep is not None
            else {}
        )
        self._rom = RomTracker(self.targets.rom_target_deg, rom_target_measure(exercise))
        self._hold = HoldTimer(exercise.hold, self.targets.hold_s) if exercise.hold else None
        stance_side = self.side if self.side in ("left", "right") else "left"
        self._balance = (
            BalanceAnalyzer(exercise.balance, stance_side, self.targets.hold_s)
            if exercise.balance
            else None
        )
        self._fall = FallDetector() if exercise.fall_detection else None
        self._cues = CueEngine(exercise.form_rules)
        self._gate = ReadinessGate(exercise.start_posture if self._counters else None)
        rom_model = exercise.measurements.get(exercise.rom_measurement or "")
        self._side_window = (
            SideRomWindow() if self.side == "both" and rom_model is not None and rom_model.sided
            else None
        )  # fmt: skip
        self._display_name = self._choose_display_measurement()
        self._display_checked = False
        self._timestamp_ms = math.nan
        self._values: dict[str, float] = {}
        self._pose_visible = False

    def _choose_display_measurement(self) -> str:
        if self.exercise.rom_measurement is not None:
            return self.exercise.rom_measurement
        if self.exercise.hold is not None:
            return self.exercise.hold.posture[0].measurement
        return next(iter(self.exercise.measurements))

    def _measurable_display(self, pose: Pose) -> str:
        """The display measurement, or the counting signal if the backend cannot measure it.

        A backend without the display measurement's keypoints (MoveNet has no foot points for the
        heel raise's foot angle) would show nothing at all; the counting signal, which every
        backend measures, is shown instead. Decided once, from the backend's keypoint names
        rather than per-frame confidence, so the display does not flicker between the two.
        """
        model = self.exercise.measurements[self._display_name]
        names = [
            resolve_keypoint(point, side) for point in model.points for side in ("left", "right")
        ]
        if self.exercise.rep is None or all(pose.has(name) for name in names):
            return self._display_name
        return self.exercise.rep.signal

    def update(self, timestamp_ms: float, pose: Pose | None) -> list[Event]:
        """Analyse one frame.

        Args:
            timestamp_ms: capture time in milliseconds (non-decreasing).
            pose: the patient's pose in image pixels, or ``None`` if nobody was detected.

        Returns:
            Events raised by this frame, in order (reps, ROM records, holds, balance, falls,
            cues).
        """
        if pose is not None and not pose.score >= self.min_score:
            pose = None
        if pose is not None and not self._display_checked:
            self._display_checked = True
            self._display_name = self._measurable_display(pose)
        self._timestamp_ms = timestamp_ms
        self._pose_visible = pose is not None
        readings = self._measurements.evaluate(pose, timestamp_ms)
        active = self._active_channel()
        self._values = readings[active]
        events = self._count(timestamp_ms, readings)
        if self._hold is not None:
            events += self._hold.update(timestamp_ms, self._values)
        body = body_points(pose, self.min_score) if pose is not None else None
        if self._balance is not None:
            events += self._balance.update(timestamp_ms, body)
        if self._fall is not None:
            events += self._fall.update(timestamp_ms, body)
        if self._gate.counting:
            events += self._cues.update(timestamp_ms, self._phase(), self._values)
        else:
            self._cues.pause()
        return events

    def _count(self, timestamp_ms: float, readings: dict[str, dict[str, float]]) -> list[Event]:
        """Feed the rep counters while the readiness gate is open; otherwise let them only
        learn the rest value, and drop a rep in progress when the patient leaves the set.
        """
        at_start = all([  # a list, not a generator: every counter must watch this frame
            counter.watch(timestamp_ms, readings[channel][counter.rep.signal],
                          readings[channel][self._rom_name])
            if not self._gate.counting
            else counter.phase is RepPhase.START
            for channel, counter in self._counters.items()
        ])
        if self._gate.update(timestamp_ms, self._values, at_start):
            for counter in self._counters.values():
                counter.abandon()
        events: list[Event] = []
        for channel, counter in self._counters.items():
            values = readings[channel]
            signal = values[counter.rep.signal] if self._gate.counting else math.nan
            rep_events = counter.update(timestamp_ms, signal, values[self._rom_name])
            if self._side_window is not None:
                rep_events = self._with_sides(rep_events)
            events += self._with_rom(rep_events)
        return events

    @property
    def _rom_name(self) -> str:
        return self.exercise.rom_measurement or self._display_name

    def _with_sides(self, events: list[Event]) -> list[Event]:
        """Attach left and right ROM arcs to completed reps of a two-sided exercise."""
        assert self._side_window is not None
        left, right = self._measurements.side_values.get(self._rom_name, (math.nan, math.nan))
        self._side_window.see(left, right)
        if not events:
            return events
        annotated = [
            self._side_window.annotate(e) if isinstance(e, RepCompleted) else e for e in events
        ]
        if any(isinstance(e, RepCompleted | PartialRep) for e in events):
            self._side_window.restart(left, right)  # this frame opens the next rest period
        return annotated

    def _with_rom(self, events: list[Event]) -> list[Event]:
        """Add ROM records after completed reps and the partial-rep cue after short ones."""
        out: list[Event] = []
        rep = self.exercise.rep
        for event in events:
            out.append(event)
            if isinstance(event, RepCompleted):
                out += self._rom.on_rep(event)
            elif (
                isinstance(event, PartialRep)
                and event.reason is PartialReason.TURN_NOT_REACHED
                and rep is not None
                and rep.partial_rep_cue
            ):
                out += self._cues.offer(
                    event.timestamp_ms, "partial_rep", rep.partial_rep_cue, rep.signal,
                    event.signal_peak,
                )  # fmt: skip
        return out

    def _active_channel(self) -> str:
        """The channel to display: for alternating sides, the one that is mid-rep."""
        for channel, counter in self._counters.items():
            if counter.phase is not RepPhase.START:
                return channel
        return self._channels[0]

    def _phase(self) -> TrackerPhase:
        if self._balance is not None:
            return self._balance.phase
        if self._hold is not None:
            return self._hold.phase
        if self._counters:
            return self._counters[self._active_channel()].phase
        return RepPhase.START

    def finish(self, timestamp_ms: float) -> list[Event]:
        """End the set or clip: flush a rep in progress as partial, close holds and trials."""
        events: list[Event] = []
        for counter in self._counters.values():
            events += self._with_rom(counter.finish(timestamp_ms))
        if self._hold is not None:
            events += self._hold.finish(timestamp_ms)
        if self._balance is not None:
            events += self._balance.finish(timestamp_ms)
        return events

    @property
    def calibrations(self) -> dict[str, TurnCalibration]:
        """The rep counters' turn-line calibrations by channel (empty without reps)."""
        return {channel: counter.calibration for channel, counter in self._counters.items()}

    @property
    def balance_result(self) -> BalanceResult | None:
        """Outcome of the balance trial once it ended (balance exercises only)."""
        return self._balance.result if self._balance is not None else None

    @property
    def best_hold_s(self) -> float:
        """Longest bout held so far (hold exercises), seconds."""
        return self._hold.best_hold_s if self._hold is not None else 0.0

    @property
    def state(self) -> TrackerState:
        """Display snapshot after the last :meth:`update`."""
        return TrackerState(
            timestamp_ms=self._timestamp_ms,
            exercise_id=self.exercise.id,
            exercise_name=self.exercise.name,
            kind=self.exercise.kind,
            side=self.side,
            measurement_name=self._display_name,
            measurement_value=self._values.get(self._display_name, math.nan),
            measurement_unit=self.exercise.measurements[self._display_name].unit,
            measurement_keypoint=self._display_keypoint(),
            phase=self._phase(),
            pose_visible=self._pose_visible,
            reps_completed=sum(c.reps_completed for c in self._counters.values()),
            partial_reps=sum(c.partial_reps for c in self._counters.values()),
            target_reps=self.targets.reps,
            hold_s=self._hold_seconds(),
            target_hold_s=self.targets.hold_s,
            best_rom_deg=self._rom.best_rom_deg,
            rom_target_deg=self.targets.rom_target_deg,
            cue=self._cues.current_text(self._timestamp_ms),
            cue_severity=self._cues.current.severity
            if self._cues.current_text(self._timestamp_ms) and self._cues.current
            else None,
            fall_detected=self._fall.fallen if self._fall is not None else False,
            readiness=self._gate.state,
            start_posture=(
                self.exercise.start_posture.name if self.exercise.start_posture else None
            ),
        )

    def _hold_seconds(self) -> float:
        if self._hold is not None:
            return self._hold.held_s
        if self._balance is not None:
            return self._balance.time_in_stance_s(self._timestamp_ms)
        return 0.0

    def _display_keypoint(self) -> str | None:
        model = self.exercise.measurements[self._display_name]
        vertex = model.points[1] if isinstance(model, JointAngle) else model.points[0]
        side = self._active_channel()
        return expand_side(vertex, "left" if side == "both" else side)


__all__ = ["ExerciseTracker", "FallDetected", "TrackerState"]
