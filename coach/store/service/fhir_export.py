"""``FhirExport``: a patient's outcome record as a FHIR R4 Bundle (audited, access-checked).

The bundle is validated against the ``fhir.resources`` models before it is returned, so an
export that a clinic's system would reject fails here with the element that is wrong.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from coach.exercises.norms import age_on
from coach.store.errors import InvalidStateError
from coach.store.fhir_bundle import build_bundle
from coach.store.service.access import check_patient
from coach.store.service.assessments import AssessmentRecords
from coach.store.service.audit import audit
from coach.store.service.convert import user_info
from coach.store.service.history import TrainingHistory
from coach.store.service.proms import PatientReportedOutcomes
from coach.store.service.scope import ServiceScope


def validate_bundle(document: dict[str, object]) -> None:
    """Validate with fhir.resources (R4B models); InvalidStateError names the problem."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidStateError(f"FHIR bundle is invalid at {where}: {first['msg']}") from None


class FhirExport(ServiceScope):
    """FHIR R4 export of assessments, PROMs and per-session exercise results."""

    def export_bundle(self, patient_id: int, *, now: datetime | None = None) -> str:
        """The patient's Bundle as JSON text; the export is written to the audit log."""
        moment = now or datetime.now(UTC)
        records = AssessmentRecords(self.db, self.actor)
        proms = PatientReportedOutcomes(self.db, self.actor)
        history = TrainingHistory(self.db, self.actor)
        with self.db.reading() as s:
            user = user_info(s, check_patient(s, self.actor, patient_id, "export the record of"))
        profile = records.profile(patient_id)
        age = age_on(profile.date_of_birth, moment.date()) if profile.date_of_birth else None
        document = build_bundle(
            user=user,
            profile=profile,
            age=age,
            results=records.results(patient_id),
            pain=proms.pain_ratings(patient_id),
            psfs=proms.psfs_ratings(patient_id),
            sessions=history.exercise_trends(patient_id),
            assessments=records.assessments,
            exported_at=moment,
        )
        validate_bundle(document)

        def log(db_session: Session) -> None:
            check_patient(db_session, self.actor, patient_id, "export the record of")
            audit(db_session, self.actor, "record.export", f"patient {user.username!r}",
                  format="fhir", resources=len(document["entry"]))  # fmt: skip

        self.db.write(log)
        return json.dumps(document, indent=2, ensure_ascii=False)
