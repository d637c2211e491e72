"""Opening databases: defaults, migrations, SQLite settings, and bad files or servers."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from coach.store import (
    Actor,
    ClinicService,
    Database,
    DatabaseUnavailableError,
    InvalidInputError,
    backup_database,
    current_revision,
    default_database_url,
    head_revision,
    open_database,
    sync_exercise_definitions,
)
from coach.store.models import Base
from coach.store.service import users as users_module
from tests.support.accounts import PASSWORD
from tests.support.store_clinic import TEST_EXERCISES


def _user_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM users")).scalar_one())


def test_migrations_build_exactly_the_orm_schema(db: Database) -> None:
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []


def test_opening_without_upgrade_leaves_an_empty_database_unmigrated(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'fresh.db'}", upgrade=False)
    try:
        assert current_revision(db) is None
    finally:
        db.close()


def test_default_url_lives_in_the_data_folder_and_the_environment_overrides_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("COACH_DATABASE_URL", raising=False)
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "nested" / "data"))
    assert default_database_url() == f"sqlite:///{tmp_path / 'nested' / 'data' / 'coach.db'}"
    db = open_database()
    db.close()
    assert (tmp_path / "nested" / "data" / "coach.db").is_file()
    monkeypatch.setenv("COACH_DATABASE_URL", "sqlite:///elsewhere.db")
    assert default_database_url() == "sqlite:///elsewhere.db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    finally:
        db.close()


def test_corrupt_sqlite_file_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    path.write_bytes(b"definitely not SQLite " * 200)
    with pytest.raises(DatabaseUnavailableError, match="corrupt or not a SQLite database"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes().startswith(b"definitely not SQLite")


def test_read_only_database_refuses_writes_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    writable = open_database(f"sqlite:///{path}")
    ClinicService(writable, Actor.system()).accounts.create_user("first", PASSWORD, "admin")
    writable.close()
    read_only = open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        service = ClinicService(read_only, Actor.system())
        assert [u.username for u in service.accounts.list_users()] == ["first"]
        with pytest.raises(DatabaseUnavailableError, match="is read-only"):
            service.accounts.create_user("second", PASSWORD, "admin")
        assert _user_count(read_only) == 1
    finally:
        read_only.close()


def test_unreachable_server_gets_a_clear_error() -> None:
    with pytest.raises(DatabaseUnavailableError, match="cannot open database postgresql"):
        open_database("postgresql://nobody@127.0.0.1:1/nowhere")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("not a url", "cannot parse database URL"),
    ],
)
def test_unsupported_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(DatabaseUnavailableError, match=message):
        open_database(url)


def test_a_failure_mid_transaction_leaves_no_partial_write(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_audit(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk unplugged while writing the audit line")

    monkeypatch.setattr(users_module, "audit", failing_audit)
    with pytest.raises(RuntimeError, match="disk unplugged"):
        ClinicService(db, Actor.system()).accounts.create_user("half_done", PASSWORD, "admin")
    assert _user_count(db) == 0


def test_exercise_sync_stores_a_new_version_only_when_the_text_changes(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "exercises"
    (folder / "routines").mkdir(parents=True)
    for source in TEST_EXERCISES.glob("*.yaml"):
        (folder / source.name).write_text(source.read_text())
    first = sync_exercise_definitions(db, folder)
    assert (first.added, first.updated) == (("sit_to_stand", "wall_sit"), ())
    again = sync_exercise_definitions(db, folder)
    assert (again.added, again.updated, again.unchanged) == ((), (), ("sit_to_stand", "wall_sit"))
    edited = (folder / "wall_sit.yaml").read_text().replace("hold_s: 20", "hold_s: 25")
    (folder / "wall_sit.yaml").write_text(edited)
    third = sync_exercise_definitions(db, folder)
    assert third.updated == ("wall_sit",)
    with db.engine.connect() as conn:
        versions = conn.execute(
            text("SELECT version, content_sha256 FROM exercise_definitions "
                 "WHERE exercise_key = 'wall_sit' ORDER BY version")
        ).all()  # fmt: skip
    assert [v for v, _ in versions] == [1, 2]
    assert versions[0][1] != versions[1][1]


def test_backup_copies_a_live_sqlite_database_and_never_overwrites(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'live.db'}")
    try:
        ClinicService(db, Actor.system()).accounts.create_user("kept", PASSWORD, "admin")
        target = backup_database(db, tmp_path / "copy.db")
        with pytest.raises(InvalidInputError, match="already exists"):
            backup_database(db, target)
    finally:
        db.close()
    copy = open_database(f"sqlite:///{target}", upgrade=False)
    try:
        assert current_revision(copy) == head_revision()
        accounts = ClinicService(copy, Actor.system()).accounts
        assert [u.username for u in accounts.list_users()] == ["kept"]
    finally:
        copy.close()
