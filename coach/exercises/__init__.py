"""Exercise and routine definitions: YAML schema, loader, library."""

from __future__ import annotations

from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.schema import ExerciseDefinition, RoutineDefinition

__all__ = ["ExerciseDefinition", "ExerciseDefinitionError", "RoutineDefinition"]
