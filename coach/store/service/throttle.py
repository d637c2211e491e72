"""Sign-in throttling: failed attempts per account name and per client, kept in the database.

After :data:`SLOW_AFTER_FAILURES` failures, the next attempt for that account or client must
wait (1 s, then 2 s, 4 s, ... up to :data:`MAX_WAIT_S`); after :data:`ACCOUNT_LOCK_FAILURES`
failures of one account name (or :data:`CLIENT_LOCK_FAILURES` from one client address) within
:data:`FAILURE_WINDOW`, it is locked for :data:`LOCK_DURATION`. The counters live in the
``sign_in_throttle`` table, so every server of a clinic and every restart see the same ones, and
an admin can clear a lock (:class:`SignInLocks`). Unknown user names are counted like known
ones, so a lock message tells nobody whether an account exists. Numbers follow OWASP ASVS 2.2.1
and NIST SP 800-63B 5.2.2 (at most 100 consecutive failures per account).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coach.store.dto import Actor
from coach.store.enums import Role
from coach.store.errors import NotFoundError, SignInThrottledError
from coach.store.models import SignInThrottle
from coach.store.service.access import require_role
from coach.store.service.audit import audit
from coach.store.service.scope import ServiceScope

#: Failures before each further attempt has to wait.
SLOW_AFTER_FAILURES = 3
#: Longest wait between two attempts before the lock.
MAX_WAIT_S = 8.0
#: Failures of one account name that lock it.
ACCOUNT_LOCK_FAILURES = 5
#: Failures from one client address that lock it (a client may mistype several names).
CLIENT_LOCK_FAILURES = 20
#: How long a lock lasts.
LOCK_DURATION = timedelta(minutes=15)
#: Failures older than this (counted from the first) are forgotten.
FAILURE_WINDOW = timedelta(minutes=15)


class ThrottleScope(StrEnum):
    """What a counter counts: one account name, or one client address."""

    ACCOUNT = "account"
    CLIENT = "client"


@dataclass(frozen=True)
class SignInLock:
    """A current lock, as an admin sees it."""

    scope: ThrottleScope
    key: str
    failures: int
    locked_until: datetime


def throttle_keys(username: str, client: str | None) -> list[tuple[ThrottleScope, str]]:
    """The counters one attempt touches: the typed account name and, if known, the client."""
    keys = [(ThrottleScope.ACCOUNT, username.strip().lower()[:200])]
    if client:
        keys.append((ThrottleScope.CLIENT, client.strip()[:200]))
    return keys


def _wait_s(failures: int) -> float:
    if failures < SLOW_AFTER_FAILURES:
        return 0.0
    return float(min(2.0 ** (failures - SLOW_AFTER_FAILURES), MAX_WAIT_S))


def _row(db_session: Session, scope: ThrottleScope, key: str) -> SignInThrottle | None:
    return db_session.scalars(
        select(SignInThrottle).where(SignInThrottle.scope == scope.value, SignInThrottle.key == key)
    ).first()


def check_allowed(
    db_session: Session, keys: list[tuple[ThrottleScope, str]], now: datetime
) -> None:
    """Refuse an attempt made while locked or too soon after the last failure.

    Raises:
        SignInThrottledError: with a plain-words message saying how long to wait.
    """
    for scope, key in keys:
        row = _row(db_session, scope, key)
        if row is None:
            continue
        if row.locked_until is not None and row.locked_until > now:
            minutes = max(1, round((row.locked_until - now).total_seconds() / 60))
            what = "this account" if scope is ThrottleScope.ACCOUNT else "this device"
            raise SignInThrottledError(
                f"Too many failed sign-ins: {what} is locked for about {minutes} more "
                f"minute(s), until {row.locked_until:%H:%M} UTC. Try again then, or ask an "
                "administrator to unlock it."
            )
        wait_s = _wait_s(row.failures)
        ready_at = row.last_failure_at + timedelta(seconds=wait_s)
        if wait_s and now < ready_at:
            seconds = max(1, round((ready_at - now).total_seconds()))
            raise SignInThrottledError(
                f"Too many failed sign-ins: please wait {seconds} second(s) before trying again."
            )


def record_failure(
    db_session: Session, actor: Actor, keys: list[tuple[ThrottleScope, str]], now: datetime
) -> None:
    """Count one failed attempt on every counter; lock those that reach their limit."""
    for scope, key in keys:
        row = _row(db_session, scope, key)
        if row is None:
            row = SignInThrottle(scope=scope.value, key=key, failures=0, first_failure_at=now)
            db_session.add(row)
        elif now - row.first_failure_at > FAILURE_WINDOW and (
            row.locked_until is None or row.locked_until <= now
        ):
            row.failures, row.first_failure_at, row.locked_until = 0, now, None
        row.failures += 1
        row.last_failure_at = now
        limit = ACCOUNT_LOCK_FAILURES if scope is ThrottleScope.ACCOUNT else CLIENT_LOCK_FAILURES
        if row.failures >= limit and row.locked_until is None:
            row.locked_until = now + LOCK_DURATION
            audit(db_session, actor, "login.lock", f"{scope.value} {key!r}",
                  failures=row.failures, until=row.locked_until.isoformat())  # fmt: skip
    db_session.flush()


def record_success(db_session: Session, keys: list[tuple[ThrottleScope, str]]) -> None:
    """Forget the account's failures after a successful sign-in (the client's decay alone)."""
    for scope, key in keys:
        if scope is ThrottleScope.ACCOUNT:
            db_session.execute(
                delete(SignInThrottle).where(
                    SignInThrottle.scope == scope.value, SignInThrottle.key == key
                )
            )


class SignInLocks(ServiceScope):
    """Admins see and clear sign-in locks (every change is audited)."""

    def current_locks(self, now: datetime) -> list[SignInLock]:
        """Locks in force at ``now``, newest first."""
        require_role(self.actor, "see sign-in locks", Role.ADMIN)
        with self.db.reading() as s:
            rows = s.scalars(
                select(SignInThrottle)
                .where(SignInThrottle.locked_until > now)
                .order_by(SignInThrottle.locked_until.desc())
            )
            return [
                SignInLock(ThrottleScope(r.scope), r.key, r.failures, r.locked_until)
                for r in rows
                if r.locked_until is not None
            ]

    def unlock(self, scope: ThrottleScope | str, key: str) -> None:
        """Clear the failures and the lock of one account name or client address.

        Raises:
            NotFoundError: There is nothing recorded for that name or address.
            PermissionDeniedError: The actor is not an admin.
        """
        require_role(self.actor, "unlock sign-ins", Role.ADMIN)
        parsed = ThrottleScope(scope)
        normalised = key.strip().lower() if parsed is ThrottleScope.ACCOUNT else key.strip()

        def clear(db_session: Session) -> None:
            row = _row(db_session, parsed, normalised)
            if row is None:
                raise NotFoundError(f"no failed sign-ins recorded for {parsed.value} {key!r}")
            db_session.delete(row)
            audit(db_session, self.actor, "login.unlock", f"{parsed.value} {normalised!r}")

        self.db.write(clear)
