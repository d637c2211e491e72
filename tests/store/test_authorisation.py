"""Authorisation rules: one test per rule, each checking the refusal and its message."""

from __future__ import annotations

from datetime import date

import pytest

from coach.store import NotFoundError, PermissionDeniedError
from tests.support.accounts import PASSWORD
from tests.support.store_clinic import Clinic


def _session_for(clinic: Clinic, patient_id: int) -> int:
    admin = clinic.admin
    return admin.recording.start_session(patient_id, backend="movenet")


def test_patient_reads_own_history(clinic: Clinic) -> None:
    own = clinic.patient_user.id
    session_id = clinic.patient.recording.start_session(own, backend="movenet")
    assert [s.id for s in clinic.patient.history.sessions_for(own)] == [session_id]


def test_patient_cannot_read_another_patients_history(clinic: Clinic) -> None:
    other = clinic.other_patient_user.id
    with pytest.raises(PermissionDeniedError, match="patients can only see their own data"):
        clinic.patient.history.sessions_for(other)


def test_patient_cannot_open_another_patients_session(clinic: Clinic) -> None:
    session_id = _session_for(clinic, clinic.other_patient_user.id)
    with pytest.raises(PermissionDeniedError, match="patient 'pat' may not see patient"):
        clinic.patient.history.session_detail(session_id)


def test_patient_cannot_record_into_another_patients_session(clinic: Clinic) -> None:
    session_id = _session_for(clinic, clinic.other_patient_user.id)
    with pytest.raises(PermissionDeniedError, match=r"may not record into patient id \d+"):
        clinic.patient.recording.record_set_start(session_id, "sit_to_stand", set_index=0)


def test_patient_cannot_list_patients_or_create_accounts(clinic: Clinic) -> None:
    with pytest.raises(PermissionDeniedError, match="may not list patients"):
        clinic.patient.history.list_patients()
    with pytest.raises(PermissionDeniedError, match="only therapist or admin accounts"):
        clinic.patient.accounts.create_patient("sneaky", PASSWORD)


def test_patient_cannot_save_or_prescribe_routines(clinic: Clinic) -> None:
    with pytest.raises(PermissionDeniedError, match="may not save routines"):
        clinic.patient.plans.save_routine("id: x\nname: X\nexercises: []\n")
    with pytest.raises(PermissionDeniedError, match="may not prescribe routines"):
        clinic.patient.plans.assign_routine(
            clinic.patient_user.id, clinic.routine_id, days_per_week=3, start_date=date.today()
        )


def test_patient_sees_only_routines_prescribed_to_them(clinic: Clinic) -> None:
    with pytest.raises(PermissionDeniedError, match="it is not prescribed to you"):
        clinic.patient.plans.get_routine(clinic.routine_id)
    clinic.therapist.plans.assign_routine(
        clinic.patient_user.id, clinic.routine_id, days_per_week=2, start_date=date(2026, 1, 5)
    )
    assert clinic.patient.plans.get_routine(clinic.routine_id).routine_key == "knee_basics"


def test_therapist_reads_linked_patients(clinic: Clinic) -> None:
    rows = clinic.therapist.history.list_patients()
    assert [r.user.username for r in rows] == ["pat"]


def test_therapist_cannot_read_unlinked_patient(clinic: Clinic) -> None:
    other = clinic.other_patient_user.id
    with pytest.raises(PermissionDeniedError, match="no patient with this id is linked to you"):
        clinic.therapist.history.sessions_for(other)
    with pytest.raises(PermissionDeniedError, match="no patient with this id is linked to you"):
        clinic.therapist.exports.export_history(other, "json")


def test_therapist_cannot_prescribe_to_unlinked_patient(clinic: Clinic) -> None:
    with pytest.raises(PermissionDeniedError, match="may not prescribe a routine to patient"):
        clinic.therapist.plans.assign_routine(
            clinic.other_patient_user.id,
            clinic.routine_id,
            days_per_week=3,
            start_date=date(2026, 1, 5),
        )


def test_therapist_cannot_create_therapists_or_admins(clinic: Clinic) -> None:
    with pytest.raises(PermissionDeniedError, match="may not create admin accounts"):
        clinic.therapist.accounts.create_user("boss", PASSWORD, "admin")
    with pytest.raises(PermissionDeniedError, match="therapists add patients to their own list"):
        clinic.therapist.accounts.create_patient(
            "p2", PASSWORD, therapist_id=clinic.other_therapist.actor.user_id
        )


def test_therapist_cannot_see_another_therapists_account(clinic: Clinic) -> None:
    other_id = clinic.other_therapist.actor.user_id
    assert other_id is not None
    with pytest.raises(PermissionDeniedError, match="no such account is yours"):
        clinic.therapist.accounts.get_user(other_id)


def test_only_the_account_or_an_admin_changes_a_password(clinic: Clinic) -> None:
    with pytest.raises(PermissionDeniedError, match="only the account itself or an admin"):
        clinic.therapist.accounts.set_password(clinic.patient_user.id, "hijacked password")
    clinic.admin.accounts.set_password(clinic.patient_user.id, "reset by admin")


def test_admin_reads_everything(clinic: Clinic) -> None:
    rows = clinic.admin.history.list_patients()
    assert [r.user.username for r in rows] == ["other_pat", "pat"]
    assert clinic.admin.history.sessions_for(clinic.other_patient_user.id) == []
    assert len(clinic.admin.accounts.list_users()) == 5


def test_only_admins_read_the_audit_log_and_list_accounts(clinic: Clinic) -> None:
    with pytest.raises(PermissionDeniedError, match="may not read the audit log"):
        clinic.therapist.admin.audit_log()
    with pytest.raises(PermissionDeniedError, match="may not list all accounts"):
        clinic.therapist.accounts.list_users()


def test_unknown_patient_is_reported_as_not_found(clinic: Clinic) -> None:
    with pytest.raises(NotFoundError, match="no patient with id 999999"):
        clinic.admin.history.sessions_for(999_999)
    with pytest.raises(NotFoundError, match="no user named 'ghost'"):
        clinic.admin.accounts.find_user("ghost")


def test_admin_links_a_patient_to_a_second_therapist_who_then_sees_them(clinic: Clinic) -> None:
    other_id = clinic.other_therapist.actor.user_id
    assert other_id is not None
    with pytest.raises(PermissionDeniedError, match="may not link patients to therapists"):
        clinic.therapist.accounts.link_patient(other_id, clinic.patient_user.id)
    clinic.admin.accounts.link_patient(other_id, clinic.patient_user.id)
    clinic.admin.accounts.link_patient(other_id, clinic.patient_user.id)  # idempotent
    seen = [r.user.username for r in clinic.other_therapist.history.list_patients()]
    assert seen == ["other_pat", "pat"]


def test_data_changes_are_audited_with_who_and_what(clinic: Clinic) -> None:
    session_id = clinic.patient.recording.start_session(clinic.patient_user.id, backend="movenet")
    clinic.patient.recording.finish_session(session_id)
    entries = {(e.actor, e.action, e.target) for e in clinic.admin.admin.audit_log(limit=100)}
    assert ("thera", "user.create", "user 'pat'") in entries
    assert ("thera", "routine.save", "routine 'knee_basics' v1") in entries
    assert ("pat", "session.start", f"session {session_id}") in entries
    assert ("pat", "session.finish", f"session {session_id}") in entries
    assert all(e.at.tzinfo is not None for e in clinic.admin.admin.audit_log())
