"""Opening, migrating and housekeeping a database (run at app start and by ``coach db``)."""

from __future__ import annotations

import logging
from pathlib import Path

from coach.store.dto import SyncReport
from coach.store.engine import Database

logger = logging.getLogger(__name__)


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open (and by default migrate to the latest schema) the coach database.

    Args:
        url: SQLAlchemy URL; ``None`` means ``COACH_DATABASE_URL`` or
            ``sqlite:///<repo>/data/coach.db`` (its folder is created).
        upgrade: Apply pending Alembic migrations before returning.

    Raises:
        DatabaseUnavailableError: Bad URL, unreachable server, read-only or corrupt file.
    """
    raise NotImplementedError


def upgrade_database(db: Database) -> str:
    """Apply pending migrations; return the revision the database is now at."""
    raise NotImplementedError


def current_revision(db: Database) -> str | None:
    """The Alembic revision stamped in the database (``None`` for an empty database)."""
    raise NotImplementedError


def head_revision() -> str:
    """The newest migration shipped with this version of coach."""
    raise NotImplementedError


def mark_dangling_sessions_interrupted(db: Database, *, idle_for_s: float = 0.0) -> int:
    """Mark ``active`` sessions with no event for ``idle_for_s`` seconds as ``interrupted``.

    Run once at app start: a session still ``active`` then belongs to a process that died.
    Returns how many sessions were marked.
    """
    raise NotImplementedError


def sync_exercise_definitions(db: Database, folder: Path | None = None) -> SyncReport:
    """Store each exercise YAML of ``folder`` (default ``exercises/``) as a new version when
    its content hash changed."""
    raise NotImplementedError
