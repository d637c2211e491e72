"""A set's best rep in the value its ROM target refers to (the live summary's words).

Per-session ROM points and their one-line summary live in :mod:`coach.store.rom_progress`.
"""

from __future__ import annotations

from coach.app.adherence_text import EMPTY_CELL
from coach.exercises.library import ExerciseLibrary
from coach.exercises.rom_target import rom_target_measure
from coach.store.dto import SetInfo


def best_movement_text(set_info: SetInfo, library: ExerciseLibrary) -> str:
    """A set's best rep in the value its ROM target refers to: '88° (highest knee flexion)'."""
    exercise = library.exercises.get(set_info.exercise_key)
    measure = rom_target_measure(exercise) if exercise is not None else None
    if measure is None:
        return EMPTY_CELL
    best = measure.best(
        measure.value(stored.rep.rom_min_deg, stored.rep.rom_max_deg) for stored in set_info.reps
    )
    return EMPTY_CELL if best is None else f"{best:.0f}° ({measure.name})"
