"""What "Practise one exercise" offers: plans first, then allowed extras by name, each once."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from coach.app.practice_choices import ActivePlan, PracticeChoice, practice_choices, recorded_as
from coach.exercises.library import ExerciseLibrary, load_library
from coach.live.plan import single_exercise_plan
from coach.store import AllowedExerciseInfo


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return load_library()


def _allowed(key: str, note: str = "") -> AllowedExerciseInfo:
    return AllowedExerciseInfo(id=1, patient_id=2, exercise_key=key, note=note,
                               allowed_by="thera", allowed_at=datetime.now(UTC))  # fmt: skip


def test_extras_come_after_the_plan_sorted_by_name_labelled_and_once_each(
    library: ExerciseLibrary,
) -> None:
    prescribed = single_exercise_plan(library.exercise("squat"))
    prescribed += single_exercise_plan(library.exercise("glute_bridge"))
    allowed = [_allowed("wall_sit", "Hold on to a chair"), _allowed("squat"),
               _allowed("heel_raise"), _allowed("moonwalk")]  # fmt: skip
    choices = practice_choices(prescribed, allowed, library)
    assert [c.label for c in choices] == [
        "Squat", "Glute bridge",
        "Heel raise (extra, allowed by your therapist)",
        "Wall sit (extra, allowed by your therapist)",
    ]  # fmt: skip
    assert [(c.exercise_key, c.allowed, c.note) for c in choices[2:]] == [
        ("heel_raise", True, ""), ("wall_sit", True, "Hold on to a chair"),
    ]  # fmt: skip


def test_nothing_prescribed_and_nothing_allowed_offers_nothing(library: ExerciseLibrary) -> None:
    assert practice_choices([], [], library) == []


def test_a_prescribed_exercise_is_recorded_with_the_newest_plans_targets_an_extra_with_defaults(
    library: ExerciseLibrary,
) -> None:
    squat = library.exercise("squat")
    newer = single_exercise_plan(squat, sets=4)
    older = single_exercise_plan(squat, sets=2)
    plans = [ActivePlan(7, "Knee, week 2", newer), ActivePlan(3, "Knee, week 1", older)]
    item, prescription_id = recorded_as(PracticeChoice("squat", "Squat"), plans, library)
    assert (item, prescription_id) == (dataclasses.replace(newer[0], sets=1), 7)  # one set
    item, prescription_id = recorded_as(
        PracticeChoice("wall_sit", "Wall sit", allowed=True), plans, library
    )
    assert (item.exercise_key, item.sets, prescription_id) == ("wall_sit", 1, None)
