"""What a patient may do on their own, on "Practise one exercise" and "Upload a video" (no
Streamlit).

The exercises of their plans first, then the ones their therapist allowed besides them,
labelled as such; nothing else (the store refuses to record anything else). An allowed exercise
that is also in a plan is listed once, as prescribed; one that left the library since it was
allowed is left out (and logged).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from coach.exercises.library import ExerciseLibrary
from coach.live.flow import PlanItem
from coach.live.guidance import practice_items
from coach.live.plan import plan_for_routine_yaml, single_exercise_plan
from coach.store import AllowedExerciseInfo, ClinicService

logger = logging.getLogger(__name__)

ALLOWED_SUFFIX = " (extra, allowed by your therapist)"


@dataclass(frozen=True)
class PracticeChoice:
    """One exercise the patient may practise on its own.

    Attributes:
        exercise_key: Exercise id in the library.
        name: Name shown to the patient.
        allowed: True when it is an extra the therapist allowed, not part of a plan.
        note: The therapist's note to the patient about an allowed exercise ("" if none).
    """

    exercise_key: str
    name: str
    allowed: bool = False
    note: str = ""

    @property
    def label(self) -> str:
        """'Squat', or 'Heel raise (extra, allowed by your therapist)'."""
        return self.name + ALLOWED_SUFFIX if self.allowed else self.name


def practice_choices(
    prescribed: Sequence[PlanItem],
    allowed: Sequence[AllowedExerciseInfo],
    library: ExerciseLibrary,
) -> list[PracticeChoice]:
    """Prescribed exercises (in the order given), then allowed ones by name, each once."""
    choices = [PracticeChoice(item.exercise_key, item.name) for item in prescribed]
    seen = {choice.exercise_key for choice in choices}
    extras: list[PracticeChoice] = []
    for allowance in allowed:
        if allowance.exercise_key in seen:
            continue
        exercise = library.exercises.get(allowance.exercise_key)
        if exercise is None:
            logger.warning("allowed exercise %r is not in the library", allowance.exercise_key)
            continue
        seen.add(allowance.exercise_key)
        extras.append(PracticeChoice(exercise.id, exercise.name, True, allowance.note))
    return choices + sorted(extras, key=lambda choice: choice.name)


@dataclass(frozen=True)
class ActivePlan:
    """One of the patient's active prescriptions, as the items of its routine.

    Attributes:
        prescription_id: The prescription's id (sessions that follow it are linked to it).
        routine_name: Name of the prescribed routine.
        items: Its exercises in routine order, with the prescribed targets.
    """

    prescription_id: int
    routine_name: str
    items: list[PlanItem]


def active_plans(
    clinic: ClinicService, patient_id: int, library: ExerciseLibrary
) -> list[ActivePlan]:
    """The patient's active plans, newest first."""
    return [
        ActivePlan(
            prescription.id,
            prescription.routine.name,
            plan_for_routine_yaml(
                prescription.routine.yaml_text, prescription.routine.name, library
            ),
        )
        for prescription in clinic.plans.prescriptions_for(patient_id, active_only=True)
    ]


def patient_choices(
    clinic: ClinicService,
    patient_id: int,
    library: ExerciseLibrary,
    plans: Sequence[ActivePlan],
) -> list[PracticeChoice]:
    """What the patient may do on their own: :func:`practice_choices` of their ``plans`` (from
    :func:`active_plans`) and their allowed extras."""
    allowed = clinic.allowances.allowed_exercises(patient_id)
    return practice_choices(practice_items(plan.items for plan in plans), allowed, library)


def recorded_as(
    choice: PracticeChoice, plans: Sequence[ActivePlan], library: ExerciseLibrary
) -> tuple[PlanItem, int | None]:
    """What an exercise done on its own is stored as: one set, of a prescribed one as in the
    newest plan that holds it (its targets, linked to that prescription), of an allowed extra
    with the library's default targets and no prescription."""
    if not choice.allowed:
        for plan in plans:
            for item in plan.items:
                if item.exercise_key == choice.exercise_key:
                    return replace(item, sets=1), plan.prescription_id
    return single_exercise_plan(library.exercise(choice.exercise_key), sets=1)[0], None
