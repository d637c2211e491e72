"""The assessment library: every standard functional test under ``exercises/assessments/``.

Each file is validated against :class:`AssessmentDefinition`, its ``id`` must match the file
name, and every exercise it runs must exist in the exercise library beside it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from coach import paths
from coach.exercises.assessment_schema import AssessmentDefinition
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.loader import node_mark, parse_text, read_text, validate_text
from coach.exercises.schema import ExerciseDefinition

logger = logging.getLogger(__name__)

ASSESSMENTS_FOLDER = "assessments"


@dataclass(frozen=True)
class AssessmentLibrary:
    """Validated assessments by id, with the files they came from."""

    assessments: Mapping[str, AssessmentDefinition]
    files: Mapping[str, Path]

    def assessment(self, assessment_id: str) -> AssessmentDefinition:
        """The assessment ``assessment_id``; ``KeyError`` listing the known ids otherwise."""
        try:
            return self.assessments[assessment_id]
        except KeyError:
            known = ", ".join(sorted(self.assessments))
            raise KeyError(f"unknown assessment {assessment_id!r}; known: {known}") from None


def _error_at(path: Path, loc: tuple[str | int, ...], problem: str) -> ExerciseDefinitionError:
    line, column = node_mark(parse_text(read_text(path), str(path)).root, loc)
    return ExerciseDefinitionError(
        str(path), problem, line=line, column=column, field_path=".".join(str(p) for p in loc)
    )


def load_assessment_file(
    path: Path, exercises: Mapping[str, ExerciseDefinition]
) -> AssessmentDefinition:
    """Load one assessment file and check its id and the exercises it names."""
    assessment = validate_text(AssessmentDefinition, read_text(path), str(path))
    if assessment.id != path.stem:
        raise _error_at(path, ("id",), f"id {assessment.id!r} must match the file name "
                        f"{path.stem!r}")  # fmt: skip
    known = ", ".join(sorted(exercises))
    if assessment.exercise is not None and assessment.exercise not in exercises:
        raise _error_at(
            path, ("exercise",), f"unknown exercise {assessment.exercise!r}; expected one of: "
            f"{known}"
        )  # fmt: skip
    for index, stage in enumerate(assessment.stages):
        exercise = exercises.get(stage.exercise)
        if exercise is None:
            raise _error_at(
                path, ("stages", index, "exercise"),
                f"unknown exercise {stage.exercise!r}; expected one of: {known}",
            )  # fmt: skip
        if exercise.kind != "balance":
            raise _error_at(
                path, ("stages", index, "exercise"),
                f"stage exercise {stage.exercise!r} must be of kind balance, not {exercise.kind}",
            )  # fmt: skip
    return assessment


def load_assessments(
    exercises: Mapping[str, ExerciseDefinition], root: Path | None = None
) -> AssessmentLibrary:
    """Load every ``<root>/assessments/*.yaml`` (default root: the repository's exercises).

    Raises:
        ExerciseDefinitionError: the first bad file (with line, column and field path).
    """
    folder = (root if root is not None else paths.exercises_dir()) / ASSESSMENTS_FOLDER
    assessments: dict[str, AssessmentDefinition] = {}
    files: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        assessment = load_assessment_file(path, exercises)
        assessments[assessment.id] = assessment
        files[assessment.id] = path
    logger.debug("loaded %d assessments from %s", len(assessments), folder)
    return AssessmentLibrary(MappingProxyType(assessments), MappingProxyType(files))


def check_assessment_files(
    exercises: Mapping[str, ExerciseDefinition], root: Path | None = None
) -> tuple[list[ExerciseDefinitionError], int]:
    """Every assessment file's problem (not just the first) and how many files were read."""
    folder = (root if root is not None else paths.exercises_dir()) / ASSESSMENTS_FOLDER
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    problems: list[ExerciseDefinitionError] = []
    for path in files:
        try:
            load_assessment_file(path, exercises)
        except ExerciseDefinitionError as exc:
            problems.append(exc)
    return problems, len(files)
