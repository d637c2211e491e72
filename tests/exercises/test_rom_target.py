"""The value set against each exercise's ROM target moves the right way as a patient improves.

Each exercise in the library is driven through the real tracker with a scripted stick figure
doing one shallower and one fuller rep (further from the start posture); the value its ROM
target refers to must be better for the fuller rep, by the exercise's own notion of better.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from coach.analysis.events import RepCompleted
from coach.exercises.library import ExerciseLibrary, load_library
from coach.exercises.rom_target import RomTargetMeasure, rom_target_measure
from coach.session.tracker import ExerciseTracker
from tests.analysis.synthetic import Figure, figure_pose, interpolate, rep_sequence
from tests.exercises.test_library_counters import REP_SCRIPTS

SCRIPTS: dict[str, tuple[Figure, Figure]] = {
    **REP_SCRIPTS,
    "elbow_curl": (
        Figure(upper_arm_down=5, forearm_down=5, r_forearm_down=5),
        Figure(upper_arm_down=5, forearm_down=130, r_forearm_down=5),
    ),
}
#: How far toward the scripted turning posture the shallower and the fuller rep go.
SHALLOW, FULL = 0.9, 1.05


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return load_library()


def _best_value(library: ExerciseLibrary, exercise_id: str, reach: float) -> float:
    exercise = library.exercise(exercise_id)
    measure = rom_target_measure(exercise)
    assert measure is not None
    start, turn = SCRIPTS[exercise_id]
    rep_s = 1.0 if exercise_id == "jumping_jack" else 2.5
    tracker = ExerciseTracker(exercise)
    rng = np.random.default_rng(0)
    frames = list(rep_sequence(start, interpolate(start, turn, reach), reps=2, rep_s=rep_s))
    events = []
    for timestamp_ms, figure in frames:
        events += tracker.update(timestamp_ms, figure_pose(figure, jitter_px=0.5, rng=rng))
    live_best = tracker.state.best_rom_deg  # what the live panel shows as the set's best
    events += tracker.finish(frames[-1][0] + 33.0)
    reps = [e for e in events if isinstance(e, RepCompleted)]
    assert reps, f"{exercise_id}: no rep counted at {reach:.0%} of the scripted movement"
    best = measure.best(measure.value(r.rom_min_deg, r.rom_max_deg) for r in reps)
    assert best is not None
    assert live_best == pytest.approx(best)
    return best


def test_every_exercise_with_reps_declares_what_its_rom_target_refers_to(
    library: ExerciseLibrary,
) -> None:
    with_reps = [e for e in library.exercises.values() if e.rep is not None]
    assert set(SCRIPTS) == {e.id for e in with_reps}
    assert all(e.rep is not None and e.rep.rom_target_of for e in with_reps)


@pytest.mark.parametrize("exercise_id", sorted(SCRIPTS))
def test_the_value_against_the_target_improves_with_a_fuller_movement(
    library: ExerciseLibrary, exercise_id: str
) -> None:
    measure = rom_target_measure(library.exercise(exercise_id))
    assert measure is not None
    shallow = _best_value(library, exercise_id, SHALLOW)
    full = _best_value(library, exercise_id, FULL)
    assert measure.is_better(full, shallow), (measure.of, shallow, full)
    assert abs(full - shallow) > 2.0  # a real change, not jitter


def test_the_knee_extension_target_is_the_extension_deficit_lower_is_better() -> None:
    measure = RomTargetMeasure(of="lowest_angle", measurement="knee_flexion")
    assert measure.value(8.0, 90.0) == 8.0
    assert measure.best([25.0, 12.0, None, math.nan]) == 12.0
    assert measure.reached(9.5, 10.0) and not measure.reached(12.0, 10.0)
    assert measure.label == "Lowest knee flexion (°)"
    assert RomTargetMeasure("range", "hip_extension").label == "Range of hip extension (°)"
    assert "lower is better" in measure.explanation


def test_the_range_is_the_arc_and_a_missing_angle_gives_no_value() -> None:
    measure = RomTargetMeasure(of="range", measurement="hip_extension")
    assert measure.value(140.0, 168.0) == 28.0
    assert measure.value(None, 168.0) is None
    assert measure.reached(28.0, 25.0) and not measure.reached(20.0, 25.0)
