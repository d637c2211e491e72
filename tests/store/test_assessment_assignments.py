"""Assessment assignments can be rescheduled and ended; every version is kept and audited; the
0006 migration adds the history columns to a 0005 database with its assignments intact (on
SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from coach.store import (
    Actor,
    ClinicService,
    InvalidInputError,
    InvalidStateError,
    PermissionDeniedError,
    current_revision,
    open_database,
    upgrade_database,
)
from coach.store.migrate import head_revision, upgrade
from tests.support.database_fixtures import insert_therapist_and_patient
from tests.support.store_clinic import Clinic


def _audit_actions(clinic: Clinic) -> list[str]:
    return [entry.action for entry in clinic.admin.admin.audit_log()]


def test_rescheduling_ends_the_old_assignment_and_keeps_it_in_the_history(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    first = clinic.therapist.assessments.assign(
        patient_id, "chair_stand_30s", interval_days=14, start_date=date(2026, 11, 2)
    )
    second = clinic.therapist.assessments.reschedule(
        first.id, interval_days=7, start_date=date(2026, 11, 20)
    )
    assert (second.interval_days, second.start_date, second.replaces_id) == (
        7, date(2026, 11, 20), first.id,
    )  # fmt: skip
    assert clinic.patient.assessments.due(patient_id) == [(second, date(2026, 11, 20))]
    history = clinic.therapist.assessments.assignment_history(patient_id)
    assert [(a.id, a.active, a.interval_days) for a in history] == [
        (first.id, False, 14), (second.id, True, 7),
    ]  # fmt: skip
    assert history[0].ended_by == "thera" and history[0].ended_at is not None
    assert history[1].ended_at is None
    assert "assessment.reschedule" in _audit_actions(clinic)


def test_ending_an_assignment_stops_it_being_due_and_it_cannot_be_changed_after(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    assignment = clinic.therapist.assessments.assign(patient_id, "four_stage_balance")
    ended = clinic.therapist.assessments.end_assignment(assignment.id)
    assert not ended.active and ended.ended_by == "thera"
    assert clinic.patient.assessments.due(patient_id) == []
    assert [a.id for a in clinic.therapist.assessments.assignment_history(patient_id)] == [
        assignment.id
    ]
    with pytest.raises(InvalidStateError, match="has ended; assign the test again"):
        clinic.therapist.assessments.reschedule(assignment.id, interval_days=7)
    with pytest.raises(InvalidStateError, match="has ended"):
        clinic.therapist.assessments.end_assignment(assignment.id)
    assert "assessment.end" in _audit_actions(clinic)


def test_only_the_patients_therapist_or_an_admin_changes_an_assignment(clinic: Clinic) -> None:
    assignment = clinic.therapist.assessments.assign(clinic.patient_user.id, "chair_stand_30s")
    with pytest.raises(PermissionDeniedError):
        clinic.patient.assessments.end_assignment(assignment.id)
    with pytest.raises(PermissionDeniedError):
        clinic.other_therapist.assessments.reschedule(assignment.id, interval_days=7)
    with pytest.raises(InvalidInputError, match="interval_days must be 1-365, not 0"):
        clinic.therapist.assessments.reschedule(assignment.id, interval_days=0)
    assert clinic.admin.assessments.end_assignment(assignment.id).ended_by == "admin"


def test_migration_0006_adds_assignment_history_to_a_0004_database(db_url: str) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        upgrade(db, "0005")  # the schema before assignments could be ended or rescheduled
        with db.engine.execution_options(coach_write=True).begin() as conn:
            insert_therapist_and_patient(conn)
            conn.execute(text(
                "INSERT INTO assessment_assignments (id, patient_id, assessment_key,"
                " interval_days, start_date, active, assigned_by, created_at) VALUES"
                " (5, 2, 'chair_stand_30s', 14, '2026-01-05', true, 'thera',"
                " '2026-01-04 09:00:00')"))  # fmt: skip
        upgrade_database(db)
        assert current_revision(db) == head_revision()
        system = ClinicService(db, Actor.system("t"))
        (kept,) = system.assessments.assignment_history(2)
        assert (kept.id, kept.interval_days, kept.start_date, kept.active) == (
            5, 14, date(2026, 1, 5), True,
        )  # fmt: skip
        assert (kept.ended_at, kept.replaces_id) == (None, None)
        moved = system.assessments.reschedule(5, interval_days=28)
        assert moved.replaces_id == 5 and moved.interval_days == 28
    finally:
        db.close()
