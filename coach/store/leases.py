"""Which ``coach app`` server owns which live session: heartbeats kept in the database.

Every ``coach app`` registers itself in ``app_servers`` and renews its row every
:data:`HEARTBEAT_INTERVAL_S`; the sessions it records carry its id. A session still ``active``
is orphaned only when its server has stopped renewing for :data:`LEASE_TTL_S` (or is gone),
so a second server started on the same database (or several behind a proxy on one
PostgreSQL) never interrupts a patient another one is recording. A server that stops cleanly
marks its own live sessions ``interrupted`` and removes its row (:func:`release_server`).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from coach.store.dto import Actor
from coach.store.engine import Database
from coach.store.enums import SessionStatus
from coach.store.models import AppServer, ExerciseSession, utc_now
from coach.store.service.audit import audit

logger = logging.getLogger(__name__)

#: How often a running server renews its lease.
HEARTBEAT_INTERVAL_S = 10.0
#: A server whose heartbeat is older than this is considered gone.
LEASE_TTL_S = 60.0


def new_server_id() -> str:
    """A fresh id for one run of ``coach app``."""
    return str(uuid.uuid4())


def register_server(db: Database, server_id: str) -> None:
    """Add this server's row with a fresh heartbeat."""
    now = utc_now()

    def add(db_session: Session) -> None:
        db_session.add(AppServer(id=server_id, hostname=socket.gethostname()[:255],
                                 pid=os.getpid(), started_at=now, heartbeat_at=now))  # fmt: skip
        audit(db_session, Actor.system("coach app"), "server.start", f"server {server_id}")

    db.write(add)


def renew_lease(db: Database, server_id: str) -> None:
    """Renew this server's heartbeat (re-adding its row if a peer removed it as stale)."""
    now = utc_now()

    def renew(db_session: Session) -> None:
        row = db_session.get(AppServer, server_id)
        if row is None:
            db_session.add(AppServer(
                id=server_id, hostname=socket.gethostname()[:255], pid=os.getpid(),
                started_at=now, heartbeat_at=now,
            ))  # fmt: skip
        else:
            row.heartbeat_at = now

    db.write(renew)


def _interrupt(db_session: Session, ids: list[int], reason: str) -> int:
    if not ids:
        return 0
    db_session.execute(
        update(ExerciseSession)
        .where(ExerciseSession.id.in_(ids))
        .values(status=SessionStatus.INTERRUPTED.value)
    )
    for session_id in ids:
        audit(db_session, Actor.system(), "session.interrupted", f"session {session_id}",
              reason=reason)  # fmt: skip
    return len(ids)


def mark_orphaned_sessions(
    db: Database,
    *,
    lease_ttl_s: float = LEASE_TTL_S,
    idle_for_s: float = 0.0,
    now: datetime | None = None,
) -> int:
    """Mark ``interrupted`` the active sessions no live server owns; return how many.

    A session is orphaned when its server's heartbeat is older than ``lease_ttl_s`` (or its
    row is gone), or when it has no server (recorded by a command or an older coach) and no
    event for ``idle_for_s`` seconds. Stale server rows are removed.
    """
    at = now or utc_now()
    stale_before = at - timedelta(seconds=lease_ttl_s)
    idle_before = at - timedelta(seconds=idle_for_s)

    def sweep(db_session: Session) -> int:
        live = select(AppServer.id).where(AppServer.heartbeat_at >= stale_before)
        ids = list(
            db_session.scalars(
                select(ExerciseSession.id).where(
                    ExerciseSession.status == SessionStatus.ACTIVE.value,
                    or_(
                        (ExerciseSession.server_id.is_(None))
                        & (ExerciseSession.last_activity_at <= idle_before),
                        ExerciseSession.server_id.not_in(live),
                    ),
                )
            )
        )
        db_session.execute(delete(AppServer).where(AppServer.heartbeat_at < stale_before))
        return _interrupt(db_session, ids, "no live server owns it")

    count = db.write(sweep)
    if count:
        logger.warning("%d session(s) left active by a stopped server marked interrupted", count)
    return count


def release_server(db: Database, server_id: str) -> int:
    """At a clean stop: mark this server's live sessions interrupted and remove its row.

    Returns how many sessions were marked.
    """

    def release(db_session: Session) -> int:
        ids = list(
            db_session.scalars(
                select(ExerciseSession.id).where(
                    ExerciseSession.status == SessionStatus.ACTIVE.value,
                    ExerciseSession.server_id == server_id,
                )
            )
        )
        db_session.execute(delete(AppServer).where(AppServer.id == server_id))
        audit(db_session, Actor.system("coach app"), "server.stop", f"server {server_id}")
        return _interrupt(db_session, ids, "its server stopped")

    return db.write(release)
