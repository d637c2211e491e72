"""Other commands check their output paths and inputs before opening a database or a model."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.cli.media import write_image

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    return result.exit_code, " ".join(output.split())


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (("export", "--patient", "pat", "--out", "{tmp}"), "--out {tmp}: is a folder"),
        (
            ("export", "--patient", "pat", "--out", "{tmp}/no/x.csv"),
            "--out {tmp}/no/x.csv: folder {tmp}/no does not exist",
        ),
        (("db", "backup", "{tmp}/no/copy.db"), "backup {tmp}/no/copy.db: folder {tmp}/no does"),
    ],
)
def test_an_unusable_output_path_is_refused_before_the_database_is_opened(
    tmp_path: Path, command: tuple[str, ...], words: str
) -> None:
    database = tmp_path / "never-created.db"
    args = [part.format(tmp=tmp_path) for part in command]
    code, out = _run(*args, "--db", f"sqlite:///{database}")
    assert code == 2, out
    assert words.format(tmp=tmp_path) in out
    assert not database.exists()  # the database was never opened (opening creates it)


@pytest.mark.parametrize(
    "command",
    [
        ("export", "--patient", "pat", "--out", "{deep}/x.csv"),
        ("db", "backup", "{deep}/copy.db"),
        ("exercises", "validate", "{deep}"),
    ],
)
def test_an_error_keeps_a_long_path_on_one_line_at_80_columns(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """A user copies the path out of the message: the terminal may wrap it, coach must not
    break it with a newline."""
    deep = tmp_path / ("a-folder-with-a-long-name-" * 4) / "missing"
    args = [part.format(deep=deep) for part in command]
    if args[0] != "exercises":
        args += ["--db", f"sqlite:///{tmp_path / 'never.db'}"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert str(deep) in lines[0]


def test_bench_pose_refuses_a_photo_before_loading_any_model(tmp_path: Path) -> None:
    photo = write_image(tmp_path / "p.jpg", "JPEG")
    code, out = _run("bench", "pose", "--video", str(photo), "--backend", "movenet-lightning")
    assert code == 2
    assert "is a JPEG image, not a video" in out


def test_bench_analyze_refuses_an_unknown_backend_or_exercise_first() -> None:
    code, out = _run("bench", "analyze", "--backend", "posenet")
    assert code == 2
    assert "unknown --backend 'posenet'" in out
    code, out = _run("bench", "analyze", "--exercise", "squatt")
    assert code == 2
    assert "unknown exercise 'squatt'" in out


def test_bench_accuracy_refuses_an_unknown_backend_before_any_clip() -> None:
    code, out = _run("bench", "accuracy", "--backend", "openpose")
    assert code == 2
    assert "unknown --backend openpose; valid: movenet-lightning" in out
