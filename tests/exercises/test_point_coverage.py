"""Exercises whose counting needs a point the backend lacks are refused; optional parts are
named as unavailable (issue 10: "the exercise says so clearly instead of counting something
else")."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.exercises.library import load_library
from coach.exercises.point_coverage import MissingKeypointsError, point_coverage, require_points
from coach.live.guidance import backend_words
from tests.support.heel_library import heel_counted_library

LIBRARY = load_library()


@pytest.mark.parametrize("backend", ["movenet-lightning", "movenet-multipose", "blazepose-lite"])
@pytest.mark.parametrize("exercise_id", sorted(LIBRARY.exercises))
def test_every_library_exercise_runs_on_every_backend(exercise_id: str, backend: str) -> None:
    require_points(LIBRARY.exercise(exercise_id), backend)


def test_heel_raise_on_movenet_counts_and_says_its_foot_angle_is_unavailable() -> None:
    coverage = point_coverage(LIBRARY.exercise("heel_raise"), "movenet-lightning")
    assert coverage.usable
    assert coverage.notes() == [
        "heel_raise on movenet-lightning: range of motion (foot_angle) unavailable, it needs "
        "left_heel, left_foot_index, right_heel, right_foot_index; use blazepose-lite or "
        "blazepose-full or blazepose-heavy"
    ]


def test_heel_raise_on_blazepose_misses_nothing() -> None:
    coverage = point_coverage(LIBRARY.exercise("heel_raise"), "blazepose-full")
    assert coverage.missing == ()
    assert coverage.notes() == []
    assert coverage.refusal() == ""


def test_one_sided_exercise_names_only_its_own_side() -> None:
    coverage = point_coverage(LIBRARY.exercise("heel_raise"), "movenet-thunder", side="right")
    assert coverage.missing[0].points == ("right_heel", "right_foot_index")


@pytest.fixture(scope="module")
def heel_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return heel_counted_library(tmp_path_factory.mktemp("lib") / "exercises")


def test_a_counting_signal_on_heels_is_refused_on_movenet_naming_points_and_backends(
    heel_library: Path,
) -> None:
    squat = load_library(heel_library).exercise("squat")
    with pytest.raises(MissingKeypointsError) as caught:
        require_points(squat, "movenet-lightning")
    message = str(caught.value)
    assert message == (
        "exercise squat cannot run on movenet-lightning: its counting signal hip_descent "
        "needs left_heel, right_heel, which movenet-lightning does not detect; use "
        "blazepose-lite or blazepose-full or blazepose-heavy"
    )
    assert "\n" not in message
    require_points(squat, "blazepose-full")  # the backends it names do run it


def test_the_strongest_use_of_a_measurement_is_reported(heel_library: Path) -> None:
    """Squat's hip descent is both counting signal and start posture: required either way."""
    coverage = point_coverage(load_library(heel_library).exercise("squat"), "movenet-thunder")
    assert [(p.measurement, p.role, p.required) for p in coverage.missing] == [
        ("hip_descent", "counting signal", True)
    ]


def test_unknown_backend_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown pose detector 'openpose'; valid names: movenet"):
        point_coverage(LIBRARY.exercise("squat"), "openpose")


def test_patient_words_block_the_set_or_name_the_missing_extra(heel_library: Path) -> None:
    squat = load_library(heel_library).exercise("squat")
    words, can_start = backend_words(point_coverage(squat, "movenet-lightning"), "Squat")
    assert not can_start
    assert words.startswith(
        "Squat cannot be counted with the pose model movenet-lightning: it needs to see your "
        "left heel and right heel, which this model does not detect."
    )
    heel = LIBRARY.exercise("heel_raise")
    words, can_start = backend_words(point_coverage(heel, "movenet-lightning"), "Heel raise")
    assert can_start
    assert "reps count but your left heel, left foot index, right heel and right foot " in words
    assert backend_words(point_coverage(heel, "blazepose-lite"), "Heel raise") == ("", True)
