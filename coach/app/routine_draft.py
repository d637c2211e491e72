"""The routine a therapist is editing, kept between page visits (no Streamlit in here).

A :class:`RoutineDraft` is a plain mutable object stored in the browser session, so nothing is
lost when the therapist opens another page and comes back. It converts to and from the exercise
library's validated :class:`~coach.exercises.schema.RoutineDefinition` and its YAML text.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from coach.app.error_words import plain_field, plain_problem
from coach.app.text import plain
from coach.exercises import ExerciseDefinition, ExerciseDefinitionError, RoutineDefinition
from coach.exercises.library import ExerciseLibrary, dump_routine_yaml, parse_routine_yaml
from coach.exercises.rom_target import rom_target_measure

logger = logging.getLogger(__name__)

_uids = itertools.count(1)


def _next_uid() -> int:
    # Widgets are keyed by this id, so an item keeps its inputs when it moves in the list.
    return next(_uids)


@dataclass
class DraftItem:
    """One exercise of the draft with the therapist's settings (``None`` = exercise default).

    Attributes:
        exercise: Exercise id from the library.
        sets: Number of sets.
        reps: Repetitions per set (rep-based exercises).
        hold_s: Seconds to hold per set (hold and balance exercises).
        rom_target_deg: Range of motion to reach, degrees.
        side: ``left``, ``right``, ``both`` or ``alternating``.
        rest_s: Rest between sets, seconds.
        notes: Notes shown to the patient.
        uid: Identity of the item within this browser session (keys its widgets).
    """

    exercise: str
    sets: int | None = None
    reps: int | None = None
    hold_s: float | None = None
    rom_target_deg: float | None = None
    side: str | None = None
    rest_s: float | None = None
    notes: str = ""
    uid: int = field(default_factory=_next_uid)


@dataclass
class RoutineDraft:
    """A routine being built: id, name, description and the ordered items."""

    routine_id: str = ""
    name: str = ""
    description: str = ""
    items: list[DraftItem] = field(default_factory=list)

    def add(self, exercise: ExerciseDefinition) -> DraftItem:
        """Append an exercise with its default targets filled in (so they are visible)."""
        targets = exercise.targets
        item = DraftItem(
            exercise=exercise.id,
            sets=targets.sets,
            reps=targets.reps,
            hold_s=targets.hold_s,
            rom_target_deg=targets.rom_target_deg,
            side=exercise.side,
            rest_s=targets.rest_s,
        )
        self.items.append(item)
        return item

    def move(self, index: int, offset: int) -> None:
        """Move the item at ``index`` by ``offset`` places (clamped to the list)."""
        target = min(max(index + offset, 0), len(self.items) - 1)
        self.items.insert(target, self.items.pop(index))

    def remove(self, index: int) -> None:
        """Drop the item at ``index``."""
        del self.items[index]


def routine_id_from_name(name: str) -> str:
    """A valid routine id from a display name: 'Knee rehab – week 2' → 'knee_rehab_week_2'."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"routine_{slug}".rstrip("_")
    return slug[:64]


def draft_from_routine(routine: RoutineDefinition) -> RoutineDraft:
    """An editable draft of a validated routine (every item gets a fresh widget identity)."""
    return RoutineDraft(
        routine_id=routine.id,
        name=routine.name,
        description=routine.description,
        items=[
            DraftItem(
                exercise=item.exercise,
                sets=item.sets,
                reps=item.reps,
                hold_s=item.hold_s,
                rom_target_deg=item.rom_target_deg,
                side=item.side,
                rest_s=item.rest_s,
                notes=item.notes,
            )
            for item in routine.exercises
        ],
    )


def draft_to_routine(draft: RoutineDraft, library: ExerciseLibrary) -> RoutineDefinition:
    """Validate the draft into a routine.

    Raises:
        ExerciseDefinitionError: A missing name, no exercises, an out-of-range value or an
            unknown exercise, with the field path of the first problem.
    """
    yaml_text = draft_yaml(draft)
    return parse_routine_yaml(yaml_text, "routine builder", library)


def draft_yaml(draft: RoutineDraft) -> str:
    """The draft as routine YAML (what is saved and what the YAML editor shows).

    Falls back to a plain rendering when the draft is not yet valid, so the editor always has
    something to show; saving validates it anyway.
    """
    routine_id = draft.routine_id or routine_id_from_name(draft.name or "new routine")
    items = [
        {
            key: value
            for key, value in (
                ("exercise", item.exercise),
                ("sets", item.sets),
                ("reps", item.reps),
                ("hold_s", item.hold_s),
                ("rom_target_deg", item.rom_target_deg),
                ("side", item.side),
                ("rest_s", item.rest_s),
                ("notes", item.notes),
            )
            if value not in (None, "")
        }
        for item in draft.items
    ]
    data = {
        "id": routine_id,
        "name": draft.name,
        "description": draft.description,
        "exercises": items,
    }
    try:
        routine = RoutineDefinition.model_validate(data)
    except ValidationError:
        import yaml

        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return dump_routine_yaml(routine)


def parse_yaml_draft(text: str, library: ExerciseLibrary) -> tuple[RoutineDraft | None, str]:
    """Validate YAML typed in the editor.

    Returns:
        ``(draft, "")`` when valid, else ``(None, message)`` where the message (Markdown, data
        escaped) names the line, column and field of the first problem.
    """
    try:
        routine = parse_routine_yaml(text, "YAML editor", library)
    except ExerciseDefinitionError as error:
        return None, describe_error(error)
    return draft_from_routine(routine), ""


def describe_error(error: ExerciseDefinitionError) -> str:
    """The error in a therapist's words, as Markdown for the editor: 'Line 6 · Exercise 2, sets:
    should be a whole number'.

    Exercises are counted from 1, as on the screen; the line helps in the YAML editor. The field
    path and the problem quote the typed YAML, so both are escaped.
    """
    where = []
    if error.line is not None:
        where.append(f"Line {error.line}")
    if error.field_path:
        where.append(plain(plain_field(error.field_path)))
    prefix = " · ".join(where)
    problem = plain(plain_problem(error.problem))
    return f"{prefix}: {problem}" if prefix else problem


def search_exercises(library: ExerciseLibrary, query: str) -> list[ExerciseDefinition]:
    """Exercises whose id, name, description, kind, camera view or measurements match every
    word of ``query`` (case-insensitive), sorted by name."""
    words = query.lower().split()
    found = []
    for exercise in library.exercises.values():
        haystack = " ".join(
            [
                exercise.id,
                exercise.name,
                exercise.description,
                exercise.kind,
                exercise.camera_view,
                *exercise.measurements,
            ]
        ).lower()
        if all(word in haystack for word in words):
            found.append(exercise)
    return sorted(found, key=lambda e: e.name)


def routine_summary(routine: RoutineDefinition, library: ExerciseLibrary) -> list[str]:
    """One plain line per exercise: 'Squat: 2 sets of 10 reps, rest 60 s, target 70° highest
    knee flexion' (the target names the value it refers to)."""
    lines = []
    for item in routine.exercises:
        exercise = library.exercises.get(item.exercise)
        if exercise is None:
            lines.append(f"{item.exercise}: not in the exercise library")
            continue
        targets = item.targets_for(exercise)
        amount = f"{targets.reps} reps" if targets.reps else f"{targets.hold_s or 0:g} s hold"
        parts = [f"{targets.sets} sets of {amount}", f"rest {targets.rest_s:g} s"]
        measure = rom_target_measure(exercise)
        if targets.rom_target_deg is not None and measure is not None:
            limit = "at most " if measure.lower_is_better else ""
            parts.append(f"target {limit}{targets.rom_target_deg:g}° {measure.name}")
        side = item.side or exercise.side
        if side in ("left", "right"):
            parts.append(f"{side} side")
        lines.append(f"{exercise.name}: " + ", ".join(parts))
    return lines
