"""``coach app`` before the server starts: first run, demo on request, settings, leases, TLS."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.app import is_loopback, prepare_database
from coach.cli.main import app
from coach.store import Actor, ClinicService, SessionStatus, open_database
from coach.store.leases import new_server_id, register_server
from tests.support.reps import completed_rep


def test_a_plain_first_start_creates_the_database_seeds_nothing_and_explains_the_first_admin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    prepared = prepare_database(url)
    printed = capsys.readouterr().out
    assert f"Created a new database at {tmp_path / 'coach.db'}" in printed
    assert "coach users add NAME --role admin" in printed
    assert "demo-admin-pw" not in printed
    assert ClinicService(prepared.db, Actor.system()).accounts.list_users() == []
    assert prepared.demo_usernames == ()


def test_the_demo_clinic_is_added_only_with_demo_once_and_prints_how_to_sign_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    prepared = prepare_database(url, demo=True)
    printed = capsys.readouterr().out
    assert prepared.url == url
    for name, password in (("demo_therapist", "demo-therapist-pw"), ("demo_ana", "demo-ana-pw")):
        assert name in printed and password in printed
    users = ClinicService(prepared.db, Actor.system()).accounts.list_users()
    again = prepare_database(url, demo=True)  # a second start adds nothing, prints no passwords
    assert "demo-ana-pw" not in capsys.readouterr().out
    assert len(ClinicService(again.db, Actor.system()).accounts.list_users()) == len(users)
    assert "demo_admin" in again.demo_usernames


def test_demo_accounts_make_a_non_loopback_host_refuse_to_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    prepare_database(url, demo=True)
    result = CliRunner().invoke(app, ["app", "--db", url, "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "demo accounts with published passwords exist" in result.output
    assert "Refusing to listen on 0.0.0.0" in result.output


@pytest.mark.parametrize("value", ["-5", "nan", "inf", "0", "ten", "100000"])
def test_a_bad_idle_timeout_stops_the_start_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("COACH_SESSION_IDLE_MIN", value)
    result = CliRunner().invoke(app, ["app", "--db", f"sqlite:///{tmp_path / 'coach.db'}"])
    assert result.exit_code == 2
    assert f"COACH_SESSION_IDLE_MIN={value!r}" in result.output
    assert not (tmp_path / "coach.db").exists()  # refused before anything was created


def test_bad_ice_servers_stop_the_start_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_ICE_SERVERS", "[{'urls': 'stun:x'}]")
    result = CliRunner().invoke(app, ["app", "--db", f"sqlite:///{tmp_path / 'coach.db'}"])
    assert result.exit_code == 2
    assert "COACH_ICE_SERVERS is not valid JSON" in result.output


def test_a_relay_policy_without_a_turn_server_stops_the_start_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_ICE_SERVERS", '[{"urls": "stun:stun.example.org:3478"}]')
    monkeypatch.setenv("COACH_ICE_TRANSPORT_POLICY", "relay")
    result = CliRunner().invoke(app, ["app", "--db", f"sqlite:///{tmp_path / 'coach.db'}"])
    assert result.exit_code == 2
    assert "COACH_ICE_TRANSPORT_POLICY=relay needs a turn: or turns: server" in result.output
    assert not (tmp_path / "coach.db").exists()


def test_an_unknown_pose_backend_stops_the_start_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_POSE_BACKEND", "movenet-lightnin")
    result = CliRunner().invoke(app, ["app", "--db", f"sqlite:///{tmp_path / 'coach.db'}"])
    assert result.exit_code == 2
    assert "COACH_POSE_BACKEND='movenet-lightnin' is not a pose backend" in result.output


def test_half_or_unreadable_tls_settings_are_refused_before_start(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("not a certificate")
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    only_cert = CliRunner().invoke(app, ["app", "--db", url, "--tls-cert", str(cert)])
    assert only_cert.exit_code == 2 and "go together" in only_cert.output
    bad_pair = CliRunner().invoke(
        app, ["app", "--db", url, "--tls-cert", str(cert), "--tls-key", str(cert)]
    )
    assert bad_pair.exit_code == 2 and "cannot be used" in bad_pair.output


def test_loopback_addresses_are_recognised() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.1.2.3"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.20", "::", "clinic.example"))


def test_a_database_that_cannot_be_opened_exits_with_code_2(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_bytes(b"this is not a database file at all" * 100)
    result = CliRunner().invoke(app, ["app", "--db", f"sqlite:///{not_a_database}"])
    assert result.exit_code == 2
    assert "Cannot start the app" in result.output


def test_a_session_of_a_dead_process_is_interrupted_but_one_of_a_live_server_is_not(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    prepared = prepare_database(url, demo=True)
    patient = ClinicService(prepared.db, Actor.system()).accounts.find_user("demo_ana")
    orphan = ClinicService(prepared.db, Actor.system()).recording.start_session(
        patient.id, backend="movenet-lightning"
    )
    live_server = new_server_id()
    register_server(prepared.db, live_server)
    served = open_database(url, server_id=live_server)
    recording = ClinicService(served, Actor.system()).recording
    owned = recording.start_session(patient.id, backend="movenet-lightning")
    set_id = recording.record_set_start(owned, "squat", set_index=0, target_reps=5)
    recording.record_rep(set_id, completed_rep(1, 0, 2_000))

    prepare_database(url, server_id=new_server_id())  # a second server starts

    statuses = {
        s.id: s.status
        for s in ClinicService(prepared.db, Actor.system()).history.sessions_for(patient.id)
    }
    assert statuses[orphan] == SessionStatus.INTERRUPTED
    assert statuses[owned] == SessionStatus.ACTIVE
    recording.record_rep(set_id, completed_rep(2, 2_500, 4_500))  # not refused
