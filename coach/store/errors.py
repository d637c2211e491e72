"""Errors raised by the storage layer.

Every error a user can cause is a :class:`StoreError` subclass with a message that says what was
wrong and what was expected, so the CLI and the app can show it without a traceback.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class of every error the storage layer raises on purpose."""


class AuthenticationError(StoreError):
    """Unknown user name, wrong password or disabled account (deliberately not told apart)."""


class PermissionDeniedError(StoreError):
    """The signed-in actor may not read or change the requested data."""


class NotFoundError(StoreError):
    """A user, patient, routine, prescription or session that does not exist."""


class NotVisibleError(NotFoundError, PermissionDeniedError):
    """A record that does not exist, or that the actor may not see: one message for both.

    Raised to non-admins so that a refusal does not tell whether a user name or id exists
    (OWASP ASVS: the same answer for unknown and unauthorised). It is both a
    :class:`NotFoundError` and a :class:`PermissionDeniedError`.
    """


class DuplicateError(StoreError):
    """Something that must be unique (a user name) already exists."""


class InvalidInputError(StoreError):
    """A value is malformed (a role, a date range, a routine YAML, a password...)."""


class InvalidStateError(StoreError):
    """The operation does not fit the current state (recording into a finished session...)."""


class DatabaseUnavailableError(StoreError):
    """The database cannot be opened or written: bad URL, read-only or corrupt file, no server."""


class SignInThrottledError(AuthenticationError):
    """Too many failed sign-ins: wait, or the account or client is locked for a while.

    The message is meant for the person signing in, in plain words. It is the same whether or
    not the user name exists.
    """


class PlanExistsError(InvalidStateError):
    """The patient already has an active plan of this routine (replace or edit it instead).

    Attributes:
        existing_id: Id of the active prescription of the same routine.
    """

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id
