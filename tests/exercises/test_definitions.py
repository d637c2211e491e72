"""Loading exercise and routine YAML: the library, precise errors, and fuzzed input."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import (
    ExerciseLibrary,
    dump_routine_yaml,
    load_library,
    parse_routine_yaml,
)
from coach.exercises.loader import validate_text
from coach.exercises.schema import ExerciseDefinition


@functools.cache
def _library() -> ExerciseLibrary:
    return load_library()


SQUAT = (Path(__file__).parents[2] / "exercises" / "squat.yaml").read_text("utf-8")


def test_library_has_the_required_exercises_and_routines() -> None:
    library = load_library()
    required = {
        "squat", "sit_to_stand", "lunge", "heel_raise", "standing_hip_abduction",
        "seated_knee_extension", "glute_bridge", "shoulder_abduction", "shoulder_flexion",
        "elbow_curl", "wall_slide", "push_up", "jumping_jack", "single_leg_stance",
        "tandem_stance",
    }  # fmt: skip
    assert required <= set(library.exercises)
    assert set(library.routines) == {"knee_rehab", "shoulder_rehab", "balance_fall_prevention"}
    for exercise in library.exercises.values():
        assert exercise.instructions and exercise.description


def test_unknown_keypoint_names_the_line_and_lists_valid_names() -> None:
    text = SQUAT.replace(
        '"{side}_knee", "{side}_ankle"]\n    flexion',
        '"{side}_kneee", "{side}_ankle"]\n    flexion',
    )
    with pytest.raises(
        ExerciseDefinitionError,
        match=r"<t>:\d+:\d+: \[measurements\.knee_flexion\.points\.1\] "
        r".*unknown keypoint .*left_foot_index",
    ) as info:
        validate_text(ExerciseDefinition, text, "<t>")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "kneee" in s)
    assert info.value.line == line


def test_misspelt_field_is_reported_as_unknown_at_its_key() -> None:
    text = SQUAT.replace("hysteresis: 4", "hysteresys: 4")
    with pytest.raises(ExerciseDefinitionError, match=r"\[rep\.hysteresys\] unknown field") as info:
        validate_text(ExerciseDefinition, text, "squat.yaml")
    assert info.value.column == 3


def test_wrong_type_says_what_was_expected_and_found() -> None:
    text = SQUAT.replace("turn_threshold: 30", "turn_threshold: deep")
    with pytest.raises(
        ExerciseDefinitionError, match=r"rep\.turn_threshold.*valid number.*found 'deep'"
    ):
        validate_text(ExerciseDefinition, text, "squat.yaml")


def test_rule_on_an_unknown_measurement_is_rejected_at_that_rule() -> None:
    text = SQUAT.replace(
        "measurement: trunk_lean\n    max_value: 50", "measurement: trunk_leen\n    max_value: 50"
    )
    with pytest.raises(
        ExerciseDefinitionError,
        match=r"form_rules\.0\.measurement\] unknown measurement 'trunk_leen'",
    ):
        validate_text(ExerciseDefinition, text, "squat.yaml")


def test_start_posture_on_an_unknown_measurement_is_rejected_at_that_bound() -> None:
    posture_bound = "measurement: trunk_lean\n      max_value: 75"
    text = SQUAT.replace(posture_bound, posture_bound.replace("trunk_lean", "trunk_leen"))
    with pytest.raises(
        ExerciseDefinitionError,
        match=r"start_posture\.posture\.1\.measurement\] unknown measurement 'trunk_leen'",
    ):
        validate_text(ExerciseDefinition, text, "squat.yaml")


def test_thresholds_closer_than_the_hysteresis_are_rejected() -> None:
    text = SQUAT.replace("turn_threshold: 30", "turn_threshold: 12")
    with pytest.raises(ExerciseDefinitionError, match="must differ from start_threshold"):
        validate_text(ExerciseDefinition, text, "squat.yaml")


def test_routine_naming_an_unknown_exercise_is_rejected_with_its_line() -> None:
    library = load_library()
    text = "id: r\nname: R\nexercises:\n  - exercise: squat\n  - exercise: squatt\n"
    with pytest.raises(
        ExerciseDefinitionError,
        match=r"<editor>:5:\d+: \[exercises\.1\.exercise\] unknown exercise 'squatt'",
    ):
        parse_routine_yaml(text, "<editor>", library)


def test_routines_survive_a_dump_and_parse_round_trip() -> None:
    library = load_library()
    for routine in library.routines.values():
        text = dump_routine_yaml(routine)
        assert parse_routine_yaml(text, "<dump>", library) == routine


def test_routine_overrides_replace_the_exercise_defaults() -> None:
    library = load_library()
    item = library.routine("knee_rehab").exercises[2]
    targets = item.targets_for(library.exercise(item.exercise))
    assert (targets.sets, targets.reps, targets.rom_target_deg) == (2, 10, 60)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises_anything_but_a_definition_error(text: str) -> None:
    with contextlib.suppress(ExerciseDefinitionError):
        validate_text(ExerciseDefinition, text, "<fuzz>")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(sorted(yaml.safe_load(SQUAT))), yaml_values)
def test_a_squat_with_one_field_replaced_loads_or_fails_cleanly(field: str, value: object) -> None:
    data = yaml.safe_load(SQUAT)
    data[field] = value
    text = yaml.safe_dump(data)
    try:
        exercise = validate_text(ExerciseDefinition, text, "<fuzz>")
    except ExerciseDefinitionError as exc:
        assert exc.field_path.startswith(field) or exc.field_path == ""
    else:
        assert exercise.id == "squat" or field == "id"


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_routine_text_never_raises_anything_but_a_definition_error(text: str) -> None:
    library = _library()
    with contextlib.suppress(ExerciseDefinitionError):
        parse_routine_yaml(text, "<editor>", library)
