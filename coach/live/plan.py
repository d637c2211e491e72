"""Today's plan: a prescribed routine turned into the items a live session walks through."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from coach.analysis.calibration import TurnCalibration
from coach.exercises.library import ExerciseLibrary
from coach.exercises.schema import ExerciseDefinition, RoutineDefinition, RoutineItem, Targets
from coach.exercises.vocabulary import resolve_keypoint
from coach.live.flow import PlanItem
from coach.session.tracker import ExerciseTracker


def _sides(side: str) -> tuple[str, ...]:
    return (side,) if side in ("left", "right") else ("left", "right")


def required_keypoints(exercise: ExerciseDefinition, side: str) -> tuple[str, ...]:
    """Keypoints the exercise measures, with ``{side}``/``{other}`` expanded for ``side``.

    ``both`` and ``alternating`` need both sides in view.
    """
    names: list[str] = []
    for measurement in exercise.measurements.values():
        for point in measurement.points:
            for one_side in _sides(side):
                names.append(resolve_keypoint(point, one_side))
    return tuple(dict.fromkeys(names))


def plan_item(item: RoutineItem, exercise: ExerciseDefinition) -> PlanItem:
    """One routine item with its overrides applied, as the live session needs it."""
    targets = item.targets_for(exercise)
    side = item.side or exercise.side
    return PlanItem(
        exercise_key=exercise.id,
        name=exercise.name,
        sets=targets.sets,
        target_reps=targets.reps if exercise.kind in ("reps", "rom") else None,
        target_hold_s=targets.hold_s if exercise.kind in ("hold", "balance") else None,
        rest_s=targets.rest_s,
        side=side,
        camera_view=exercise.camera_view,
        required_keypoints=required_keypoints(exercise, side),
        instructions=" ".join(exercise.instructions),
        notes=item.notes,
        rom_target_deg=targets.rom_target_deg,
        cue_cooldown_s=max((rule.cooldown_s for rule in exercise.form_rules), default=8.0),
        measurement_labels=tuple(
            (name, plain_label(name, measurement.description))
            for name, measurement in exercise.measurements.items()
        ),
    )


def plain_label(name: str, description: str) -> str:
    """Short plain words for a measurement: the start of its description.

    ``"Knee bend in degrees, 0 = straight knee"`` → ``"Knee bend"``; without a description the
    name itself (``knee_flexion`` → ``Knee flexion``).
    """
    without_asides = re.sub(r"\s*\([^)]*\)", "", description)
    words = re.split(r",|;| in |\.", without_asides)[0].strip()
    return words or name.replace("_", " ").capitalize()


def plan_for_routine(routine: RoutineDefinition, library: ExerciseLibrary) -> list[PlanItem]:
    """Every item of ``routine`` in order.

    Raises:
        KeyError: an exercise of the routine is not in the library (the id and the known ids
            are named).
    """
    return [plan_item(item, library.exercise(item.exercise)) for item in routine.exercises]


def single_exercise_plan(exercise: ExerciseDefinition, sets: int | None = None) -> list[PlanItem]:
    """A plan of one exercise with its default targets (practice outside a routine)."""
    overrides: dict[str, int] = {} if sets is None else {"sets": sets}
    return [plan_item(RoutineItem(exercise=exercise.id, **overrides), exercise)]


def items_by_exercise(items: Iterable[PlanItem]) -> dict[str, int]:
    """First plan index of each exercise key (to map stored sets back onto the plan)."""
    index: dict[str, int] = {}
    for position, item in enumerate(items):
        index.setdefault(item.exercise_key, position)
    return index


def plan_for_routine_yaml(yaml_text: str, source: str, library: ExerciseLibrary) -> list[PlanItem]:
    """The plan of a stored routine version (its YAML text, as the store keeps it).

    Raises:
        coach.exercises.ExerciseDefinitionError: the YAML no longer validates against the
            library (line, column and field named).
    """
    from coach.exercises.library import parse_routine_yaml

    return plan_for_routine(parse_routine_yaml(yaml_text, source, library), library)


def routine_purpose(yaml_text: str, library: ExerciseLibrary) -> str:
    """The routine's description (what it is for), '' when it has none or no longer parses."""
    from coach.exercises import ExerciseDefinitionError
    from coach.exercises.library import parse_routine_yaml

    try:
        return parse_routine_yaml(yaml_text, "routine", library).description.strip()
    except ExerciseDefinitionError:
        return ""


def build_tracker(
    item: PlanItem,
    library: ExerciseLibrary,
    *,
    calibrations: Mapping[str, TurnCalibration] | None = None,
) -> ExerciseTracker:
    """A fresh tracker for one set of ``item``, with the prescribed targets and side.

    ``calibrations`` are an earlier set's (:attr:`ExerciseTracker.calibrations`) to carry on.
    """
    targets = Targets(
        sets=item.sets, reps=item.target_reps, hold_s=item.target_hold_s, rest_s=item.rest_s,
        rom_target_deg=item.rom_target_deg,
    )  # fmt: skip
    exercise = library.exercise(item.exercise_key)
    for side in ("left", "right", "both", "alternating"):
        if item.side == side:
            return ExerciseTracker(exercise, side=side, targets=targets, calibrations=calibrations)
    return ExerciseTracker(exercise, targets=targets, calibrations=calibrations)
