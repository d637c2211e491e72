"""The clinic recipe's backups: ``deploy/backup/coach-backup.sh`` then ``coach-restore.sh``.

A demo clinic (users, plans, a year of sessions with their sets and reps) is backed up with the
script as an admin's cron job would run it, restored into another database with the other
script, and read back: every table holds the same rows, and coach itself finds the patients and
their sessions. PostgreSQL goes through pg_dump/pg_restore, SQLite through ``coach db backup``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from coach.store import Actor, ClinicService, open_database
from coach.store.demo import seed_demo
from tests.support.pg_server import PostgresServer, find_server_bin
from tests.support.resources import require
from tests.support.site_config import DEPLOY_DIR

BACKUP = DEPLOY_DIR / "backup" / "coach-backup.sh"
RESTORE = DEPLOY_DIR / "backup" / "coach-restore.sh"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The clinic's database and an empty one to restore into."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'coach.db'}", f"sqlite:///{tmp_path / 'restored.db'}"
        return
    bin_dir = find_server_bin()
    require(bin_dir is not None, "PostgreSQL server binaries not found")
    assert bin_dir is not None
    with PostgresServer(bin_dir) as server:
        yield server.create_database("clinic"), server.create_database("restored")


def _run(script: Path, url: str, *args: str) -> str:
    env = {**os.environ, "COACH_DATABASE_URL": url,
           "COACH_BIN": str(Path(sys.executable).with_name("coach"))}  # fmt: skip
    result = subprocess.run(
        ["bash", str(script), *args], env=env, capture_output=True, text=True, check=False,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, f"{script.name} failed:\n{result.stderr}"
    return result.stdout.strip()


def _row_counts(url: str) -> dict[str, int]:
    db = open_database(url, create=False)
    try:
        with db.engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            return {t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
                    for t in tables}  # fmt: skip
    finally:
        db.close()


def _patient_sessions(url: str) -> list[tuple[int, int, str]]:
    db = open_database(url, create=False)
    try:
        clinic = ClinicService(db, Actor.system("tests"))
        patient = clinic.accounts.find_user("demo_ana")
        found = clinic.history.sessions_for(patient.id)
        return [(s.id, s.rep_count, s.status.value) for s in found]
    finally:
        db.close()


def test_a_backup_made_by_the_recipe_restores_into_another_database_with_every_row(
    database_urls: tuple[str, str], tmp_path: Path
) -> None:
    clinic_url, restored_url = database_urls
    db = open_database(clinic_url, upgrade=True)
    seed_demo(db, today=date(2026, 3, 18))
    db.close()
    before = _row_counts(clinic_url)
    sessions = _patient_sessions(clinic_url)
    assert before["sessions"] > 10 and before["users"] >= 3 and len(sessions) > 5, before

    backup = Path(_run(BACKUP, clinic_url, str(tmp_path / "backups")))
    assert backup.parent == tmp_path / "backups" and backup.stat().st_size > 0
    assert stat.S_IMODE(backup.stat().st_mode) & 0o077 == 0  # owner only: health data

    _run(RESTORE, restored_url, str(backup))
    assert _row_counts(restored_url) == before
    assert _patient_sessions(restored_url) == sessions
