"""Alembic, driven from code: upgrade, current revision, head revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from coach.store.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database | None = None) -> Config:
    """An in-memory Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if db is not None:
        config.set_main_option("sqlalchemy.url", db.display_url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest migration shipped with this version of coach."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(db: Database) -> str | None:
    """The revision stamped in the database, ``None`` when it was never migrated."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` in one write transaction.

    On SQLite, foreign-key enforcement is off while the migrations run: batch mode rebuilds a
    table by copying it and dropping the old one, and with enforcement on that drop cascades
    (``ON DELETE CASCADE``) and deletes every child row (every set and rep of every session).
    The keys are checked before the transaction commits instead.
    """
    config = alembic_config(db)
    write_engine = db.engine.execution_options(coach_write=True)
    with write_engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # a PRAGMA only takes effect outside a transaction: set it on the raw
            _sqlite_pragma(connection, "PRAGMA foreign_keys = OFF")  # connection, before BEGIN
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left rows without a parent: {broken[:5]}")
        finally:
            if sqlite:
                _sqlite_pragma(connection, "PRAGMA foreign_keys = ON")


def _sqlite_pragma(connection: Connection, statement: str) -> None:
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement)
    finally:
        cursor.close()
