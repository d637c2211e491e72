"""Alembic, driven from code: upgrade, current revision, head revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

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
    """Apply migrations up to ``revision`` in one write transaction."""
    config = alembic_config(db)
    write_engine = db.engine.execution_options(coach_write=True)
    with write_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
