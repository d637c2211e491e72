"""The exercise library: every exercise and routine under ``exercises/``.

Layout: ``exercises/<id>.yaml`` for exercises and ``exercises/routines/<id>.yaml`` for routines.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from coach import paths
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.loader import (
    load_exercise_parsed,
    load_routine_parsed,
    node_mark,
    parse_text,
    validate_parsed,
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


@dataclass(frozen=True)
class LibraryCheck:
    """Every file of a folder checked: the usable part and every file's problems.

    Attributes:
        library: the exercises and routines that validated.
        problems: one error per bad file (and per repeated routine id), in file order.
        file_count: how many YAML files were read.
    """

    library: ExerciseLibrary
    problems: tuple[ExerciseDefinitionError, ...]
    file_count: int


def check_library(root: Path | None = None) -> LibraryCheck:
    """Validate every exercise and routine under ``root`` (default: the repo's), all of them.

    A bad file does not stop the others from being checked. A routine that names an exercise
    whose own file is broken is not reported again for it (the exercise's error says why).

    Raises:
        ExerciseDefinitionError: only when ``root`` is not a folder.
    """
    folder = root if root is not None else paths.exercises_dir()
    if not folder.is_dir():
        raise ExerciseDefinitionError(str(folder), "exercise folder does not exist")
    problems: list[ExerciseDefinitionError] = []
    exercises: dict[str, ExerciseDefinition] = {}
    exercise_files: dict[str, Path] = {}
    broken_exercises: set[str] = set()
    exercise_list = exercise_paths(folder)
    for path in exercise_list:
        try:
            exercise, _ = load_exercise_parsed(path)
        except ExerciseDefinitionError as exc:
            problems.append(exc)
            broken_exercises.add(path.stem)
            continue
        exercises[exercise.id] = exercise
        exercise_files[exercise.id] = path
    routines: dict[str, RoutineDefinition] = {}
    routine_files: dict[str, Path] = {}
    routine_list = routine_paths(folder)
    for path in routine_list:
        try:
            routine, parsed = load_routine_parsed(path)
            check_routine_exercises(
                routine, exercises, str(path), parsed.root, skip=broken_exercises
            )
            if routine.id in routines:
                line, column = node_mark(parsed.root, ("id",))
                raise ExerciseDefinitionError(
                    str(path),
                    f"routine id {routine.id!r} is also used by {routine_files[routine.id]}",
                    line=line,
                    column=column,
                    field_path="id",
                )
        except ExerciseDefinitionError as exc:
            problems.append(exc)
            continue
        routines[routine.id] = routine
        routine_files[routine.id] = path
    logger.debug(
        "checked %d exercises and %d routines: %d problems",
        len(exercise_list),
        len(routine_list),
        len(problems),
    )
    library = ExerciseLibrary(
        exercises=MappingProxyType(exercises),
        routines=MappingProxyType(routines),
        exercise_files=MappingProxyType(exercise_files),
        routine_files=MappingProxyType(routine_files),
    )
    return LibraryCheck(library, tuple(problems), len(exercise_list) + len(routine_list))


def load_library(root: Path | None = None) -> ExerciseLibrary:
    """Load and validate every exercise and routine under ``root`` (default: the repo's).

    Raises:
        ExerciseDefinitionError: the first bad file (its message counts the others), a
            repeated routine id, or a routine naming an exercise that does not exist.
    """
    checked = check_library(root)
    if checked.problems:
        first = checked.problems[0]
        others = len(checked.problems) - 1
        if others:
            raise ExerciseDefinitionError(
                first.source,
                f"{first.problem} (and {others} more problem{'s' if others > 1 else ''} in "
                "this folder; run `coach exercises validate` to list them)",
                line=first.line,
                column=first.column,
                field_path=first.field_path,
            )
        raise first
    return checked.library


def check_routine_exercises(
    routine: RoutineDefinition,
    exercises: Mapping[str, ExerciseDefinition],
    source: str,
    root: yaml.Node | None,
    *,
    skip: Set[str] = frozenset(),
) -> None:
    """Reject a routine that names an exercise missing from ``exercises``.

    Args:
        routine: the validated routine.
        exercises: the exercises it may name.
        source: file path or label for the error.
        root: the routine's parsed node tree, for the line and column of the bad name.
        skip: exercise ids to let pass although missing (their own files are broken).
    """
    for index, item in enumerate(routine.exercises):
        if item.exercise in exercises or item.exercise in skip:
            continue
        loc = ("exercises", index, "exercise")
        line, column = node_mark(root, loc)
        known = ", ".join(sorted(exercises))
        raise ExerciseDefinitionError(
            source,
            f"unknown exercise {item.exercise!r}; expected one of: {known}",
            line=line,
            column=column,
            field_path=f"exercises.{index}.exercise",
        )


def parse_routine_yaml(text: str, source: str, library: ExerciseLibrary) -> RoutineDefinition:
    """Validate routine YAML typed by a user (the app's live editor) against ``library``.

    Raises:
        ExerciseDefinitionError: with line, column and field path of the first problem.
    """
    parsed = parse_text(text, source)
    routine = validate_parsed(RoutineDefinition, parsed, source)
    check_routine_exercises(routine, library.exercises, source, parsed.root)
    return routine


def dump_routine_yaml(routine: RoutineDefinition) -> str:
    """YAML text of ``routine`` that :func:`parse_routine_yaml` reads back to an equal model."""
    data: dict[str, Any] = routine.model_dump(mode="json", exclude_defaults=True)
    data = {"id": routine.id, "name": routine.name, **data}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
