"""Admins reset passwords, deactivate accounts (history kept) and unlink patients; everyone
changes their own password only with the current one; the audit log filters by person/action."""

from __future__ import annotations

import pytest

from coach.store import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    authenticate,
)
from tests.support.accounts import PASSWORD
from tests.support.store_clinic import Clinic


def test_an_admin_resets_a_forgotten_password(clinic: Clinic) -> None:
    clinic.admin.accounts.set_password(clinic.patient_user.id, "a brand new secret")
    assert authenticate(clinic.db, "pat", "a brand new secret").username == "pat"
    with pytest.raises(AuthenticationError):
        authenticate(clinic.db, "pat", PASSWORD)
    with pytest.raises(PermissionDeniedError):
        clinic.therapist.accounts.set_password(clinic.patient_user.id, "therapists cannot")


def test_a_deactivated_account_cannot_sign_in_but_keeps_its_history(clinic: Clinic) -> None:
    recording = clinic.patient.recording
    session_id = recording.start_session(clinic.patient_user.id, backend="movenet")
    recording.finish_session(session_id)
    info = clinic.admin.accounts.set_active(clinic.patient_user.id, False)
    assert not info.active
    with pytest.raises(AuthenticationError):
        authenticate(clinic.db, "pat", PASSWORD)
    kept = clinic.therapist.history.sessions_for(clinic.patient_user.id)
    assert [s.id for s in kept] == [session_id]
    clinic.admin.accounts.set_active(clinic.patient_user.id, True)
    assert authenticate(clinic.db, "pat", PASSWORD).username == "pat"
    admin_id = clinic.admin.actor.user_id
    assert admin_id is not None
    with pytest.raises(InvalidInputError, match="your own account"):
        clinic.admin.accounts.set_active(admin_id, False)


def test_unlinking_a_patient_hides_them_from_that_therapist_only(clinic: Clinic) -> None:
    therapist_id = clinic.therapist.actor.user_id
    assert therapist_id is not None
    clinic.admin.admin.unlink_patient(therapist_id, clinic.patient_user.id)
    assert clinic.therapist.history.list_patients() == []
    assert clinic.admin.accounts.get_user(clinic.patient_user.id).therapist_ids == ()
    with pytest.raises(NotFoundError, match="not linked"):
        clinic.admin.admin.unlink_patient(therapist_id, clinic.patient_user.id)


def test_changing_ones_own_password_needs_the_current_one(clinic: Clinic) -> None:
    with pytest.raises(AuthenticationError, match="current password is not right"):
        clinic.patient.admin.change_own_password("a wrong guess", "another secret pw")
    assert authenticate(clinic.db, "pat", PASSWORD).username == "pat"
    clinic.patient.admin.change_own_password(PASSWORD, "another secret pw")
    assert authenticate(clinic.db, "pat", "another secret pw").username == "pat"


def test_the_audit_log_filters_by_person_and_action(clinic: Clinic) -> None:
    clinic.admin.accounts.set_password(clinic.patient_user.id, "a brand new secret")
    people, actions = clinic.admin.admin.audit_filters()
    assert {"admin", "thera"} <= set(people) and "user.password_reset" in actions
    resets = clinic.admin.admin.audit_log(action="user.password_reset")
    assert [(e.actor, e.target) for e in resets] == [("admin", "user 'pat'")]
    by_thera = clinic.admin.admin.audit_log(who="thera")
    assert by_thera and all(e.actor == "thera" for e in by_thera)
    with pytest.raises(PermissionDeniedError):
        clinic.therapist.admin.audit_log()
