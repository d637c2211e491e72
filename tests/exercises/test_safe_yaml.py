"""Hostile YAML is refused with a located error: aliases, bombs, depth, size, bad bytes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coach.exercises import safe_yaml
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import check_library, load_library
from coach.exercises.loader import load_exercise_file, validate_text
from coach.exercises.schema import ExerciseDefinition, RoutineDefinition

LIBRARY = Path(__file__).parents[2] / "exercises"
SQUAT = (LIBRARY / "squat.yaml").read_text("utf-8")

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("text", "line", "column", "match"),
    [
        ("x: &x\n  y: *x\n", 2, 6, r"aliases \(\*x\) are not allowed"),
        ("x: &x [*x]\n", 1, 8, r"aliases \(\*x\) are not allowed"),
        (BILLION_LAUGHS, 2, 8, r"aliases \(\*a\) are not allowed"),
        ("x: " + "[" * 10_000 + "]" * 10_000, 1, 3 + safe_yaml.MAX_DEPTH, "nested more than"),
        ("name: ok\nx: \x00\n", 2, 4, "character #x0000 is not allowed"),
        ("x: " + "9" * 5000 + "\n", 1, 4, "invalid value: Exceeds the limit"),
        ("x: " + "a" * (1 << 20), 1, 1, "at most 256 KiB"),
        ("x: !!python/object/apply:os.system ['true']\n", 1, 4, "could not determine"),
        ("? [a]\n: 1\n", 1, 3, "unhashable key"),
    ],
)
def test_hostile_text_is_refused_with_line_and_column(
    text: str, line: int, column: int, match: str
) -> None:
    for model in (ExerciseDefinition, RoutineDefinition):
        with pytest.raises(ExerciseDefinitionError, match=match) as info:
            validate_text(model, text, "hostile.yaml")
        assert (info.value.line, info.value.column) == (line, column)
        assert str(info.value).startswith(f"hostile.yaml:{line}:{column}:")


def test_an_anchor_without_alias_is_harmless_and_loads() -> None:
    text = SQUAT.replace("name: Squat", "name: &n Squat", 1)
    assert validate_text(ExerciseDefinition, text, "squat.yaml").name == "Squat"


def test_a_binary_file_is_refused_at_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "squat.yaml"
    path.write_bytes(b"id: squat\nname: Sq\xffuat\n")
    with pytest.raises(ExerciseDefinitionError, match="not UTF-8") as info:
        load_exercise_file(path)
    assert (info.value.line, info.value.column) == (2, 9)


def test_an_oversized_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "squat.yaml"
    path.write_text("x: " + "a" * (safe_yaml.MAX_TEXT_BYTES + 10))
    with pytest.raises(ExerciseDefinitionError, match="larger than 256 KiB"):
        load_exercise_file(path)


@pytest.mark.parametrize(
    ("old", "new", "field", "match"),
    [
        ("turn_threshold: 30", "turn_threshold: 1e29", "rep.turn_threshold", "outside the range"),
        ("start_threshold: 10", "start_threshold: -148", "rep.start_threshold", "0 to 100 pct"),
        ("max_value: 50", "max_value: -148", "form_rules.0.max_value", "0 to 180 deg"),
        ("rest_s: 60", "rest_s: 1e29", "targets.rest_s", "less than or equal to 1800"),
    ],
)
def test_thresholds_outside_what_the_body_can_do_are_refused_at_their_line(
    old: str, new: str, field: str, match: str
) -> None:
    assert old in SQUAT
    text = SQUAT.replace(old, new, 1)
    with pytest.raises(ExerciseDefinitionError, match=match) as info:
        validate_text(ExerciseDefinition, text, "squat.yaml")
    assert info.value.field_path == field
    assert info.value.line == next(i for i, s in enumerate(text.splitlines(), 1) if new in s)


def test_every_library_threshold_is_within_its_measurement_range() -> None:
    # the real library must stay loadable under the new ranges
    assert len(load_library().exercises) >= 15


def _broken_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises"
    shutil.copytree(LIBRARY, folder)
    (folder / "squat.yaml").write_text("x: &x\n  y: *x\n")
    (folder / "lunge.yaml").write_text("a: [")
    curl = folder / "elbow_curl.yaml"
    # out of range whether read as an angle or as an offset from rest (±180°)
    curl.write_text(re.sub(r"start_threshold: \S+", "start_threshold: -300", curl.read_text()))
    knee = folder / "routines" / "knee_rehab.yaml"
    (folder / "routines" / "knee_rehab_copy.yaml").write_text(knee.read_text())
    return folder


def test_folder_check_reports_every_bad_file_not_just_the_first(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path)
    checked = check_library(folder)
    bad = {Path(p.source).name: p for p in checked.problems}
    assert set(bad) == {"squat.yaml", "lunge.yaml", "elbow_curl.yaml", "knee_rehab_copy.yaml"}
    assert "also used by" in bad["knee_rehab_copy.yaml"].problem
    assert all(p.line is not None and p.column is not None for p in checked.problems)
    # the good files are still there, and a routine naming the broken squat is not blamed for it
    assert "heel_raise" in checked.library.exercises
    assert "knee_rehab" in checked.library.routines
    with pytest.raises(ExerciseDefinitionError, match=r"and 3 more problems in this folder"):
        load_library(folder)
