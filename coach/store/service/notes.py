"""A therapist's clinical notes about a patient (shown in the progress report).

Access: the therapist of a linked patient or an admin writes; whoever may see the patient
reads (the patient included: these notes go into the report they take to their
physiotherapist). Every note is audited.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.store.enums import Role
from coach.store.errors import InvalidInputError
from coach.store.models import ClinicalNote
from coach.store.outcome_dto import ClinicalNoteInfo
from coach.store.service.access import check_patient, require_role
from coach.store.service.audit import audit
from coach.store.service.scope import ServiceScope

MAX_NOTE_CHARS = 5000


def _info(row: ClinicalNote) -> ClinicalNoteInfo:
    return ClinicalNoteInfo(row.id, row.patient_id, row.author, row.text, row.written_at)


class ClinicalNotes(ServiceScope):
    """Therapists' notes about patients."""

    def add_note(
        self, patient_id: int, text: str, *, written_at: datetime | None = None
    ) -> ClinicalNoteInfo:
        """Write a note (therapist or admin)."""
        require_role(self.actor, "write clinical notes", Role.THERAPIST, Role.ADMIN)
        body = text.strip()
        if not 1 <= len(body) <= MAX_NOTE_CHARS:
            raise InvalidInputError(f"a note needs 1-{MAX_NOTE_CHARS} characters")

        def work(db_session: Session) -> ClinicalNoteInfo:
            check_patient(db_session, self.actor, patient_id, "write notes about")
            row = ClinicalNote(patient_id=patient_id, author=self.actor.username, text=body,
                               written_at=written_at or datetime.now(UTC))  # fmt: skip
            db_session.add(row)
            db_session.flush()
            audit(db_session, self.actor, "note.add", f"patient {patient_id}", chars=len(body))
            return _info(row)

        return self.db.write(work)

    def notes(
        self,
        patient_id: int,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[ClinicalNoteInfo]:
        """Notes about a patient, oldest first, optionally within ``[since, until)``."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "read notes about")
            query = select(ClinicalNote).where(ClinicalNote.patient_id == patient_id)
            if since is not None:
                query = query.where(ClinicalNote.written_at >= since)
            if until is not None:
                query = query.where(ClinicalNote.written_at < until)
            rows = s.scalars(query.order_by(ClinicalNote.written_at, ClinicalNote.id))
            return [_info(r) for r in rows]
