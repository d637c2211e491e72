"""ExerciseTracker on scripted keypoints with jitter, dropouts and low-confidence frames."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coach.analysis.balance import BalancePhase
from coach.analysis.events import Event, PartialRep, RepCompleted
from coach.analysis.readiness import Readiness
from coach.analysis.reps import RepPhase
from coach.exercises.library import load_library
from coach.pose.types import Pose
from coach.session.tracker import ExerciseTracker
from tests.analysis.synthetic import Figure, figure_pose, rep_sequence

SQUAT_START, SQUAT_TURN = Figure(), Figure(shank_up=40, thigh_up=-65, trunk_up=25)


@pytest.mark.parametrize("seed", range(4))
def test_squats_count_exactly_with_jitter_missing_people_and_weak_frames(seed: int) -> None:
    rng = np.random.default_rng(seed)
    tracker = ExerciseTracker(load_library().exercise("squat"))
    events: list[Event] = []
    last_ms = 0.0
    for timestamp_ms, figure in rep_sequence(SQUAT_START, SQUAT_TURN, reps=5, rep_s=2.5):
        roll = rng.random()
        pose: Pose | None = figure_pose(figure, jitter_px=3.0, rng=rng)
        if roll < 0.08:
            pose = None  # nobody detected
        elif roll < 0.16:
            pose = figure_pose(figure, score=0.1)  # the whole pose below the threshold
        events += tracker.update(timestamp_ms, pose)
        last_ms = timestamp_ms
    events += tracker.finish(last_ms)
    assert [e.index for e in events if isinstance(e, RepCompleted)] == [1, 2, 3, 4, 5]
    assert not [e for e in events if isinstance(e, PartialRep)]
    assert (tracker.state.reps_completed, tracker.state.partial_reps) == (5, 0)


def test_state_shows_the_knee_angle_phase_and_targets_for_display() -> None:
    tracker = ExerciseTracker(load_library().exercise("squat"))
    for i in range(30):  # standing still for a second opens the readiness gate
        tracker.update(i * 33.0, figure_pose(SQUAT_START))
    assert tracker.state.readiness is Readiness.READY
    tracker.update(30 * 33.0, figure_pose(SQUAT_TURN))
    state = tracker.state
    assert state.exercise_id == "squat" and state.kind == "reps"
    assert state.measurement_name == "knee_flexion" and state.measurement_unit == "deg"
    assert state.measurement_value == pytest.approx(105.0, abs=0.01)
    assert state.measurement_keypoint == "left_knee"
    assert state.phase is RepPhase.TURN and state.pose_visible
    assert (state.reps_completed, state.target_reps, state.rom_target_deg) == (0, 10, 70)
    assert state.cue is None and not state.fall_detected


def test_a_frame_with_no_person_is_a_dropout_not_an_error() -> None:
    tracker = ExerciseTracker(load_library().exercise("single_leg_stance"))
    assert tracker.update(0.0, None) == []
    state = tracker.state
    assert not state.pose_visible and math.isnan(state.measurement_value)
    assert state.phase is BalancePhase.WAITING  # the enum itself, words only when drawn
