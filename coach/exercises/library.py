"""The exercise library: every exercise and routine under ``exercises/``.

Layout: ``exercises/<id>.yaml`` for exercises and ``exercises/routines/<id>.yaml`` for routines.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from coach import paths
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.loader import (
    _compose,
    _node_at,
    load_exercise_file,
    load_routine_file,
    validate_text,
)
from coach.exercises.schema import ExerciseDefinition, RoutineDefinition

logger = logging.getLogger(__name__)

ROUTINES_FOLDER = "routines"


@dataclass(frozen=True)
class ExerciseLibrary:
    """Validated exercises and routines, by id, with the files they came from."""

    exercises: Mapping[str, ExerciseDefinition]
    routines: Mapping[str, RoutineDefinition]
    exercise_files: Mapping[str, Path]
    routine_files: Mapping[str, Path]

    def exercise(self, exercise_id: str) -> ExerciseDefinition:
        """The exercise ``exercise_id``; ``KeyError`` listing the known ids otherwise."""
        try:
            return self.exercises[exercise_id]
        except KeyError:
            known = ", ".join(sorted(self.exercises))
            raise KeyError(f"unknown exercise {exercise_id!r}; known: {known}") from None

    def routine(self, routine_id: str) -> RoutineDefinition:
        """The routine ``routine_id``; ``KeyError`` listing the known ids otherwise."""
        try:
            return self.routines[routine_id]
        except KeyError:
            known = ", ".join(sorted(self.routines))
            raise KeyError(f"unknown routine {routine_id!r}; known: {known}") from None


def exercise_paths(root: Path) -> list[Path]:
    """Exercise files under ``root`` (sorted)."""
    return sorted(root.glob("*.yaml"))


def routine_paths(root: Path) -> list[Path]:
    """Routine files under ``root/routines`` (sorted)."""
    return sorted((root / ROUTINES_FOLDER).glob("*.yaml"))


def load_library(root: Path | None = None) -> ExerciseLibrary:
    """Load and validate every exercise and routine under ``root`` (default: the repo's).

    Raises:
        ExerciseDefinitionError: the first bad file, a repeated id, or a routine naming an
            exercise that does not exist.
    """
    folder = root if root is not None else paths.exercises_dir()
    if not folder.is_dir():
        raise ExerciseDefinitionError(str(folder), "exercise folder does not exist")
    exercises: dict[str, ExerciseDefinition] = {}
    exercise_files: dict[str, Path] = {}
    for path in exercise_paths(folder):
        exercise = load_exercise_file(path)
        exercises[exercise.id] = exercise
        exercise_files[exercise.id] = path
    routines: dict[str, RoutineDefinition] = {}
    routine_files: dict[str, Path] = {}
    for path in routine_paths(folder):
        routine = load_routine_file(path)
        check_routine_exercises(routine, exercises, str(path), path.read_text("utf-8"))
        if routine.id in routines:
            raise ExerciseDefinitionError(
                str(path), f"routine id {routine.id!r} is also used by {routine_files[routine.id]}"
            )
        routines[routine.id] = routine
        routine_files[routine.id] = path
    logger.debug("loaded %d exercises and %d routines", len(exercises), len(routines))
    return ExerciseLibrary(
        exercises=MappingProxyType(exercises),
        routines=MappingProxyType(routines),
        exercise_files=MappingProxyType(exercise_files),
        routine_files=MappingProxyType(routine_files),
    )


def check_routine_exercises(
    routine: RoutineDefinition,
    exercises: Mapping[str, ExerciseDefinition],
    source: str,
    text: str,
) -> None:
    """Reject a routine that names an exercise missing from ``exercises``."""
    for index, item in enumerate(routine.exercises):
        if item.exercise in exercises:
            continue
        root, _ = _compose(text, source)
        node = _node_at(root, ("exercises", index, "exercise"))
        known = ", ".join(sorted(exercises))
        raise ExerciseDefinitionError(
            source,
            f"unknown exercise {item.exercise!r}; expected one of: {known}",
            line=node.start_mark.line + 1 if node is not None else None,
            column=node.start_mark.column + 1 if node is not None else None,
            field_path=f"exercises.{index}.exercise",
        )


def parse_routine_yaml(text: str, source: str, library: ExerciseLibrary) -> RoutineDefinition:
    """Validate routine YAML typed by a user (the app's live editor) against ``library``.

    Raises:
        ExerciseDefinitionError: with line, column and field path of the first problem.
    """
    routine = validate_text(RoutineDefinition, text, source)
    check_routine_exercises(routine, library.exercises, source, text)
    return routine


def dump_routine_yaml(routine: RoutineDefinition) -> str:
    """YAML text of ``routine`` that :func:`parse_routine_yaml` reads back to an equal model."""
    data: dict[str, Any] = routine.model_dump(mode="json", exclude_defaults=True)
    data = {"id": routine.id, "name": routine.name, **data}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
