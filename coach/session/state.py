"""What a display shows about an exercise in progress (one frozen snapshot per frame)."""

from __future__ import annotations

from dataclasses import dataclass

from coach.analysis.cues import AnalyzerPhase
from coach.analysis.readiness import Readiness

#: The phase of whichever analyzer the exercise runs.
TrackerPhase = AnalyzerPhase


@dataclass(frozen=True, slots=True)
class TrackerState:
    """Snapshot of an :class:`~coach.session.tracker.ExerciseTracker` for display.

    Attributes:
        timestamp_ms: stream time of the last frame fed.
        exercise_id / exercise_name / kind / side: the exercise being tracked.
        measurement_name: the measurement shown (the ROM measurement for reps).
        measurement_value: its current value (NaN when not confidently seen).
        measurement_unit: ``deg``, ``pct`` or ``torso``.
        measurement_keypoint: keypoint (image) where the value is drawn, e.g. ``left_knee``.
        phase: the current phase, as the analyzer's own enum (a :class:`RepPhase`,
            :class:`HoldPhase` or :class:`BalancePhase`); it becomes words only when drawn.
        pose_visible: whether the last frame had a confident pose.
        reps_completed / partial_reps / target_reps: rep counts of the current set.
        hold_s / target_hold_s: seconds held in the current bout (holds) or in stance
            (balance), and the target.
        best_rom_deg / rom_target_deg: best ROM arc of the set and the prescribed target.
        cue / cue_severity: the cue currently on screen, or ``None``.
        fall_detected: a fall was detected and the patient is not yet back up.
        readiness: whether counting waits for, or runs in, the exercise's start posture
            (always ``READY`` for an exercise without one).
        start_posture: what the patient is asked to take before counting starts, or ``None``.
    """

    timestamp_ms: float
    exercise_id: str
    exercise_name: str
    kind: str
    side: str
    measurement_name: str
    measurement_value: float
    measurement_unit: str
    measurement_keypoint: str | None
    phase: TrackerPhase
    pose_visible: bool
    reps_completed: int
    partial_reps: int
    target_reps: int | None
    hold_s: float
    target_hold_s: float | None
    best_rom_deg: float
    rom_target_deg: float | None
    cue: str | None
    cue_severity: str | None
    fall_detected: bool
    readiness: Readiness = Readiness.READY
    start_posture: str | None = None
