"""The storage commands: coach db / users / demo / export, including their error paths."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.store import ClinicService, authenticate, head_revision, open_database
from coach.store.demo import seed_demo

runner = CliRunner()
PASSWORD = "s3cret-enough"


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    return result.exit_code, output


def test_db_upgrade_then_status_reports_the_latest_revision(db_url: str) -> None:
    code, out = _run("db", "upgrade", "--db", db_url)
    assert code == 0, out
    assert f"revision {head_revision()}" in out
    code, out = _run("db", "status", "--db", db_url)
    assert code == 0
    assert f"revision: {head_revision()}" in out


def test_users_add_reads_the_password_from_stdin_and_lists_without_it(db_url: str) -> None:
    _run("db", "upgrade", "--db", db_url)  # commands other than upgrade never create one
    assert (
        _run("users", "add", "--role", "therapist", "ther", "--db", db_url, stdin=PASSWORD + "\n")[
            0
        ]
        == 0
    )
    code, out = _run(
        "users",
        "add",
        "--role",
        "patient",
        "pat",
        "--therapist",
        "ther",
        "--display-name",
        "Pat O'Brien",
        "--db",
        db_url,
        stdin=PASSWORD + "\n",
    )
    assert code == 0, out
    code, out = _run("users", "list", "--db", db_url)
    assert code == 0
    assert "ther" in out and "Pat O'Brien" in out
    assert PASSWORD not in out
    db = open_database(db_url)
    try:
        assert authenticate(db, "pat", PASSWORD).username == "pat"
    finally:
        db.close()


def test_users_passwd_changes_the_password(db_url: str) -> None:
    _run("db", "upgrade", "--db", db_url)  # commands other than upgrade never create one
    _run("users", "add", "--role", "admin", "boss", "--db", db_url, stdin=PASSWORD + "\n")
    code, out = _run("users", "passwd", "boss", "--db", db_url, stdin="another-password\n")
    assert code == 0, out
    db = open_database(db_url)
    try:
        assert authenticate(db, "boss", "another-password").username == "boss"
    finally:
        db.close()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("users", "add", "--role", "wizard", "merlin"), "x" * 10, "invalid role 'wizard'"),
        (("users", "add", "--role", "admin", "dup"), PASSWORD, "user name 'dup' is already taken"),
        (("users", "add", "--role", "admin", "shorty"), "short", "password too short"),
        (("users", "passwd", "ghost"), PASSWORD, "no user named 'ghost'"),
        (("export", "--patient", "ghost", "--format", "csv"), None, "no patient named 'ghost'"),
        (("export", "--patient", "dup", "--format", "csv"), None, "no patient named 'dup'"),
        (("export", "--patient", "dup", "--format", "xml"), None, "unknown export format"),
    ],
)
def test_user_errors_exit_2_with_a_message(
    db_url: str, args: tuple[str, ...], stdin: str | None, message: str
) -> None:
    _run("db", "upgrade", "--db", db_url)  # commands other than upgrade never create one
    _run("users", "add", "--role", "admin", "dup", "--db", db_url, stdin=PASSWORD + "\n")
    code, out = _run(*args, "--db", db_url, stdin=None if stdin is None else stdin + "\n")
    assert code == 2
    assert message in out


def test_corrupt_database_file_exits_2_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    path.write_bytes(b"\x00garbage" * 500)
    code, out = _run("users", "list", "--db", f"sqlite:///{path}")
    assert code == 2
    assert "corrupt or not a SQLite database" in out


def test_demo_seed_is_idempotent_and_export_writes_its_history(db_url: str, tmp_path: Path) -> None:
    _run("db", "upgrade", "--db", db_url)  # commands other than upgrade never create one
    code, out = _run("demo", "seed", "--db", db_url)
    assert code == 0, out
    assert "demo_therapist" in out and "demo-ana-pw" in out
    assert "demo_admin" in out and "demo-admin-pw" in out
    assert authenticate(open_database(db_url), "demo_admin", "demo-admin-pw").role == "admin"
    code, again = _run("demo", "seed", "--db", db_url)
    assert code == 0
    assert "demo sessions added: 0" in again
    target = tmp_path / "ana.json"
    code, out = _run(
        "export", "--patient", "demo_ana", "--format", "json", "--out", str(target), "--db", db_url
    )
    assert code == 0, out
    document = json.loads(target.read_text())
    assert document["patient"]["is_demo"] is True
    assert len(document["sessions"]) >= 8
    assert all(s["session"]["is_demo"] for s in document["sessions"])
    code, out = _run("export", "--patient", "demo_ben", "--format", "csv", "--db", db_url)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["event"] for r in rows} >= {"rep", "balance"}


def test_demo_history_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    exports = []
    for name in ("a", "b"):
        db = open_database(f"sqlite:///{tmp_path / name}.db")
        try:
            seed_demo(db, seed=11, today=date(2026, 3, 18))

            ana = authenticate(db, "demo_ana", "demo-ana-pw")
            assert ana.user_id is not None
            exports.append(ClinicService(db, ana).exports.export_history(ana.user_id, "csv"))
        finally:
            db.close()
    assert exports[0] == exports[1]
    assert exports[0].count("\n") > 100
