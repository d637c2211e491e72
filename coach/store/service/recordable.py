"""Which exercises may be recorded for a patient: their active plans and their allowed extras.

A recorded set counts in the patient's history and adherence, so only work the therapist gave
them can be recorded: an exercise of a routine in one of their active prescriptions, or one on
their allowed list (:mod:`coach.store.service.allowances`). The rule holds whoever records
(the patient, their therapist or an admin on their behalf): to record another exercise, a
therapist or admin prescribes or allows it first, which is audited. Guided clinical tests are
stored as assessment results, not sets, and follow their own assignment rules.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.loader import validate_text
from coach.exercises.schema import RoutineDefinition
from coach.store.dto import Actor
from coach.store.models import AllowedExercise, Prescription, User
from coach.store.service.access import deny

logger = logging.getLogger(__name__)


def prescribed_exercise_keys(db_session: Session, patient_id: int) -> set[str]:
    """Exercise ids of the routines of the patient's active prescriptions."""
    keys: set[str] = set()
    query = select(Prescription).where(
        Prescription.patient_id == patient_id, Prescription.active.is_(True)
    )
    for prescription in db_session.scalars(query):
        try:
            routine = validate_text(
                RoutineDefinition, prescription.routine.yaml_text, "stored routine"
            )
        except ExerciseDefinitionError as error:
            logger.warning("prescription %d: %s", prescription.id, error)
            continue
        keys.update(item.exercise for item in routine.exercises)
    return keys


def allowed_exercise_keys(db_session: Session, patient_id: int) -> set[str]:
    """Exercise ids the patient's therapist allowed besides their plans (not revoked)."""
    query = select(AllowedExercise.exercise_key).where(
        AllowedExercise.patient_id == patient_id, AllowedExercise.revoked_at.is_(None)
    )
    return set(db_session.scalars(query))


def check_recordable(db_session: Session, actor: Actor, patient: User, exercise_key: str) -> None:
    """Refuse to record ``exercise_key`` for ``patient`` unless it was prescribed or allowed.

    Raises:
        PermissionDeniedError: the exercise is in none of the patient's active plans and not
            on their allowed list; the message names the exercise and the way to fix it.
    """
    if exercise_key in prescribed_exercise_keys(db_session, patient.id):
        return
    if exercise_key in allowed_exercise_keys(db_session, patient.id):
        return
    raise deny(
        actor,
        "record",
        f"exercise {exercise_key!r} for patient {patient.username!r}",
        "it is not in their active plans and not on their allowed exercises "
        "(a therapist prescribes or allows it first)",
    )
