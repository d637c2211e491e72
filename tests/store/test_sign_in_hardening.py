"""Sign-in: throttling and locks kept in the database, NIST password rules, sessions ending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from coach.store import (
    Actor,
    AuthenticationError,
    ClinicService,
    Database,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    Role,
    SignInThrottledError,
    ThrottleScope,
    authenticate,
    credentials_version,
)
from coach.store.password_policy import check_new_password
from coach.store.service.throttle import ACCOUNT_LOCK_FAILURES, CLIENT_LOCK_FAILURES, LOCK_DURATION
from tests.support.accounts import PASSWORD

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _fail(db: Database, username: str, at: datetime, client: str | None = None) -> str:
    with pytest.raises(AuthenticationError) as raised:
        authenticate(db, username, "wrong password!", client=client, now=at)
    return str(raised.value)


def _audit_actions(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(text("SELECT action FROM audit_log"))]


def _admin(db: Database) -> ClinicService:
    return ClinicService(db, Actor.system("tests"))


def test_repeated_failures_slow_down_then_lock_even_the_right_password(db: Database) -> None:
    _admin(db).accounts.create_user("rita", PASSWORD, Role.THERAPIST, "Rita")
    at = START
    for attempt in range(ACCOUNT_LOCK_FAILURES):
        message = _fail(db, "rita", at)
        assert "wait" not in message  # each attempt was made after the wait it was told
        at += timedelta(seconds=10)
        if attempt == 2:  # after 3 failures a quick retry is refused without checking
            quick = _fail(db, "rita", at - timedelta(seconds=9.5))
            assert "please wait" in quick
    with pytest.raises(SignInThrottledError, match="locked for about 15 more minute"):
        authenticate(db, "rita", PASSWORD, now=at)
    assert "login.lock" in _audit_actions(db)
    assert "login.throttled" in _audit_actions(db)
    after_lock = at + LOCK_DURATION + timedelta(seconds=1)
    assert authenticate(db, "rita", PASSWORD, now=after_lock).username == "rita"


def test_an_unknown_name_locks_with_the_same_words_as_a_known_one(db: Database) -> None:
    _admin(db).accounts.create_user("rita", PASSWORD, Role.THERAPIST, "Rita")
    messages = {}
    for name in ("rita", "nobody"):
        at = START
        for _ in range(ACCOUNT_LOCK_FAILURES):
            _fail(db, name, at)
            at += timedelta(seconds=10)
        with pytest.raises(SignInThrottledError) as raised:
            authenticate(db, name, PASSWORD, now=at)
        messages[name] = str(raised.value)
    assert messages["rita"] == messages["nobody"]


def test_one_client_trying_many_names_is_locked_as_a_client(db: Database) -> None:
    at = START
    for index in range(CLIENT_LOCK_FAILURES):
        _fail(db, f"name{index}", at, client="203.0.113.9")
        at += timedelta(seconds=10)
    with pytest.raises(SignInThrottledError, match="this device is locked"):
        authenticate(db, "someone_else", PASSWORD, client="203.0.113.9", now=at)
    _fail(db, "someone_else", at, client="198.51.100.1")  # another client is not locked


def test_an_admin_sees_and_clears_a_lock_and_it_is_audited(db: Database) -> None:
    _admin(db).accounts.create_user("rita", PASSWORD, Role.THERAPIST, "Rita")
    at = START
    for _ in range(ACCOUNT_LOCK_FAILURES):
        _fail(db, "rita", at)
        at += timedelta(seconds=10)
    locks = _admin(db).sign_in_locks.current_locks(at)
    assert [(lock.scope, lock.key) for lock in locks] == [(ThrottleScope.ACCOUNT, "rita")]
    therapist_actor = Actor(None, "other", Role.THERAPIST)
    with pytest.raises(PermissionDeniedError):
        ClinicService(db, therapist_actor).sign_in_locks.unlock("account", "rita")
    _admin(db).sign_in_locks.unlock("account", "RITA")
    assert "login.unlock" in _audit_actions(db)
    assert authenticate(db, "rita", PASSWORD, now=at).username == "rita"
    with pytest.raises(NotFoundError):
        _admin(db).sign_in_locks.unlock("account", "rita")


@pytest.mark.parametrize(
    ("password", "role", "reason"),
    [
        ("12345678", Role.ADMIN, "at least 12 characters"),
        ("password", Role.PATIENT, "commonly used|simple sequence"),
        ("        ", Role.PATIENT, "repeated or a simple sequence"),
        ("            ", Role.ADMIN, "repeated or a simple sequence"),
        ("aaaaaaaaaaaaaa", Role.THERAPIST, "repeated"),
        ("1234567890123", Role.ADMIN, "sequence"),
        ("qwertyuiopasdf", Role.ADMIN, "sequence"),
        ("password123456", Role.ADMIN, "commonly used"),
        ("iloveyou", Role.PATIENT, "commonly used"),
        ("Rosalind-2026!", Role.ADMIN, "own name"),
        ("admin-rosalind-2026", Role.ADMIN, "own name"),
        ("coach-password-1", Role.ADMIN, "own name or the service"),
        ("short pw", Role.THERAPIST, "at least 12 characters"),
    ],
)
def test_passwords_breaking_nist_rules_are_refused_with_the_reason(
    password: str, role: Role, reason: str
) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        check_new_password(password, role=role, username="rosalind", display_name="Rosalind F")


@pytest.mark.parametrize(
    ("password", "role"),
    [
        ("tulip ladder 47", Role.ADMIN),
        ("mango sky", Role.PATIENT),
        ("Zq8#vL2p", Role.PATIENT),
        ("rosalind walks the tulip ladder", Role.ADMIN),
    ],
)
def test_good_passwords_pass(password: str, role: Role) -> None:
    check_new_password(password, role=role, username="rosalind", display_name="Rosalind F")


def test_a_command_line_admin_cannot_be_created_with_a_weak_password(db: Database) -> None:
    for weak in ("12345678", "password", " " * 8):
        with pytest.raises(InvalidInputError):
            _admin(db).accounts.create_user("boss", weak, Role.ADMIN, "Boss")


def test_a_password_change_or_deactivation_changes_the_credentials_version(db: Database) -> None:
    user = _admin(db).accounts.create_user("rita", PASSWORD, Role.THERAPIST, "Rita")
    first = credentials_version(db, user.id)
    assert first is not None
    actor = authenticate(db, "rita", PASSWORD)
    ClinicService(db, actor).accounts.set_password(user.id, "another long passphrase")
    second = credentials_version(db, user.id)
    assert second is not None and second != first
    _admin(db).accounts.set_active(user.id, False)
    assert credentials_version(db, user.id) is None
    with pytest.raises(AuthenticationError):
        authenticate(db, "rita", "another long passphrase")
