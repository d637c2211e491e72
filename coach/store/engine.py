"""Opening the database: URL resolution, SQLite tuning, write transactions with retry.

SQLite is the embedded default (``sqlite:///<repo>/data/coach.db``); PostgreSQL is the same code
through a ``postgresql+psycopg://`` URL. SQLite runs in WAL mode (readers never block the
writer), with foreign keys enforced and a busy timeout; every write transaction starts with
``BEGIN IMMEDIATE`` so two writers queue for the lock up front instead of failing half-way, and
a write that still meets ``SQLITE_BUSY`` is retried with exponential backoff.
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from coach import paths
from coach.store.errors import DatabaseUnavailableError

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Environment variable overriding the default database URL.
DATABASE_URL_ENV = "COACH_DATABASE_URL"
#: How long SQLite itself waits for a lock before reporting ``SQLITE_BUSY``.
SQLITE_BUSY_TIMEOUT_MS = 5_000
#: Retries of a whole write transaction after ``SQLITE_BUSY`` escaped the busy timeout.
WRITE_RETRIES = 8
_BACKOFF_FIRST_S = 0.05
_BACKOFF_MAX_S = 2.0
_WRITE_OPTION = "coach_write"


def default_database_url() -> str:
    """``COACH_DATABASE_URL`` if set, else the SQLite file ``<data_dir>/coach.db``."""
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return env
    return f"sqlite:///{paths.data_dir() / 'coach.db'}"


def normalise_url(url: str) -> URL:
    """Parse ``url``; plain ``postgresql://``/``postgres://`` URLs get the psycopg 3 driver.

    Raises:
        DatabaseUnavailableError: The URL cannot be parsed or names an unsupported database.
    """
    text = url.strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    try:
        parsed = make_url(text)
    except ArgumentError as exc:
        raise DatabaseUnavailableError(f"cannot parse database URL {url!r}: {exc}") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise DatabaseUnavailableError(
            f"unsupported database {parsed.get_backend_name()!r} in {url!r}: "
            "expected sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME"
        )
    return parsed


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's 'database is locked' / 'database is busy' (worth retrying)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    text = str(orig).lower()
    return "locked" in text or "busy" in text


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")  # safe in WAL: a commit survives a crash
            mode = cursor.execute("PRAGMA journal_mode").fetchone()
            if mode is not None and str(mode[0]).lower() not in {"wal", "memory"}:
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = bool(conn.get_execution_options().get(_WRITE_OPTION))
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Database:
    """An open database: an engine plus read and write unit-of-work helpers.

    Use :func:`coach.store.open_database` to make one. Thread-safe; share one per process.
    """

    def __init__(self, url: URL, *, server_id: str | None = None) -> None:
        self.url = url
        self.dialect = url.get_backend_name()
        #: The ``coach app`` server this process belongs to (stamped on the sessions it
        #: records, see :mod:`coach.store.leases`); ``None`` for commands.
        self.server_id = server_id
        self._file_identity: tuple[int, int] | None = None
        kwargs: dict[str, Any] = {"future": True}
        if self.dialect == "sqlite":
            kwargs["connect_args"] = {
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                "check_same_thread": False,
            }
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.dialect == "sqlite":
            _install_sqlite_hooks(self.engine)
        write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._writer = sessionmaker(bind=write_engine, expire_on_commit=False)

    @property
    def sqlite_path(self) -> Path | None:
        """The database file of a file-based SQLite database, else ``None``."""
        return _sqlite_path(self.url)

    def remember_file(self) -> None:
        """Note which file the SQLite database is, so that :meth:`check_file` notices if it is
        deleted or replaced while coach runs (SQLite would go on writing into the unlinked
        file, and everything written would be lost at stop)."""
        path = self.sqlite_path
        if path is not None and path.exists():
            stat = path.stat()
            self._file_identity = (stat.st_dev, stat.st_ino)

    def check_file(self) -> None:
        """Raise if the SQLite file noted by :meth:`remember_file` is gone or replaced.

        Raises:
            DatabaseUnavailableError: naming the file, saying what happened and what to do.
        """
        path = self.sqlite_path
        if path is None or self._file_identity is None:
            return
        try:
            stat = path.stat()
        except OSError:
            raise DatabaseUnavailableError(
                f"database file {path} has disappeared (deleted or moved) while coach was "
                "using it; nothing more is saved. Restore it from a backup and restart coach"
            ) from None
        if (stat.st_dev, stat.st_ino) != self._file_identity:
            raise DatabaseUnavailableError(
                f"database file {path} was replaced by another file while coach was using it; "
                "restart coach to use the new file"
            )

    @property
    def display_url(self) -> str:
        """The URL with any password masked, for messages and logs."""
        if self.dialect == "sqlite":
            return f"sqlite:///{self.url.database or ''}"
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end, never committed)."""
        self.check_file()
        with self._reader() as db_session:
            try:
                yield db_session
            finally:
                db_session.rollback()

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction and commit it; retry it whole on SQLITE_BUSY.

        ``work`` may run more than once, so it must not have side effects outside the session.

        Raises:
            DatabaseUnavailableError: The database stayed locked through every retry, is
                read-only, its disk is full, or its file has disappeared.
        """
        self.check_file()
        delay_s = _BACKOFF_FIRST_S
        for attempt in range(WRITE_RETRIES + 1):
            try:
                with self._writer() as db_session, db_session.begin():
                    return work(db_session)
            except OperationalError as exc:
                if _is_readonly_error(exc):
                    raise DatabaseUnavailableError(
                        f"database {self.display_url} is read-only: {exc.orig}"
                    ) from None
                if _is_disk_full_error(exc):
                    raise DatabaseUnavailableError(
                        f"database {self.display_url} cannot be written: the disk is full "
                        "(nothing was saved of this change; free some space)"
                    ) from None
                if not is_busy_error(exc) or attempt == WRITE_RETRIES:
                    raise
                logger.debug("database busy, retry %d in %.2f s", attempt + 1, delay_s)
                time.sleep(delay_s * (0.5 + random.random()))
                delay_s = min(delay_s * 2, _BACKOFF_MAX_S)
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _is_disk_full_error(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "disk is full" in text or "no space left" in text or "disk full" in text


def _is_readonly_error(exc: OperationalError) -> bool:
    return "readonly" in str(exc.orig).lower() or "read-only" in str(exc.orig).lower()


def _sqlite_path(url: URL) -> Path | None:
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a SQLite URI (``?mode=ro&uri=true``): left as given
        return None
    return Path(database).expanduser()


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (``None`` for PostgreSQL, ``:memory:`` and URIs).

    Raises:
        DatabaseUnavailableError: The URL cannot be parsed.
    """
    return _sqlite_path(normalise_url(url))


def prepare_sqlite_folder(url: URL) -> None:
    """Create the folder of a file-based SQLite database (``:memory:`` needs nothing)."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    if database.startswith("file:"):  # a SQLite URI (``?mode=ro&uri=true``): leave it as given
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
