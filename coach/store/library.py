"""Bridge to the exercise library (:mod:`coach.exercises`): validation and content hashes.

Routines are validated by the library (schema and exercise references) before they are stored;
the stored copy is the exact YAML text with its SHA-256, so what a patient was prescribed can
always be shown again even after the files in ``exercises/`` change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import (
    ExerciseLibrary,
    dump_routine_yaml,
    load_library,
    parse_routine_yaml,
)
from coach.exercises.schema import RoutineDefinition
from coach.store.errors import InvalidInputError


@dataclass(frozen=True)
class ParsedRoutine:
    """What the store keeps of a validated routine."""

    routine_key: str
    name: str
    exercise_keys: tuple[str, ...]
    yaml_text: str
    content_sha256: str


def sha256_text(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_exercise_library(folder: Path | None = None) -> ExerciseLibrary:
    """The validated library under ``folder`` (default ``exercises/``).

    Raises:
        InvalidInputError: A file of the library is invalid (message names file, line, field).
    """
    try:
        return load_library(folder)
    except ExerciseDefinitionError as exc:
        raise InvalidInputError(f"exercise library is invalid: {exc}") from None


def parse_routine(
    routine: str | RoutineDefinition, source: str, library: ExerciseLibrary
) -> ParsedRoutine:
    """Validate a routine (YAML text or model) against the library.

    Raises:
        InvalidInputError: With the source, line and field of the first problem.
    """
    text = dump_routine_yaml(routine) if isinstance(routine, RoutineDefinition) else routine
    try:
        model = parse_routine_yaml(text, source or "<routine>", library)
    except ExerciseDefinitionError as exc:
        raise InvalidInputError(f"invalid routine: {exc}") from None
    return ParsedRoutine(
        routine_key=model.id,
        name=model.name,
        exercise_keys=tuple(item.exercise for item in model.exercises),
        yaml_text=text,
        content_sha256=sha256_text(text),
    )
