"""The routine draft: ids from names, ordering, YAML round trip and exercise search."""

from __future__ import annotations

import pytest

from coach.app import routine_draft
from coach.exercises.library import ExerciseLibrary, load_library


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return load_library()


def test_a_routine_id_is_made_from_the_name() -> None:
    assert routine_draft.routine_id_from_name("Knee rehab – week 2") == "knee_rehab_week_2"
    assert routine_draft.routine_id_from_name("2nd try") == "routine_2nd_try"


def test_items_move_within_the_list_and_keep_their_identity(library: ExerciseLibrary) -> None:
    draft = routine_draft.RoutineDraft(name="Order")
    first = draft.add(library.exercise("squat"))
    second = draft.add(library.exercise("squat"))
    draft.move(1, -1)
    assert [item.uid for item in draft.items] == [second.uid, first.uid]
    draft.move(0, -5)  # clamped at the top
    assert [item.uid for item in draft.items] == [second.uid, first.uid]
    draft.remove(0)
    assert draft.items == [first]


def test_the_draft_round_trips_through_yaml(library: ExerciseLibrary) -> None:
    draft = routine_draft.RoutineDraft(name="Round trip", description="Check")
    item = draft.add(library.exercise("squat"))
    item.reps, item.notes = 7, "Slowly"
    text = routine_draft.draft_yaml(draft)
    parsed, problem = routine_draft.parse_yaml_draft(text, library)
    assert problem == "" and parsed is not None
    assert parsed.routine_id == "round_trip"
    assert [(i.exercise, i.reps, i.notes) for i in parsed.items] == [("squat", 7, "Slowly")]


def test_an_unknown_exercise_in_yaml_is_reported_with_its_field(library: ExerciseLibrary) -> None:
    text = "id: x\nname: X\nexercises:\n  - exercise: moonwalk\n"
    parsed, problem = routine_draft.parse_yaml_draft(text, library)
    assert parsed is None
    assert problem.startswith("Line 4 · Exercise 1, exercise: unknown exercise 'moonwalk'")


def test_errors_count_exercises_from_1_in_plain_words(library: ExerciseLibrary) -> None:
    text = "id: x\nname: X\nexercises:\n  - exercise: squat\n  - exercise: squat\n    sets: abc\n"
    _, problem = routine_draft.parse_yaml_draft(text, library)
    assert problem == "Line 6 · Exercise 2, sets: should be a whole number; you typed 'abc'"
    _, problem = routine_draft.parse_yaml_draft(text.replace("id: x", "id: X Y"), library)
    assert "Routine id: should start with a small letter" in problem
    assert "Input should" not in problem and "exercises.1" not in problem


def test_an_empty_draft_cannot_be_saved(library: ExerciseLibrary) -> None:
    with pytest.raises(routine_draft.ExerciseDefinitionError, match="exercises"):
        routine_draft.draft_to_routine(routine_draft.RoutineDraft(name="Empty"), library)


def test_search_matches_every_word_in_name_description_or_view(library: ExerciseLibrary) -> None:
    assert "squat" in [e.id for e in routine_draft.search_exercises(library, "SQUAT")]
    assert routine_draft.search_exercises(library, "squat zzz-nothing") == []
    assert len(routine_draft.search_exercises(library, "")) == len(library.exercises)


def test_a_routine_summary_reads_as_plain_targets(library: ExerciseLibrary) -> None:
    text = "id: s\nname: S\nexercises:\n  - exercise: squat\n    sets: 2\n    reps: 8\n"
    routine = routine_draft.parse_routine_yaml(text, "test", library)
    squat = library.exercise("squat").targets
    assert routine_draft.routine_summary(routine, library) == [
        f"Squat: 2 sets of 8 reps, rest {squat.rest_s:g} s, target {squat.rom_target_deg:g}° "
        "highest knee flexion"
    ]
