"""Accounts: creating users, signing in, passwords, bad input, audit of logins."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from coach.store import (
    Actor,
    AuthenticationError,
    ClinicService,
    Database,
    DuplicateError,
    InvalidInputError,
    Role,
    authenticate,
)
from tests.support.accounts import PASSWORD
from tests.support.store_clinic import Clinic


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_authenticate_returns_the_actor_with_its_role(clinic: Clinic) -> None:
    actor = authenticate(clinic.db, "thera", PASSWORD)
    assert (actor.username, actor.role, actor.display_name) == (
        "thera",
        Role.THERAPIST,
        "Theo Therapist",
    )


def test_wrong_password_and_unknown_user_get_the_same_error(clinic: Clinic) -> None:
    with pytest.raises(AuthenticationError, match="unknown user name or wrong password"):
        authenticate(clinic.db, "thera", "wrong password")
    with pytest.raises(AuthenticationError, match="unknown user name or wrong password"):
        authenticate(clinic.db, "nobody_here", PASSWORD)


def test_logins_and_failed_logins_are_audited(clinic: Clinic) -> None:
    with pytest.raises(AuthenticationError):
        authenticate(clinic.db, "pat", "not the password")
    entries = clinic.admin.admin.audit_log(limit=50)
    actions = [(e.action, e.target) for e in entries]
    assert ("login.failed", "user 'pat'") in actions
    assert ("login", "user 'thera'") in actions


def test_no_plaintext_password_is_stored(clinic: Clinic) -> None:
    with clinic.db.engine.connect() as conn:
        hashes = conn.execute(text("SELECT password_hash FROM users")).scalars().all()
        audit = conn.execute(text("SELECT detail_json FROM audit_log")).scalars().all()
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)
    assert not any(PASSWORD in d for d in audit)


def test_duplicate_user_name_is_refused_and_nothing_is_written(clinic: Clinic) -> None:
    before = _count(clinic.db, "users"), _count(clinic.db, "audit_log")
    with pytest.raises(DuplicateError, match="user name 'PAT' is already taken"):
        clinic.admin.accounts.create_user("PAT", PASSWORD, "patient")
    assert (_count(clinic.db, "users"), _count(clinic.db, "audit_log")) == before


def test_invalid_role_lists_the_valid_ones(clinic: Clinic) -> None:
    with pytest.raises(InvalidInputError, match="invalid role 'doctor': expected one of patient"):
        clinic.admin.accounts.create_user("dr_who", PASSWORD, "doctor")


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", PASSWORD, "user name must not be empty"),
        ("two words", PASSWORD, "must not contain spaces"),
        ("x" * 65, PASSWORD, "user name too long"),
        ("bell\x07", PASSWORD, "control characters"),
        ("shorty", "short", "password too short: patient accounts need at least 8"),
    ],
)
def test_bad_account_input_is_refused_with_a_clear_message(
    clinic: Clinic, username: str, password: str, message: str
) -> None:
    before = _count(clinic.db, "users")
    with pytest.raises(InvalidInputError, match=message):
        clinic.admin.accounts.create_user(username, password, "patient")
    assert _count(clinic.db, "users") == before


def test_quotes_and_sql_keywords_are_stored_literally(clinic: Clinic) -> None:
    name = "o'neil\";DROP_TABLE_users;--"
    shown = 'Robert\'); DROP TABLE users; -- "Bobby" SELECT * FROM audit_log'
    created = clinic.therapist.accounts.create_patient(name, PASSWORD, shown)
    again = clinic.therapist.accounts.find_user(name)
    assert (again.username, again.display_name) == (name, shown)
    assert authenticate(clinic.db, name, PASSWORD).user_id == created.id
    assert _count(clinic.db, "users") == 6


def test_changing_a_password_makes_the_old_one_fail(clinic: Clinic) -> None:
    patient = clinic.patient_user
    clinic.patient.accounts.set_password(patient.id, "a brand new secret")
    with pytest.raises(AuthenticationError):
        authenticate(clinic.db, "pat", PASSWORD)
    assert authenticate(clinic.db, "pat", "a brand new secret").user_id == patient.id


def test_list_users_filters_by_role(clinic: Clinic) -> None:
    therapists = clinic.admin.accounts.list_users("therapist")
    assert [u.username for u in therapists] == ["other_thera", "thera"]
    patients = clinic.admin.accounts.list_users(Role.PATIENT)
    assert {u.username: u.therapist_ids for u in patients} == {
        "other_pat": (clinic.other_therapist.actor.user_id,),
        "pat": (clinic.therapist.actor.user_id,),
    }


def test_system_actor_can_bootstrap_the_first_admin(db: Database) -> None:
    system = ClinicService(db, Actor.system("cli"))
    admin = system.accounts.create_user("root_admin", PASSWORD, "admin")
    assert authenticate(db, "root_admin", PASSWORD).role is Role.ADMIN
    assert admin.role is Role.ADMIN
