"""Nothing completed is lost: SIGKILL mid-session, and concurrent writers on one SQLite file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import text

from coach.store import (
    Actor,
    ClinicService,
    Database,
    SessionStatus,
    authenticate,
    mark_dangling_sessions_interrupted,
    open_database,
)
from tests.support.accounts import PASSWORD
from tests.support.reps import completed_rep
from tests.support.store_clinic import Clinic

REPO = Path(__file__).resolve().parents[2]
REPS_BEFORE_KILL = 25
#: How long the concurrent writers write, all at once (they start together): hundreds of
#: commits each, contending for SQLite's one write lock the whole time.
RUN_S = 3.0


def _recorder(url: str, username: str, seconds: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.recorder", url, username, PASSWORD, str(seconds)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _rep_indices(db: Database, session_id: int) -> set[int]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT r.rep_index FROM rep_events r JOIN sets s ON r.set_id = s.id "
                "WHERE s.session_id = :sid"
            ),
            {"sid": session_id},
        )
        return {int(row[0]) for row in rows}


def test_reps_committed_before_sigkill_survive_and_the_session_is_interrupted(
    clinic: Clinic, db_url: str
) -> None:
    clinic.therapist.allowances.allow_exercise(clinic.patient_user.id, "sit_to_stand")
    child = _recorder(db_url, "pat", 0)
    assert child.stdout is not None
    session_id = int(child.stdout.readline().split()[1])
    printed: list[int] = []
    while len(printed) < REPS_BEFORE_KILL:
        line = child.stdout.readline()
        assert line.startswith("rep "), f"recorder said {line!r}; stderr: {child.stderr}"
        printed.append(int(line.split()[1]))
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    # The kill may land after a commit whose line was not read yet: read what is buffered.
    printed += [int(line.split()[1]) for line in child.stdout if line.startswith("rep ")]

    reopened = open_database(db_url)
    try:
        stored = _rep_indices(reopened, session_id)
        assert set(printed) <= stored
        assert stored == set(range(len(stored)))  # nothing half-written, no gaps
        assert mark_dangling_sessions_interrupted(reopened) == 1
        actor = authenticate(reopened, "pat", PASSWORD)
        patient = ClinicService(reopened, actor)
        (interrupted,) = patient.recording.interrupted_sessions()
        assert (interrupted.id, interrupted.status) == (session_id, SessionStatus.INTERRUPTED)
        assert interrupted.rep_count == len(stored)
        assert patient.recording.resume_session(session_id).status is SessionStatus.ACTIVE
    finally:
        reopened.close()


def _sqlite_clinic_with_patients(tmp_path: Path, count: int) -> tuple[Database, list[str]]:
    db = open_database(f"sqlite:///{tmp_path / 'busy.db'}")
    admin = ClinicService(db, Actor.system("test"))
    names = [f"patient{n}" for n in range(count)]
    for name in names:
        patient = admin.accounts.create_patient(name, PASSWORD)
        admin.allowances.allow_exercise(patient.id, "sit_to_stand")  # what they record
    return db, names


def _count_reps(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM rep_events")).scalar_one())


def test_eight_threads_recording_into_one_sqlite_file_lose_nothing(tmp_path: Path) -> None:
    db, names = _sqlite_clinic_with_patients(tmp_path, 8)
    sent = [0] * len(names)
    errors: list[BaseException] = []
    start_together = threading.Barrier(len(names), timeout=60)

    def record(slot: int) -> None:
        try:
            clinic = ClinicService(db, authenticate(db, names[slot], PASSWORD))
            assert clinic.actor.user_id is not None
            session_id = clinic.recording.start_session(clinic.actor.user_id, backend="movenet")
            set_id = clinic.recording.record_set_start(session_id, "sit_to_stand", set_index=0)
            start_together.wait()
            stop_at = time.monotonic() + RUN_S
            while time.monotonic() < stop_at:
                clinic.recording.record_rep(set_id, completed_rep(sent[slot] + 1, 0, 1))
                sent[slot] += 1
            clinic.recording.finish_session(session_id)
        except BaseException as exc:  # reported below: the test is that nothing escapes
            errors.append(exc)

    threads = [threading.Thread(target=record, args=(slot,)) for slot in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert all(count > 0 for count in sent)
        assert _count_reps(db) == sum(sent)
    finally:
        db.close()


def test_two_processes_recording_into_one_sqlite_file_lose_nothing(tmp_path: Path) -> None:
    db, names = _sqlite_clinic_with_patients(tmp_path, 2)
    url = db.url.render_as_string()
    children = [_recorder(url, name, RUN_S) for name in names]
    for child in children:  # both signed in, with a set open: start them together
        assert child.stdout is not None and child.stdout.readline().startswith("session ")
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    totals = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert "database is locked" not in err
        totals.append(int(out.strip().splitlines()[-1].split()[1]))
    try:
        assert all(total > 0 for total in totals)
        assert _count_reps(db) == sum(totals)
    finally:
        db.close()
