"""Opening, migrating and housekeeping a database (run at app start and by ``coach db``)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from coach.store import leases, migrate
from coach.store.dto import Actor, SyncReport
from coach.store.engine import (
    DATABASE_URL_ENV,
    Database,
    default_database_url,
    normalise_url,
    prepare_sqlite_folder,
)
from coach.store.errors import DatabaseUnavailableError, InvalidInputError
from coach.store.library import load_exercise_library, sha256_text
from coach.store.models import ExerciseDefinition
from coach.store.service.audit import audit

logger = logging.getLogger(__name__)


def open_database(
    url: str | None = None,
    *,
    upgrade: bool = True,
    create: bool = True,
    server_id: str | None = None,
) -> Database:
    """Open (and by default migrate to the latest schema) the coach database.

    Args:
        url: SQLAlchemy URL; ``None`` means ``COACH_DATABASE_URL`` or
            ``sqlite:///<repo>/data/coach.db`` (its folder is created).
        upgrade: Apply pending Alembic migrations before returning.
        create: Create a missing SQLite file. Commands pass ``False`` so that a mistyped
            ``--db`` path is refused instead of silently becoming a new, empty database; only
            ``coach db upgrade`` and ``coach app`` create one (and say so).
        server_id: The ``coach app`` server this process serves (:mod:`coach.store.leases`).

    Raises:
        DatabaseUnavailableError: Bad URL, unreachable server, read-only, corrupt or (with
            ``create=False``) missing file.
    """
    parsed = normalise_url(url or default_database_url())
    db = Database(parsed, server_id=server_id)
    path = db.sqlite_path
    if not create and path is not None and not path.exists():
        raise DatabaseUnavailableError(
            f"database file {path} does not exist; check the --db path or "
            f"{DATABASE_URL_ENV}, or create it with `coach db upgrade --db sqlite:///{path}`"
        )
    try:
        prepare_sqlite_folder(parsed)
    except OSError as exc:
        raise DatabaseUnavailableError(f"cannot create the database folder: {exc}") from None
    try:
        _probe(db)
        if upgrade:
            upgrade_database(db)
    except BaseException:
        db.close()
        raise
    db.remember_file()
    return db


def _probe(db: Database) -> None:
    """Connect once, so a bad server, path or file fails here with a clear message."""
    try:
        with db.engine.connect() as connection:
            if db.dialect == "sqlite":
                connection.execute(text("PRAGMA schema_version")).scalar()
            else:
                connection.execute(text("SELECT 1")).scalar()
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if "not a database" in reason or "malformed" in reason:
            reason = f"the file is corrupt or not a SQLite database ({reason})"
        raise DatabaseUnavailableError(f"cannot open database {db.display_url}: {reason}") from None


def upgrade_database(db: Database) -> str:
    """Apply pending migrations; return the revision the database is now at."""
    head = migrate.head_revision()
    if current_revision(db) == head:
        return head
    try:
        migrate.upgrade(db)
    except DBAPIError as exc:
        raise DatabaseUnavailableError(
            f"cannot migrate database {db.display_url}: {str(exc.orig).strip()}"
        ) from None
    logger.info("database %s upgraded to %s", db.display_url, head)
    return head


def current_revision(db: Database) -> str | None:
    """The Alembic revision stamped in the database (``None`` for an empty database)."""
    try:
        return migrate.current_revision(db)
    except DBAPIError as exc:
        raise DatabaseUnavailableError(
            f"cannot read database {db.display_url}: {str(exc.orig).strip()}"
        ) from None


def head_revision() -> str:
    """The newest migration shipped with this version of coach."""
    return migrate.head_revision()


def mark_dangling_sessions_interrupted(
    db: Database, *, idle_for_s: float = 0.0, lease_ttl_s: float = leases.LEASE_TTL_S
) -> int:
    """Mark ``interrupted`` the ``active`` sessions that no live ``coach app`` owns.

    Run at app start (and by every server's heartbeat): a session whose server stopped
    renewing its lease for ``lease_ttl_s`` seconds, or that has no server and no event for
    ``idle_for_s`` seconds, belongs to a process that died. Sessions of other running servers
    are left alone (:mod:`coach.store.leases`). Returns how many sessions were marked.
    """
    return leases.mark_orphaned_sessions(db, lease_ttl_s=lease_ttl_s, idle_for_s=idle_for_s)


def sync_exercise_definitions(db: Database, folder: Path | None = None) -> SyncReport:
    """Store each exercise YAML of ``folder`` (default ``exercises/``) as a new version when
    its content hash changed.

    Raises:
        InvalidInputError: A file of the library is invalid.
    """
    library = load_exercise_library(folder)
    files = {key: (path, path.read_text("utf-8")) for key, path in library.exercise_files.items()}

    def sync(db_session: Session) -> SyncReport:
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        for key, (path, yaml_text) in sorted(files.items()):
            digest = sha256_text(yaml_text)
            latest = db_session.scalars(
                select(ExerciseDefinition)
                .where(ExerciseDefinition.exercise_key == key)
                .order_by(ExerciseDefinition.version.desc())
                .limit(1)
            ).first()
            if latest is not None and latest.content_sha256 == digest:
                unchanged.append(key)
                continue
            (updated if latest is not None else added).append(key)
            db_session.add(
                ExerciseDefinition(
                    exercise_key=key,
                    version=latest.version + 1 if latest is not None else 1,
                    content_sha256=digest,
                    yaml_text=yaml_text,
                    source_path=str(path),
                )
            )
        if added or updated:
            audit(
                db_session,
                Actor.system(),
                "exercises.sync",
                "exercise library",
                added=",".join(added),
                updated=",".join(updated),
            )
        return SyncReport(tuple(added), tuple(updated), tuple(unchanged))

    return db.write(sync)


def integrity_problems(db: Database) -> list[str]:
    """What SQLite's ``PRAGMA integrity_check`` finds wrong (empty when the file is sound).

    Raises:
        InvalidInputError: The database is not SQLite.
        DatabaseUnavailableError: The file cannot be read at all.
    """
    if db.dialect != "sqlite":
        raise InvalidInputError("the integrity check is for SQLite databases")
    try:
        with db.engine.connect() as connection:
            rows = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check")]
    except DBAPIError as exc:
        reason = str(exc.orig).strip()
        if "malformed" in reason or "not a database" in reason:
            return [reason]  # so damaged that the check itself stops: that is its finding
        raise DatabaseUnavailableError(
            f"cannot check database {db.display_url}: {reason}"
        ) from None
    return [] if rows == ["ok"] else rows


def backup_database(db: Database, target: Path) -> Path:
    """Check the integrity of a SQLite database, then copy it to ``target`` with SQLite's
    online backup (safe while in use), then check the copy.

    Raises:
        InvalidInputError: The database is not SQLite (use ``pg_dump`` for PostgreSQL) or
            ``target`` already exists (never overwritten).
        DatabaseUnavailableError: The database fails its integrity check (nothing is written),
            ``target`` cannot be written, or the copy fails its check (it is removed).
    """
    if db.dialect != "sqlite":
        raise InvalidInputError(
            "coach db backup copies SQLite databases; for PostgreSQL use pg_dump -Fc"
        )
    if target.exists():
        raise InvalidInputError(f"{target} already exists; choose a new file name")
    problems = integrity_problems(db)
    if problems:
        raise DatabaseUnavailableError(
            f"database {db.display_url} fails its integrity check, so it was not backed up "
            f"({len(problems)} problem(s), first: {problems[0]}); keep the file as it is and "
            "restore the last good backup"
        )
    _copy_sqlite(db, target)
    copy = Database(normalise_url(f"sqlite:///{target}"))
    try:
        copy_problems = integrity_problems(copy)
    finally:
        copy.close()
    if copy_problems:
        target.unlink(missing_ok=True)
        raise DatabaseUnavailableError(
            f"the copy at {target} failed its integrity check and was removed: {copy_problems[0]}"
        )
    logger.info("backed up %s to %s", db.display_url, target)
    return target


def _copy_sqlite(db: Database, target: Path) -> None:
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        try:
            destination = sqlite3.connect(target)
        except sqlite3.Error as exc:
            raise DatabaseUnavailableError(f"cannot write backup {target}: {exc}") from None
        try:
            source.backup(destination)
        except sqlite3.Error as exc:
            raise DatabaseUnavailableError(f"cannot write backup {target}: {exc}") from None
        finally:
            destination.close()
    finally:
        raw.close()
