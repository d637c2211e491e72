"""The live page's tracker factory: each set of an exercise carries on the turn-line calibration
learnt in the set before (issue 10: calibration "to their own range in the first reps" of a
visit, not of every set).

Scripted squats of the stick figure: a thigh angle of 52° from vertical is about 27 % hip
descent, short of the squat's declared 30 % turn line; two movements teach the calibration the
patient's range (see ``tests/analysis/test_calibration.py``).
"""

from __future__ import annotations

import math

from coach.analysis.events import Event, PartialRep, RepCompleted
from coach.exercises.library import load_library
from coach.live.controller import TrackerFactory, library_tracker_factory
from coach.live.plan import single_exercise_plan
from tests.analysis.synthetic import Figure, figure_pose, interpolate

FPS = 30.0
SMALL_RANGE_DEG = 52.0


def _set(factory: TrackerFactory, squats: int) -> str:
    """One set of ``squats`` small squats; a letter per movement: ``R`` rep, ``p`` partial."""
    library = load_library()
    (item,) = single_exercise_plan(library.exercise("squat"), sets=2)
    tracker = factory(item)
    events: list[Event] = []
    t, step = 0.0, 1000.0 / FPS
    standing, bottom = Figure(), Figure(shank_up=0.6 * SMALL_RANGE_DEG, thigh_up=-SMALL_RANGE_DEG)
    for squat in range(squats + 1):
        if squat:
            for i in range(int(3.0 * FPS)):
                u = (1.0 - math.cos(2.0 * math.pi * i / (3.0 * FPS))) / 2.0
                events += tracker.update(t, figure_pose(interpolate(standing, bottom, u)))
                t += step
        for _ in range(int(1.0 * FPS)):
            events += tracker.update(t, figure_pose(standing))
            t += step
    events += tracker.finish(t)
    moves = [e for e in events if isinstance(e, RepCompleted | PartialRep)]
    return "".join("R" if isinstance(e, RepCompleted) else "p" for e in moves)


def test_the_second_set_counts_a_small_range_patient_from_the_first_squat() -> None:
    factory = library_tracker_factory(load_library())
    assert _set(factory, 3) == "ppR"  # set 1: two attempts teach the patient's range
    assert _set(factory, 2) == "RR"  # set 2 starts with it


def test_a_new_visit_starts_from_the_declared_turn_line() -> None:
    library = load_library()
    assert _set(library_tracker_factory(library), 3) == "ppR"
    assert _set(library_tracker_factory(library), 2) == "pp"  # another visit's factory
