"""Database faults: missing files are not created by commands, a deleted file is noticed,
a corrupt database is not backed up, and the 0002 migration keeps existing data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from coach.cli.main import app
from coach.store import (
    Actor,
    ClinicService,
    DatabaseUnavailableError,
    Role,
    backup_database,
    current_revision,
    head_revision,
    migrate,
    open_database,
    upgrade_database,
)
from coach.store.engine import Database, normalise_url
from tests.support.accounts import PASSWORD


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_missing_database_file_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "mistyped.db"
    with pytest.raises(DatabaseUnavailableError, match=f"{missing} does not exist"):
        open_database(f"sqlite:///{missing}", create=False)
    assert not missing.exists()


@pytest.mark.parametrize(
    "command",
    [
        ("users", "list"),
        ("users", "passwd", "someone"),
        ("export", "--patient", "demo_ana"),
        ("db", "status"),
        ("db", "backup", "copy.db"),
        ("db", "sync-exercises"),
    ],
)
def test_commands_refuse_a_mistyped_db_path_in_one_line_without_creating_it(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "mistyped.db"
    code, out = _invoke(*command, "--db", f"sqlite:///{missing}")
    assert code == 2, out
    assert "does not exist" in out and "coach db upgrade" in out
    assert not missing.exists()


def test_db_upgrade_creates_a_missing_database_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "new.db"
    code, out = _invoke("db", "upgrade", "--db", f"sqlite:///{target}")
    assert code == 0, out
    assert f"creating a new database at {target}" in " ".join(out.split())
    assert target.exists()


def test_a_database_file_deleted_while_open_is_noticed_before_anything_is_lost(
    tmp_path: Path,
) -> None:
    path = tmp_path / "coach.db"
    db = open_database(f"sqlite:///{path}")
    clinic = ClinicService(db, Actor.system("tests"))
    clinic.accounts.create_user("rita", PASSWORD, Role.THERAPIST, "Rita")
    path.unlink()
    with pytest.raises(DatabaseUnavailableError, match="has disappeared"):
        clinic.accounts.create_user("sam", PASSWORD, Role.THERAPIST, "Sam")
    with pytest.raises(DatabaseUnavailableError, match=str(path)):
        clinic.accounts.list_users()


def _corrupt_copy(tmp_path: Path) -> Path:
    path = tmp_path / "coach.db"
    db = open_database(f"sqlite:///{path}")
    clinic = ClinicService(db, Actor.system("tests"))
    for index in range(60):
        clinic.accounts.create_user(f"user{index}", PASSWORD, Role.THERAPIST, "x" * 150)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar_one())
        root = int(conn.exec_driver_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_audit_log_at'"
        ).scalar_one())  # fmt: skip
    db.close()
    with path.open("r+b") as handle:  # overwrite one index page with junk
        handle.seek((root - 1) * page_size + 100)
        handle.write(b"\xff" * 200)
    return path


def test_backup_refuses_a_database_that_fails_its_integrity_check(tmp_path: Path) -> None:
    path = _corrupt_copy(tmp_path)
    db = open_database(f"sqlite:///{path}", upgrade=False, create=False)
    target = tmp_path / "backup.db"
    with pytest.raises(DatabaseUnavailableError, match="fails its integrity check"):
        backup_database(db, target)
    assert not target.exists()
    code, out = _invoke("db", "backup", str(tmp_path / "b2.db"), "--db", f"sqlite:///{path}")
    assert code == 2 and "integrity check" in out


def test_migration_0002_upgrades_an_existing_database_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = Database(normalise_url(f"sqlite:///{path}"))
    migrate.upgrade(db, "0001")
    assert current_revision(db) == "0001"
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (id, username, display_name, role, password_hash, active, "
            "is_demo, created_at) VALUES (1, 'ana', 'Ana', 'patient', 'hash', 1, 0, "
            "'2026-11-01 10:00:00')"
        ))
        conn.execute(text(
            "INSERT INTO sessions (id, patient_id, backend, status, started_at, "
            "last_activity_at, is_demo) VALUES (7, 1, 'movenet', 'completed', "
            "'2026-11-02 10:00:00', '2026-11-02 10:30:00', 0)"
        ))  # fmt: skip
    upgrade_database(db)
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        user = conn.execute(text("SELECT username, credentials_version FROM users")).one()
        session = conn.execute(text("SELECT id, status, server_id FROM sessions")).one()
    assert tuple(user) == ("ana", 1)
    assert tuple(session) == (7, "completed", None)
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_full_disk_is_a_one_line_error_naming_the_database(tmp_path: Path) -> None:
    from sqlalchemy import event

    path = tmp_path / "coach.db"
    db = open_database(f"sqlite:///{path}")
    with db.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())

    @event.listens_for(db.engine, "connect")
    def _no_room_left(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's SQLITE_FULL

    db.engine.dispose()
    clinic = ClinicService(db, Actor.system("tests"))
    with pytest.raises(DatabaseUnavailableError, match=f"{path}.*the disk is full"):
        for index in range(200):
            clinic.accounts.create_user(f"user{index}", PASSWORD, Role.THERAPIST, "x" * 190)
