"""Assessment files: bad ones are refused with file, line, field and what was expected."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.exercises.assessment_library import load_assessments
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import load_library
from coach.exercises.norms import NormPosition, age_on, interpret, real_change

REPO_EXERCISES = Path(__file__).resolve().parents[2] / "exercises"


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO_EXERCISES, tmp_path / "exercises")
    return tmp_path / "exercises"


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "assessments" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_unknown_exercise_names_the_line_and_the_valid_ones(library_copy: Path) -> None:
    _edit(library_copy, "chair_stand_30s.yaml", "exercise: sit_to_stand", "exercise: sit_too")
    with pytest.raises(ExerciseDefinitionError) as caught:
        load_assessments(load_library(library_copy).exercises, library_copy)
    error = caught.value
    assert error.field_path == "exercise" and error.line is not None
    assert "unknown exercise 'sit_too'; expected one of:" in str(error)
    assert "chair_stand_30s.yaml" in str(error)


def test_a_scoring_rule_without_its_parameter_is_refused(library_copy: Path) -> None:
    _edit(library_copy, "five_times_sit_to_stand.yaml", "  stands: 5\n", "")
    with pytest.raises(ExerciseDefinitionError, match="scoring rule 'time_for_stands' needs "
                       "stands"):  # fmt: skip
        load_assessments(load_library(library_copy).exercises, library_copy)


def test_a_stage_that_is_not_a_balance_exercise_is_refused(library_copy: Path) -> None:
    _edit(library_copy, "four_stage_balance.yaml", "exercise: tandem_stance", "exercise: squat")
    with pytest.raises(ExerciseDefinitionError, match="must be of kind balance, not reps"):
        load_assessments(load_library(library_copy).exercises, library_copy)


def test_coach_exercises_validate_reports_a_bad_assessment_in_one_line(
    library_copy: Path,
) -> None:
    _edit(library_copy, "single_leg_stance_time.yaml", "max_s: 45", "max_s: -3")
    result = CliRunner().invoke(app, ["exercises", "validate", str(library_copy)])
    assert result.exit_code == 2
    assert "single_leg_stance_time.yaml:" in result.output
    assert "[scoring.max_s]" in result.output and "Traceback" not in result.output


def test_norms_read_by_age_and_sex_and_the_mdc_separates_noise_from_change() -> None:
    tests = load_assessments(load_library().exercises).assessments
    chair = tests["chair_stand_30s"]
    # Women 65-69: 11-16 stands; men 65-69: 12-18 (Rikli & Jones).
    assert interpret(chair, 11, 67, "female").position is NormPosition.WITHIN
    assert interpret(chair, 11, 67, "male").position is NormPosition.BELOW
    assert interpret(chair, 11, 67, None).band is None  # sex-specific norms need the sex
    assert interpret(chair, 20, 67, "male").position is NormPosition.ABOVE
    assert real_change(chair, 10, 12) is False and real_change(chair, 10, 13) is True
    sts = tests["five_times_sit_to_stand"]
    assert interpret(sts, 11.0, 75, None).position is NormPosition.WITHIN
    assert interpret(sts, 13.0, 75, None).position is NormPosition.BELOW  # slower is worse
    assert interpret(sts, 15.0, 64, None).flags == ()  # the fall cut-off is for 65 and over
    assert [f.id for f in interpret(sts, 15.0, 65, None).flags] == ["fall_risk"]
    assert age_on(date(1950, 6, 2), date(2026, 6, 1)) == 75  # the day before the birthday
