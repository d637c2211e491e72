"""Signing in: checks a password against its argon2 hash and writes an audit line."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from coach.store.dto import Actor
from coach.store.engine import Database
from coach.store.enums import Role
from coach.store.errors import AuthenticationError
from coach.store.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from coach.store.service.audit import audit
from coach.store.service.users import find_user_row

logger = logging.getLogger(__name__)

_FAILED = "unknown user name or wrong password"


def authenticate(db: Database, username: str, password: str) -> Actor:
    """Check a user name and password; return the signed-in actor.

    Successful and failed attempts are both written to the audit log (never the password).

    Raises:
        AuthenticationError: Unknown user, wrong password or disabled account (one message for
            all three, so a caller cannot probe which user names exist).
    """

    def check(session: Session) -> Actor | None:
        user = find_user_row(session, username)
        if user is None:
            verify_password(dummy_hash(), password)  # same cost as a real check
            audit(session, Actor.system("anonymous"), "login.failed", f"user {username!r}")
            return None
        actor = Actor(user.id, user.username, Role(user.role), user.display_name)
        if not user.active or not verify_password(user.password_hash, password):
            audit(session, actor, "login.failed", f"user {user.username!r}")
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        audit(session, actor, "login", f"user {user.username!r}")
        return actor

    actor = db.write(check)
    if actor is None:
        logger.info("failed sign-in for %r", username)
        raise AuthenticationError(_FAILED)
    return actor
