"""``coach analyze``, ``coach assess`` and ``coach exercises validate --backend`` refuse an
exercise whose counting needs a keypoint the backend lacks: one line, exit 2, before a model
loads or a frame decodes; an exercise that only loses an extra (heel raise's foot angle on
MoveNet) runs and says which part is unavailable."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.cli.media import write_clip
from tests.support.heel_library import LIBRARY, heel_counted_library
from tests.support.no_work import WorkStarted

runner = CliRunner()


@pytest.fixture(scope="module")
def heel_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return heel_counted_library(tmp_path_factory.mktemp("lib") / "exercises")


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", 160, 160, 30)


def _run(*args: str) -> tuple[int, str, BaseException | None]:
    result = runner.invoke(app, list(args))
    output = result.output  # Click 8.2: stdout and stderr, interleaved
    assert "Traceback" not in output
    return result.exit_code, " ".join(output.split()), result.exception


REFUSAL = (
    "error: exercise squat cannot run on movenet-thunder: its counting signal hip_descent needs "
    "left_heel, right_heel, which movenet-thunder does not detect; use blazepose-lite or "
    "blazepose-full or blazepose-heavy"
)


@pytest.mark.usefixtures("no_work")
def test_analyze_refuses_before_any_work(heel_library: Path, clip: Path) -> None:
    code, out, _ = _run(
        "analyze", str(clip), "--exercise", "squat", "--backend", "movenet-thunder",
        "--exercises-dir", str(heel_library),
    )  # fmt: skip
    assert code == 2
    assert out == REFUSAL


@pytest.mark.usefixtures("no_work")
def test_analyze_refuses_a_routine_holding_such_an_exercise(
    heel_library: Path, clip: Path
) -> None:
    routines = sorted(p.stem for p in (heel_library / "routines").glob("*.yaml")
                      if "exercise: squat" in p.read_text())  # fmt: skip
    assert routines, "no routine with a squat to test"
    code, out, _ = _run(
        "analyze", str(clip), "--routine", routines[0], "--backend", "movenet-thunder",
        "--exercises-dir", str(heel_library),
    )  # fmt: skip
    assert code == 2
    assert "cannot run on movenet-thunder" in out


@pytest.mark.usefixtures("no_work")
def test_analyze_of_heel_raise_on_movenet_notes_the_missing_foot_angle(clip: Path) -> None:
    _, out, exc = _run(
        "analyze", str(clip), "--exercise", "heel_raise", "--backend", "movenet-lightning"
    )
    assert isinstance(exc, WorkStarted)  # the analysis went ahead ...
    assert (  # ... after saying what it cannot measure
        "note: heel_raise on movenet-lightning: range of motion (foot_angle) unavailable, it "
        "needs left_heel, left_foot_index, right_heel, right_foot_index; use blazepose-lite "
        "or blazepose-full or blazepose-heavy"
    ) in out


@pytest.mark.usefixtures("no_work")
def test_assess_refuses_before_any_work(heel_library: Path, clip: Path) -> None:
    code, out, _ = _run(
        "assess", str(clip), "--test", "chair_stand_30s", "--backend", "movenet-lightning",
        "--exercises-dir", str(heel_library),
    )  # fmt: skip
    assert code == 2
    assert out == (
        "error: exercise sit_to_stand cannot run on movenet-lightning: its counting signal "
        "knee_flexion needs left_heel, right_heel, which movenet-lightning does not detect; "
        "use blazepose-lite or blazepose-full or blazepose-heavy"
    )


def test_validate_with_a_backend_refuses_and_notes(heel_library: Path) -> None:
    code, out, _ = _run("exercises", "validate", str(heel_library), "--backend", "movenet-thunder")
    assert code == 2
    assert REFUSAL in out
    assert "exercise sit_to_stand cannot run on movenet-thunder" in out
    assert "note: heel_raise on movenet-thunder: range of motion (foot_angle) unavailable" in out
    assert "2 exercise(s) cannot run on movenet-thunder" in out
    code, out, _ = _run("exercises", "validate", str(heel_library), "--backend", "blazepose-full")
    assert code == 0, out
    assert "note:" not in out


def test_validate_the_library_on_movenet_passes_with_one_note() -> None:
    code, out, _ = _run("exercises", "validate", str(LIBRARY), "--backend", "movenet-lightning")
    assert code == 0
    assert out.count("note:") == 1
    code, out, _ = _run("exercises", "validate", "--backend", "posenet")
    assert code == 2
    assert "unknown pose detector 'posenet'; valid names:" in out
