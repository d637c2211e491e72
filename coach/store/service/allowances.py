"""Exercises a patient may practise besides their plans ("Practise one exercise").

Access: the therapist of a linked patient or an admin allows and revokes; whoever may see the
patient reads the list (a patient only their own). Allowing and revoking are audited. A revoked
allowance is kept (``revoked_at``), so the history of what was allowed stays.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from coach.store.dto import AllowedExerciseInfo
from coach.store.enums import Role
from coach.store.errors import DuplicateError, InvalidInputError, InvalidStateError, NotFoundError
from coach.store.models import AllowedExercise
from coach.store.service.access import check_patient, require_role
from coach.store.service.audit import audit
from coach.store.service.scope import ServiceScope

MAX_NOTE_CHARS = 300


def _info(row: AllowedExercise) -> AllowedExerciseInfo:
    return AllowedExerciseInfo(
        id=row.id, patient_id=row.patient_id, exercise_key=row.exercise_key, note=row.note,
        allowed_by=row.allowed_by, allowed_at=row.allowed_at,
    )  # fmt: skip


def _active(patient_id: int) -> Select[AllowedExercise]:
    """The patient's allowances that were not revoked."""
    return select(AllowedExercise).where(
        AllowedExercise.patient_id == patient_id, AllowedExercise.revoked_at.is_(None)
    )


class ExerciseAllowances(ServiceScope):
    """Extra exercises a therapist lets a patient practise on their own."""

    def allow_exercise(
        self, patient_id: int, exercise_key: str, *, note: str = ""
    ) -> AllowedExerciseInfo:
        """Let the patient practise ``exercise_key`` from the library (therapist or admin).

        Raises:
            InvalidInputError: the exercise is not in the library, or the note is too long.
            DuplicateError: the exercise is already allowed to this patient.
        """
        require_role(self.actor, "allow exercises", Role.THERAPIST, Role.ADMIN)
        if exercise_key not in self.library.exercises:
            known = ", ".join(sorted(self.library.exercises))
            raise InvalidInputError(f"unknown exercise {exercise_key!r}; known: {known}")
        text = note.strip()
        if len(text) > MAX_NOTE_CHARS:
            raise InvalidInputError(f"a note has at most {MAX_NOTE_CHARS} characters")

        def work(db_session: Session) -> AllowedExerciseInfo:
            check_patient(db_session, self.actor, patient_id, "allow exercises to")
            taken = _active(patient_id).where(AllowedExercise.exercise_key == exercise_key)
            if db_session.scalars(taken).first() is not None:
                raise DuplicateError(f"{exercise_key!r} is already allowed to this patient")
            row = AllowedExercise(
                patient_id=patient_id, exercise_key=exercise_key, note=text,
                allowed_by=self.actor.username, allowed_at=datetime.now(UTC),
            )  # fmt: skip
            db_session.add(row)
            db_session.flush()
            audit(db_session, self.actor, "exercise.allow", f"patient {patient_id}",
                  exercise=exercise_key, allowance=row.id)  # fmt: skip
            return _info(row)

        return self.db.write(work)

    def revoke_exercise(self, allowance_id: int) -> None:
        """Take an allowed exercise off the patient's list (therapist or admin).

        Raises:
            NotFoundError: there is no such allowance (or it is not the actor's to see).
            InvalidStateError: it was already revoked.
        """
        require_role(self.actor, "revoke allowed exercises", Role.THERAPIST, Role.ADMIN)

        def work(db_session: Session) -> None:
            row = db_session.get(AllowedExercise, allowance_id)
            if row is None:
                raise NotFoundError(f"no allowed exercise with id {allowance_id}")
            check_patient(db_session, self.actor, row.patient_id, "revoke exercises of")
            if row.revoked_at is not None:
                raise InvalidStateError(f"{row.exercise_key!r} was already taken off the list")
            row.revoked_at = datetime.now(UTC)
            row.revoked_by = self.actor.username
            audit(db_session, self.actor, "exercise.revoke", f"patient {row.patient_id}",
                  exercise=row.exercise_key, allowance=row.id)  # fmt: skip

        self.db.write(work)

    def allowed_exercises(self, patient_id: int) -> list[AllowedExerciseInfo]:
        """The exercises the patient may practise now besides their plans, oldest first."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "read the allowed exercises of")
            query = _active(patient_id).order_by(AllowedExercise.allowed_at, AllowedExercise.id)
            return [_info(row) for row in s.scalars(query)]
