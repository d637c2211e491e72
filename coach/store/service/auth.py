"""Signing in: checks a password against its argon2 hash and writes an audit line."""

from __future__ import annotations

import logging

from coach.store.dto import Actor
from coach.store.engine import Database

logger = logging.getLogger(__name__)


def authenticate(db: Database, username: str, password: str) -> Actor:
    """Check a user name and password; return the signed-in actor.

    Successful and failed attempts are both written to the audit log (never the password).

    Raises:
        AuthenticationError: Unknown user, wrong password or disabled account (one message for
            all three, so a caller cannot probe which user names exist).
    """
    raise NotImplementedError
