"""Per-person calibration of the turn line (issue 10: "and where it helps to their own range in
the first reps"), on scripted squats of the stick figure through the whole tracker, and on the
calibration's own bounds.

Squat depth is the figure's thigh angle ``k`` from vertical (shank at 0.6 k): hip descent is
about 9 % at k = 30, 25 % at k = 50, 35 % at k = 60 and 46 % at k = 70. The squat's declared
turn line is 30 %; its calibration moves it towards 75 % of the patient's median depth, between
20 % and 40 %.
"""

from __future__ import annotations

import math

import pytest

from coach.analysis.calibration import TurnCalibration
from coach.analysis.events import Event, PartialRep, RepCompleted
from coach.exercises.library import load_library
from coach.exercises.schema import ExerciseDefinition, RepCalibration
from coach.session.tracker import ExerciseTracker
from tests.analysis.synthetic import Figure, figure_pose, interpolate

FPS = 30.0
SQUAT = load_library().exercise("squat")


def _squats(depths: list[float], rep_s: float = 3.0, rest_s: float = 1.0) -> list[Event]:
    """Events of squats to thigh angles ``depths`` (see the module doc), standing between."""
    return _run(SQUAT, depths, rep_s, rest_s)


def _run(
    exercise: ExerciseDefinition, depths: list[float], rep_s: float = 3.0, rest_s: float = 1.0
) -> list[Event]:
    """A 3-s squat keeps a shallow one above the 1-s minimum rep time past the start line."""
    tracker = ExerciseTracker(exercise)
    events: list[Event] = []
    t, step = 0.0, 1000.0 / FPS
    standing = Figure()
    for depth in [None, *depths]:
        if depth is not None:
            bottom = Figure(shank_up=0.6 * depth, thigh_up=-depth)
            for i in range(int(rep_s * FPS)):
                u = (1.0 - math.cos(2.0 * math.pi * i / (rep_s * FPS))) / 2.0
                events += tracker.update(t, figure_pose(interpolate(standing, bottom, u)))
                t += step
        for _ in range(int(rest_s * FPS)):
            events += tracker.update(t, figure_pose(standing))
            t += step
    return events + tracker.finish(t)


def _outcomes(events: list[Event]) -> str:
    """One letter per movement in order: ``R`` counted, ``p`` partial."""
    moves = [e for e in events if isinstance(e, RepCompleted | PartialRep)]
    return "".join("R" if isinstance(e, RepCompleted) else "p" for e in moves)


def _without_calibration() -> ExerciseDefinition:
    assert SQUAT.rep is not None
    return SQUAT.model_copy(update={"rep": SQUAT.rep.model_copy(update={"calibration": None})})


def test_a_small_range_patient_is_counted_after_two_attempts() -> None:
    events = _squats([52.0] * 6)  # ~27 % hip descent, short of the declared 30 %
    peaks = [e.signal_peak for e in events if isinstance(e, RepCompleted | PartialRep)]
    assert all(20 < p < 30 for p in peaks), peaks
    assert _outcomes(events) == "ppRRRR"
    # the same squats without calibration are never counted
    assert _outcomes(_run(_without_calibration(), [52.0] * 6)) == "pppppp"


def test_a_patient_below_the_declared_minimum_is_never_counted() -> None:
    events = _squats([44.0] * 8)  # ~19 % hip descent: less than the 20 % minimum excursion
    assert _outcomes(events) == "pppppppp"


def test_a_large_range_patients_shallow_squat_is_a_partial() -> None:
    deep, shallow = 72.0, 58.0  # ~49 % and ~33 % hip descent
    events = _squats([deep, deep, deep, shallow, deep])
    moves = [e for e in events if isinstance(e, RepCompleted | PartialRep)]
    assert 30 < moves[3].signal_peak < 36  # past the declared turn line ...
    assert _outcomes(events) == "RRRpR"  # ... yet short of this patient's own range
    assert _outcomes(_run(_without_calibration(), [deep, deep, deep, shallow, deep])) == "RRRRR"


def test_one_squat_is_not_enough_to_calibrate() -> None:
    assert _outcomes(_squats([72.0, 58.0])) == "RR"


SPEC = RepCalibration(min_turn_excursion=20, max_turn_excursion=40)


def test_the_turn_closes_half_the_gap_per_movement_towards_three_quarters_of_the_median() -> None:
    calibration = TurnCalibration(SPEC)
    calibration.observe(40.0, declared_turn=30.0, floor=14.0)
    assert not calibration.active  # one movement is not enough
    calibration.observe(48.0, declared_turn=30.0, floor=14.0)
    assert calibration.turn_excursion == pytest.approx(30.0 + 0.5 * (0.75 * 44.0 - 30.0))
    calibration.observe(44.0, declared_turn=30.0, floor=14.0)
    assert calibration.turn_excursion == pytest.approx(31.5 + 0.5 * (33.0 - 31.5))


@pytest.mark.parametrize(
    ("excursions", "limit"), [([100.0] * 20, 40.0), ([5.0] * 20, 20.0), ([22.0] * 20, 20.0)]
)
def test_the_turn_stays_within_its_bounds(excursions: list[float], limit: float) -> None:
    calibration = TurnCalibration(SPEC)
    for excursion in excursions:
        calibration.observe(excursion, declared_turn=30.0, floor=14.0)
    assert calibration.turn_excursion == pytest.approx(limit, abs=0.01)


def test_the_turn_never_comes_within_hysteresis_of_the_start_line() -> None:
    calibration = TurnCalibration(SPEC)
    for _ in range(20):
        calibration.observe(10.0, declared_turn=30.0, floor=26.0)
    assert calibration.turn_excursion == pytest.approx(26.0, abs=0.01)


def test_without_a_spec_nothing_is_learnt() -> None:
    calibration = TurnCalibration(None)
    calibration.observe(50.0, declared_turn=30.0, floor=14.0)
    calibration.observe(50.0, declared_turn=30.0, floor=14.0)
    assert not calibration.active


def test_a_calibration_whose_minimum_is_inside_the_start_band_is_refused() -> None:
    assert SQUAT.rep is not None
    data = SQUAT.rep.model_dump()
    data["calibration"] = {"min_turn_excursion": 3, "max_turn_excursion": 40}
    with pytest.raises(ValueError, match=r"min_turn_excursion \(3\.0\) must exceed"):
        type(SQUAT.rep).model_validate(data)
    data["calibration"] = {"min_turn_excursion": 30, "max_turn_excursion": 20}
    with pytest.raises(ValueError, match=r"max_turn_excursion \(20\.0\) must not be below"):
        type(SQUAT.rep).model_validate(data)


def test_a_falling_signal_calibrates_the_same_way() -> None:
    """Knee extension from 90° towards 0°: a patient who only reaches 40° (50° of excursion,
    short of the declared turn at 30°) is counted once the turn line has followed them."""
    from coach.analysis.reps import RepCounter
    from coach.exercises.schema import RepDefinition

    rep = RepDefinition(
        signal="knee", start_threshold=80, turn_threshold=30, hysteresis=5,
        min_rep_duration_s=0.5, max_rep_duration_s=10,
        calibration=RepCalibration(min_turn_excursion=30, max_turn_excursion=70),
    )  # fmt: skip
    counter = RepCounter(rep)
    events: list[Event] = []
    t = 0.0
    for _ in range(6):
        for i in range(90):
            u = (1.0 - math.cos(2.0 * math.pi * (i - 15) / 60)) / 2.0 if 15 <= i < 75 else 0.0
            events += counter.update(t, 90.0 - 50.0 * u)
            t += 1000.0 / FPS
    assert _outcomes(events) == "ppRRRR"
    # five updates (movements 2-6) from the declared 60° towards 0.75 x 50° = 37.5°, in the
    # rising-normalised frame where rest is -90
    assert counter.turn_line == pytest.approx(-90.0 + 37.5 + 0.5**5 * (60.0 - 37.5), abs=0.2)
