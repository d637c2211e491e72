"""``coach app``: first start seeds and prints the demo accounts; bad input exits with 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.app import prepare_database
from coach.cli.main import app
from coach.store import Actor, ClinicService, SessionStatus


def test_the_first_start_seeds_the_demo_clinic_once_and_prints_how_to_sign_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    db, resolved = prepare_database(url)
    printed = capsys.readouterr().out
    assert resolved == url
    for name, password in (("demo_therapist", "demo-therapist-pw"), ("demo_ana", "demo-ana-pw")):
        assert name in printed and password in printed
    users = ClinicService(db, Actor.system()).accounts.list_users()
    prepare_database(url)  # a second start adds nothing and prints no passwords
    assert "demo-ana-pw" not in capsys.readouterr().out
    assert len(ClinicService(db, Actor.system()).accounts.list_users()) == len(users)


def test_a_database_that_cannot_be_opened_exits_with_code_2(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_bytes(b"this is not a database file at all" * 100)
    result = CliRunner().invoke(app, ["app", "--db", f"sqlite:///{not_a_database}"])
    assert result.exit_code == 2
    assert "Cannot start the app" in result.output


def test_a_session_left_active_by_a_dead_process_is_marked_interrupted_at_start(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    db, _ = prepare_database(url)
    clinic = ClinicService(db, Actor.system())
    patient = clinic.accounts.find_user("demo_ana")
    session_id = clinic.recording.start_session(patient.id, backend="movenet-lightning")
    prepare_database(url)
    statuses = {s.id: s.status for s in clinic.history.sessions_for(patient.id)}
    assert statuses[session_id] == SessionStatus.INTERRUPTED
