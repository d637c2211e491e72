"""Standard tests in the record: patient profile (age, sex), assignments, results with events.

Access: the therapist (linked patients) or an admin sets the profile and assigns tests; results
are recorded by the patient themselves, their therapist or an admin; everyone reads only whom
they may see (:mod:`coach.store.service.access`). Every change is audited.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.exercises.assessment_library import AssessmentLibrary
from coach.session.assessments.outcome import AssessmentOutcome
from coach.store.enums import Role
from coach.store.errors import InvalidInputError, InvalidStateError, NotFoundError
from coach.store.models import AssessmentAssignment, AssessmentResult, PatientProfile
from coach.store.outcome_dto import (
    AssessmentResultInfo,
    AssignmentInfo,
    PatientProfileInfo,
    Sex,
)
from coach.store.service.access import check_patient, require_role
from coach.store.service.audit import audit
from coach.store.service.scope import ServiceScope

MODES = ("live", "recording")


def _profile_info(patient_id: int, row: PatientProfile | None) -> PatientProfileInfo:
    if row is None:
        return PatientProfileInfo(patient_id, None, None)
    return PatientProfileInfo(patient_id, row.date_of_birth, cast("Sex | None", row.sex))


def _assignment_info(row: AssessmentAssignment) -> AssignmentInfo:
    return AssignmentInfo(
        id=row.id, patient_id=row.patient_id, assessment_key=row.assessment_key,
        interval_days=row.interval_days, start_date=row.start_date, active=row.active,
        assigned_by=row.assigned_by, ended_at=row.ended_at, ended_by=row.ended_by,
        replaces_id=row.replaces_id,
    )  # fmt: skip


def _result_info(row: AssessmentResult) -> AssessmentResultInfo:
    return AssessmentResultInfo(
        id=row.id, patient_id=row.patient_id, assessment_key=row.assessment_key,
        performed_at=row.performed_at, mode=row.mode, unit=row.unit,
        scores=json.loads(row.scores_json), events=json.loads(row.events_json),
        start_source=row.start_source, note=row.note, recorded_by=row.recorded_by,
    )  # fmt: skip


def _finite(value: float | None) -> float | None:
    return None if value is None or value != value else round(float(value), 3)


def outcome_events(outcome: AssessmentOutcome) -> dict[str, list[dict[str, Any]]]:
    """The raw events of ``outcome`` as JSON-ready rows (NaN becomes null)."""

    def row(event: object) -> dict[str, Any]:
        data = dataclasses.asdict(event)  # type: ignore[call-overload]
        return {k: _finite(v) if isinstance(v, float) else v for k, v in data.items()}

    return {"stands": [row(s) for s in outcome.stands], "trials": [row(t) for t in outcome.trials]}


class AssessmentRecords(ServiceScope):
    """Patient profile, assigned tests and their results."""

    def __init__(self, *args: Any, assessments: AssessmentLibrary | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self._assessments = assessments

    @property
    def assessments(self) -> AssessmentLibrary:
        """The assessment library keys are checked against (loaded on first use)."""
        if self._assessments is None:
            from coach.exercises.assessment_library import load_assessments
            from coach.exercises.library import load_library

            self._assessments = load_assessments(load_library().exercises)
        return self._assessments

    def _check_key(self, key: str) -> None:
        if key not in self.assessments.assessments:
            known = ", ".join(sorted(self.assessments.assessments))
            raise InvalidInputError(f"unknown assessment {key!r}; expected one of: {known}")

    # -- profile ------------------------------------------------------------------------------

    def set_profile(
        self, patient_id: int, *, date_of_birth: date | None, sex: Sex | None
    ) -> PatientProfileInfo:
        """Set the date of birth and sex used to pick norm bands (therapist or admin)."""
        require_role(self.actor, "edit patient profiles", Role.THERAPIST, Role.ADMIN)
        if sex not in (None, "female", "male"):
            raise InvalidInputError(f"sex must be 'female' or 'male', not {sex!r}")
        if date_of_birth is not None and date_of_birth > datetime.now(UTC).date():
            raise InvalidInputError(f"date of birth {date_of_birth} is in the future")

        def work(db_session: Session) -> PatientProfileInfo:
            check_patient(db_session, self.actor, patient_id, "edit the profile of")
            row = db_session.get(PatientProfile, patient_id) or PatientProfile(
                patient_id=patient_id
            )
            row.date_of_birth, row.sex, row.updated_at = date_of_birth, sex, datetime.now(UTC)
            db_session.add(row)
            audit(db_session, self.actor, "profile.set", f"patient {patient_id}", sex=sex,
                  date_of_birth=date_of_birth)  # fmt: skip
            return _profile_info(patient_id, row)

        return self.db.write(work)

    def profile(self, patient_id: int) -> PatientProfileInfo:
        """The patient's date of birth and sex (``None`` where not recorded)."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "see the profile of")
            return _profile_info(patient_id, s.get(PatientProfile, patient_id))

    # -- assignments --------------------------------------------------------------------------

    def assign(
        self,
        patient_id: int,
        assessment_key: str,
        *,
        interval_days: int | None = None,
        start_date: date | None = None,
    ) -> AssignmentInfo:
        """Assign a test, repeated every ``interval_days`` (default: the test's own)."""
        require_role(self.actor, "assign assessments", Role.THERAPIST, Role.ADMIN)
        self._check_key(assessment_key)
        days = interval_days or self.assessments.assessment(assessment_key).default_interval_days
        if not 1 <= days <= 365:
            raise InvalidInputError(f"interval_days must be 1-365, not {days}")

        def work(db_session: Session) -> AssignmentInfo:
            check_patient(db_session, self.actor, patient_id, "assign an assessment to")
            row = AssessmentAssignment(
                patient_id=patient_id, assessment_key=assessment_key, interval_days=days,
                start_date=start_date or datetime.now(UTC).date(), active=True,
                assigned_by=self.actor.username,
            )  # fmt: skip
            db_session.add(row)
            db_session.flush()
            audit(db_session, self.actor, "assessment.assign", f"patient {patient_id}",
                  assessment=assessment_key, interval_days=days)  # fmt: skip
            return _assignment_info(row)

        return self.db.write(work)

    def _running(self, db_session: Session, assignment_id: int, doing: str) -> AssessmentAssignment:
        """The running assignment ``assignment_id``, checked for the actor (or an error)."""
        row = db_session.get(AssessmentAssignment, assignment_id)
        if row is None:
            raise NotFoundError(f"no assessment assignment with id {assignment_id}")
        check_patient(db_session, self.actor, row.patient_id, doing)
        if not row.active:
            raise InvalidStateError(
                f"assignment {assignment_id} ({row.assessment_key}) has ended; assign the test "
                "again to give it a new schedule"
            )
        return row

    def _end(self, row: AssessmentAssignment) -> None:
        row.active, row.ended_at, row.ended_by = False, datetime.now(UTC), self.actor.username

    def reschedule(
        self, assignment_id: int, *, interval_days: int, start_date: date | None = None
    ) -> AssignmentInfo:
        """Give a running assignment a new schedule from ``start_date`` (default today).

        The old assignment is ended and kept; the new one records which it replaced.
        """
        require_role(self.actor, "reschedule assessments", Role.THERAPIST, Role.ADMIN)
        if not 1 <= interval_days <= 365:
            raise InvalidInputError(f"interval_days must be 1-365, not {interval_days}")

        def work(db_session: Session) -> AssignmentInfo:
            old = self._running(db_session, assignment_id, "reschedule an assessment of")
            self._end(old)
            new = AssessmentAssignment(
                patient_id=old.patient_id, assessment_key=old.assessment_key,
                interval_days=interval_days, start_date=start_date or datetime.now(UTC).date(),
                active=True, assigned_by=self.actor.username, replaces_id=old.id,
            )  # fmt: skip
            db_session.add(new)
            db_session.flush()
            audit(db_session, self.actor, "assessment.reschedule", f"patient {old.patient_id}",
                  assessment=old.assessment_key, replaces=old.id,
                  interval_days=f"{old.interval_days} -> {interval_days}",
                  start_date=new.start_date)  # fmt: skip
            return _assignment_info(new)

        return self.db.write(work)

    def end_assignment(self, assignment_id: int) -> AssignmentInfo:
        """Stop asking for a test: the assignment ends today and is kept in the history."""
        require_role(self.actor, "end assessments", Role.THERAPIST, Role.ADMIN)

        def work(db_session: Session) -> AssignmentInfo:
            row = self._running(db_session, assignment_id, "end an assessment of")
            self._end(row)
            audit(db_session, self.actor, "assessment.end", f"patient {row.patient_id}",
                  assessment=row.assessment_key, assignment=row.id)  # fmt: skip
            return _assignment_info(row)

        return self.db.write(work)

    def assignment_history(self, patient_id: int) -> list[AssignmentInfo]:
        """Every assignment of a patient, running and ended, oldest first."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "see the assessments of")
            rows = s.scalars(
                select(AssessmentAssignment)
                .where(AssessmentAssignment.patient_id == patient_id)
                .order_by(AssessmentAssignment.id)
            )
            return [_assignment_info(r) for r in rows]

    def assignments(self, patient_id: int) -> list[AssignmentInfo]:
        """Active assignments of a patient."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "see the assessments of")
            rows = s.scalars(
                select(AssessmentAssignment)
                .where(AssessmentAssignment.patient_id == patient_id, AssessmentAssignment.active)
                .order_by(AssessmentAssignment.id)
            )
            return [_assignment_info(r) for r in rows]

    def due(self, patient_id: int) -> list[tuple[AssignmentInfo, date]]:
        """Each active assignment with the date its next run is due: the start date before the
        first run, then the last run's date plus the interval."""
        results = self.results(patient_id)
        out = []
        for assignment in self.assignments(patient_id):
            runs = [r for r in results if r.assessment_key == assignment.assessment_key]
            if not runs:
                out.append((assignment, assignment.start_date))
                continue
            last = max(r.performed_at for r in runs).astimezone(UTC).date()
            out.append((assignment, last + timedelta(days=assignment.interval_days)))
        return out

    # -- results ------------------------------------------------------------------------------

    def record_result(
        self,
        patient_id: int,
        outcome: AssessmentOutcome,
        *,
        mode: str,
        performed_at: datetime | None = None,
    ) -> AssessmentResultInfo:
        """Store one run of a test with its raw per-stand or per-trial events."""
        self._check_key(outcome.assessment_id)
        if mode not in MODES:
            raise InvalidInputError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        when = performed_at or datetime.now(UTC)
        scores = {k: _finite(v) for k, v in outcome.scores.items()}

        def work(db_session: Session) -> AssessmentResultInfo:
            check_patient(db_session, self.actor, patient_id, "record an assessment for")
            row = AssessmentResult(
                patient_id=patient_id, assessment_key=outcome.assessment_id, performed_at=when,
                mode=mode, unit=outcome.unit, scores_json=json.dumps(scores),
                events_json=json.dumps(outcome_events(outcome)),
                start_source=outcome.start_source, note=outcome.note,
                recorded_by=self.actor.username,
            )  # fmt: skip
            db_session.add(row)
            db_session.flush()
            audit(db_session, self.actor, "assessment.record", f"patient {patient_id}",
                  assessment=outcome.assessment_id, scores=json.dumps(scores))  # fmt: skip
            return _result_info(row)

        return self.db.write(work)

    def results(
        self, patient_id: int, assessment_key: str | None = None
    ) -> list[AssessmentResultInfo]:
        """Stored runs of a patient (of one test, or all), oldest first."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "see the assessments of")
            query = select(AssessmentResult).where(AssessmentResult.patient_id == patient_id)
            if assessment_key is not None:
                query = query.where(AssessmentResult.assessment_key == assessment_key)
            rows = s.scalars(query.order_by(AssessmentResult.performed_at, AssessmentResult.id))
            return [_result_info(r) for r in rows]

    def result(self, result_id: int) -> AssessmentResultInfo:
        """One stored run (NotFoundError if there is none)."""
        with self.db.reading() as s:
            row = s.get(AssessmentResult, result_id)
            if row is None:
                raise NotFoundError(f"no assessment result with id {result_id}")
            check_patient(s, self.actor, row.patient_id, "see the assessments of")
            return _result_info(row)
