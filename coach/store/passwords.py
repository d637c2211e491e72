"""Password hashing with argon2id (argon2-cffi); plaintext passwords are never stored or logged."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from coach.store.errors import InvalidInputError

#: Shortest password ever hashed; the policy per role is in :mod:`coach.store.password_policy`.
MIN_PASSWORD_LENGTH = 8
#: Longest password accepted (bounds hashing time for absurd inputs).
MAX_PASSWORD_LENGTH = 1024

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """Validate and hash a new password; returns an argon2id PHC string.

    Raises:
        InvalidInputError: The password is too short or too long.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"password too short: expected at least {MIN_PASSWORD_LENGTH} characters, "
            f"got {len(password)}"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInputError(f"password too long: at most {MAX_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash`` (False for a malformed hash too)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's defaults."""
    return _hasher.check_needs_rehash(password_hash)


@cache
def dummy_hash() -> str:
    """A hash of no known password, verified for unknown users so that a failed sign-in takes
    as long whether or not the user name exists."""
    return _hasher.hash("coach-dummy-password-for-timing")
