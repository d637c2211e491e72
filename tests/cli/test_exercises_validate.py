"""``coach exercises validate``: every file's errors, located, through the library loader."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from coach.cli.main import app

LIBRARY = Path(__file__).parents[2] / "exercises"
runner = CliRunner()


def _validate(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["exercises", "validate", *args])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    return result.exit_code, output


def test_folder_mode_lists_every_bad_file_with_line_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "exercises"
    shutil.copytree(LIBRARY, folder)
    (folder / "squat.yaml").write_text("x: &x\n  y: *x\n")
    (folder / "lunge.yaml").write_bytes(b"id: lunge\nname: \xff\n")
    knee = (folder / "routines" / "knee_rehab.yaml").read_text()
    (folder / "routines" / "knee_rehab_2.yaml").write_text(knee)
    code, out = _validate(str(folder))
    assert code == 2
    assert f"{folder / 'squat.yaml'}:2:6: aliases (*x) are not allowed" in out
    assert f"{folder / 'lunge.yaml'}:2:7: not UTF-8 text" in out
    # the duplicate-routine check the command used to skip
    assert "routine id 'knee_rehab' is also used by" in out
    assert "3 problem(s) in 3 file(s)" in out


def test_the_library_validates_and_counts_its_files() -> None:
    code, out = _validate(str(LIBRARY))
    files = sum(
        len(list(folder.glob("*.yaml")))
        for folder in (LIBRARY, LIBRARY / "routines", LIBRARY / "assessments")
    )
    assert code == 0, out
    assert f"ok {files} file(s) valid" in out


def test_one_routine_file_is_checked_against_its_library(tmp_path: Path) -> None:
    folder = tmp_path / "exercises"
    shutil.copytree(LIBRARY, folder)
    routine = folder / "routines" / "knee_rehab.yaml"
    routine.write_text(routine.read_text().replace("exercise: squat", "exercise: squatt", 1))
    code, out = _validate(str(routine))
    assert code == 2
    assert "unknown exercise 'squatt'" in out
