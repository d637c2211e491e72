"""Signing in: checks a password against its argon2 hash, throttles failures, audits both.

Also answers whether a browser session signed in earlier is still valid: a password change or
a deactivation bumps the account's ``credentials_version``, which ends every session signed in
under the old one (:func:`credentials_version`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from coach.store.dto import Actor
from coach.store.engine import Database
from coach.store.enums import Role
from coach.store.errors import AuthenticationError, SignInThrottledError
from coach.store.models import User, utc_now
from coach.store.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from coach.store.service.audit import audit
from coach.store.service.throttle import (
    check_allowed,
    record_failure,
    record_success,
    throttle_keys,
)
from coach.store.service.users import find_user_row

logger = logging.getLogger(__name__)

_FAILED = "unknown user name or wrong password"


def authenticate(
    db: Database,
    username: str,
    password: str,
    *,
    client: str | None = None,
    now: datetime | None = None,
) -> Actor:
    """Check a user name and password; return the signed-in actor.

    Successful, failed and refused attempts are all written to the audit log (never the
    password). Failures are counted per account name and per client
    (:mod:`coach.store.service.throttle`).

    Args:
        client: The client's address (IP), when the caller knows it.
        now: The current time (tests); default now.

    Raises:
        SignInThrottledError: Too many recent failures for this name or client; the message
            says how long to wait. The password was not checked.
        AuthenticationError: Unknown user, wrong password or disabled account (one message for
            all three, so a caller cannot probe which user names exist).
    """
    keys = throttle_keys(username, client)
    at = now or utc_now()

    def check(db_session: Session) -> Actor | SignInThrottledError | None:
        try:
            check_allowed(db_session, keys, at)
        except SignInThrottledError as refused:
            audit(db_session, Actor.system("anonymous"), "login.throttled", f"user {username!r}",
                  client=client or "")  # fmt: skip
            return refused
        user = find_user_row(db_session, username)
        if user is None:
            verify_password(dummy_hash(), password)  # same cost as a real check
            audit(db_session, Actor.system("anonymous"), "login.failed", f"user {username!r}",
                  client=client or "")  # fmt: skip
            record_failure(db_session, Actor.system("anonymous"), keys, at)
            return None
        actor = Actor(user.id, user.username, Role(user.role), user.display_name)
        if not user.active or not verify_password(user.password_hash, password):
            audit(db_session, actor, "login.failed", f"user {user.username!r}", client=client or "")
            record_failure(db_session, actor, keys, at)
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        record_success(db_session, keys)
        audit(db_session, actor, "login", f"user {user.username!r}", client=client or "")
        return actor

    outcome = db.write(check)
    if isinstance(outcome, SignInThrottledError):
        logger.warning("throttled sign-in for %r from %s", username, client or "?")
        raise outcome
    if outcome is None:
        logger.info("failed sign-in for %r", username)
        raise AuthenticationError(_FAILED)
    return outcome


def credentials_version(db: Database, user_id: int) -> int | None:
    """The account's current credentials version; ``None`` if it is gone or deactivated.

    A browser session remembers the version it signed in under and ends when this differs.
    """
    with db.reading() as db_session:
        user = db_session.get(User, user_id)
        if user is None or not user.active:
            return None
        return user.credentials_version
