"""Database fixtures (a pytest plugin, registered in ``tests/conftest.py``).

Every ``db`` test runs on SQLite and on a real PostgreSQL server. The PostgreSQL server is a
throwaway cluster started once per test session (:mod:`tests.support.pg_server`); each test gets
a fresh database copied from a migrated template. Without the server binaries the PostgreSQL
variant is skipped locally and fails under CI=true (``scripts/ensure-system-deps.sh --test``
installs them).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Connection, text

from coach.store import Database, open_database, passwords
from coach.store.migrate import upgrade
from tests.support.pg_server import PostgresServer, find_server_bin
from tests.support.resources import require

TEMPLATE_DB = "coach_template"
SQLITE_PREFIX = "sqlite:///"


@dataclass
class PostgresForTests:
    """The session's server plus a migrated template database to copy per test."""

    server: PostgresServer
    template_ready: bool = False

    def fresh_url(self) -> str:
        import psycopg

        server = self.server
        dsn = f"host=127.0.0.1 port={server.port} user={server.superuser} dbname=postgres"
        if not self.template_ready:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
            open_database(server.url(TEMPLATE_DB)).close()  # migrate once
            self.template_ready = True
        server._databases += 1
        name = f"t{server._databases}"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
        return server.url(name)

    def empty_url(self, name: str) -> str:
        """A new, empty database ``name`` (for migration tests that start from an old schema)."""
        import psycopg

        server = self.server
        dsn = f"host=127.0.0.1 port={server.port} user={server.superuser} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return server.url(name)


#: ``backend`` values of a migration test: SQLite, and PostgreSQL where its server runs.
MIGRATION_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def database_at_revision(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str, revision: str
) -> Database:
    """A new database on ``backend`` (``sqlite`` or ``postgresql``) migrated up to ``revision``
    only, to fill as that schema's code did before upgrading it (the caller closes it)."""
    name = f"at_{revision}"
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / (name + '.db')}"
    else:
        pg: PostgresForTests = request.getfixturevalue("postgres")
        url = pg.empty_url(name)
    db = open_database(url, upgrade=False)
    upgrade(db, revision)
    return db


def insert_therapist_and_patient(conn: Connection) -> None:
    """Users 1 (``thera``, therapist) and 2 (``pat``, patient) as plain SQL, in the columns every
    schema since 0001 has (today's models know later ones), for a migration test's old rows."""
    for user_id, name, role in ((1, "thera", "therapist"), (2, "pat", "patient")):
        conn.execute(text(
            "INSERT INTO users (id, username, display_name, role, password_hash, active,"
            " is_demo, created_at) VALUES (:id, :name, :name, :role, 'x', true, false,"
            " '2026-01-01 10:00:00')"), {"id": user_id, "name": name, "role": role})  # fmt: skip


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters in tests: production ones cost ~0.3 s per hash on CI.

    The hashes are still argon2id PHC strings checked by the same code paths.
    """
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    passwords.dummy_hash.cache_clear()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresForTests]:
    """A PostgreSQL server for the whole test session."""
    bin_dir = find_server_bin()
    require(
        bin_dir is not None,
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or in "
        "/usr/lib/postgresql/*/bin; run scripts/ensure-system-deps.sh --test",
    )
    assert bin_dir is not None
    server = PostgresServer(bin_dir)
    server.start()
    try:
        yield PostgresForTests(server)
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'coach.db'}"
    pg: PostgresForTests = request.getfixturevalue("postgres")
    return pg.fresh_url()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the newest schema once per test session, to copy per test
    (as the PostgreSQL databases are copied from their template)."""
    path = tmp_path_factory.mktemp("template") / "coach.db"
    open_database(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def db(db_url: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """An open, migrated database."""
    if db_url.startswith(SQLITE_PREFIX):
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, db_url.removeprefix(SQLITE_PREFIX))
    database = open_database(db_url)
    try:
        yield database
    finally:
        database.close()


