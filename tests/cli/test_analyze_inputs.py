"""``coach analyze`` refuses bad inputs and output paths before any model loads or frame decodes.

The list grew from the hardening review (issue 13): each case names what was tried and the
words the one-line error must contain. A model load or a decode during any of them fails the
test, so "before work" is checked, not assumed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.inputs import capped_threads
from coach.cli.main import app
from tests.cli.media import write_clip, write_image
from tests.support.no_work import WorkStarted
from tests.support.resources import require

runner = CliRunner()


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid 1-s 160×160 clip with nobody in it."""
    return write_clip(tmp_path_factory.mktemp("clips") / "clip.mp4", 160, 160, 30)


def _analyze(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["analyze", *args])
    if isinstance(result.exception, WorkStarted):
        raise result.exception
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    return result.exit_code, " ".join(output.split())  # rich wraps long lines


Make = Callable[[Path, Path], list[str]]


def _exercise(*args: str) -> list[str]:
    return [*args, "--exercise", "squat"]


BAD_INPUTS: dict[str, tuple[Make, str]] = {
    "missing file": (lambda tmp, clip: _exercise(str(tmp / "nope.mp4")), "no such video file"),
    "a folder as the video": (lambda tmp, clip: _exercise(str(tmp)), "is a folder, not a video"),
    "an empty file": (
        lambda tmp, clip: _exercise(str(_touch(tmp / "empty.mp4", b""))),
        "is empty",
    ),
    "a JPEG": (
        lambda tmp, clip: _exercise(str(write_image(tmp / "photo.jpg", "JPEG"))),
        "is a JPEG image, not a video",
    ),
    "a JPEG named .mp4": (
        lambda tmp, clip: _exercise(str(write_image(tmp / "photo.mp4", "JPEG"))),
        "is a JPEG image, not a video",
    ),
    "a PNG": (
        lambda tmp, clip: _exercise(str(write_image(tmp / "photo.png", "PNG"))),
        "is a PNG image, not a video",
    ),
    "a GIF": (
        lambda tmp, clip: _exercise(str(write_image(tmp / "photo.gif", "GIF"))),
        "is a GIF image, not a video",
    ),
    "a text file named .mp4": (
        lambda tmp, clip: _exercise(str(_touch(tmp / "notes.mp4", b"just some notes\n" * 50))),
        "not a video file FFmpeg can read",
    ),
    "a 1x1-pixel clip": (
        lambda tmp, clip: _exercise(str(write_clip(tmp / "dot.avi", 1, 1, 50, "rawvideo"))),
        "the picture is 1×1 px; at least 64×64 px",
    ),
    "a 16x16-pixel clip": (
        lambda tmp, clip: _exercise(str(write_clip(tmp / "small.mp4", 16, 16, 20))),
        "the picture is 16×16 px",
    ),
    "a one-frame video": (
        lambda tmp, clip: _exercise(str(write_clip(tmp / "one.mp4", 320, 240, 1))),
        "holds a single frame",
    ),
    "--json to a folder": (
        lambda tmp, clip: _exercise(str(clip), "--json", str(tmp)),
        "is a folder; give a file name",
    ),
    "--json into a missing folder": (
        lambda tmp, clip: _exercise(str(clip), "--json", str(tmp / "no" / "r.json")),
        "does not exist",
    ),
    "--json over the input video": (
        lambda tmp, clip: _exercise(str(clip), "--json", str(clip)),
        "is an input of this command",
    ),
    "--annotate into a missing folder": (
        lambda tmp, clip: _exercise(str(clip), "--annotate", str(tmp / "gone" / "a.mp4")),
        "gone does not exist",
    ),
    "--annotate to a folder": (
        lambda tmp, clip: _exercise(str(clip), "--annotate", str(tmp)),
        "is a folder; give a file name",
    ),
    "--annotate as a text file": (
        lambda tmp, clip: _exercise(str(clip), "--annotate", str(tmp / "a.txt")),
        "must end in .mp4, .mov, .mkv",
    ),
    "--annotate over the input video": (
        lambda tmp, clip: _exercise(str(clip), "--annotate", str(clip)),
        "is an input of this command",
    ),
    "--json and --annotate on one file": (
        lambda tmp, clip: _exercise(
            str(clip), "--json", str(tmp / "x.mp4"), "--annotate", str(tmp / "x.mp4")
        ),
        "is also the --json file",
    ),
    "an unknown backend": (
        lambda tmp, clip: _exercise(str(clip), "--backend", "posenet"),
        "unknown --backend 'posenet'; valid names: movenet-lightning",
    ),
    "an unknown exercise": (
        lambda tmp, clip: [str(clip), "--exercise", "squatt"],
        "unknown exercise 'squatt'",
    ),
    "an unknown routine": (
        lambda tmp, clip: [str(clip), "--routine", "knee"],
        "unknown routine 'knee'",
    ),
    "both --exercise and --routine": (
        lambda tmp, clip: [str(clip), "--exercise", "squat", "--routine", "knee_rehab"],
        "give exactly one of --exercise ID or --routine ID",
    ),
    "neither --exercise nor --routine": (
        lambda tmp, clip: [str(clip)],
        "give exactly one of --exercise ID or --routine ID",
    ),
    "--threads 0": (
        lambda tmp, clip: _exercise(str(clip), "--threads", "0"),
        "Invalid value for '--threads'",
    ),
    "a missing exercises folder": (
        lambda tmp, clip: _exercise(str(clip), "--exercises-dir", str(tmp / "nolib")),
        "exercise folder does not exist",
    ),
    "an exercises folder with a YAML bomb": (
        lambda tmp, clip: _exercise(str(clip), "--exercises-dir", str(_bomb_library(tmp))),
        "aliases (*a) are not allowed",
    ),
}


def _touch(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _bomb_library(tmp: Path) -> Path:
    folder = tmp / "lib"
    folder.mkdir()
    (folder / "squat.yaml").write_text('a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\n')
    return folder


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_a_bad_input_is_refused_before_any_work_with_a_one_line_message(
    case: str, tmp_path: Path, clip: Path
) -> None:
    make, words = BAD_INPUTS[case]
    code, out = _analyze(*make(tmp_path, clip))
    assert code == 2, out
    assert words in out, out


def test_a_missing_annotate_folder_is_named_in_the_error(tmp_path: Path, clip: Path) -> None:
    target = tmp_path / "gone" / "a.mp4"
    code, out = _analyze(str(clip), "--exercise", "squat", "--annotate", str(target))
    assert code == 2
    assert f"--annotate {target}: folder {target.parent} does not exist" in out


@pytest.mark.usefixtures("no_work")
def test_threads_above_the_cpu_count_warn_and_are_capped(tmp_path: Path, clip: Path) -> None:
    # the missing --json folder stops the command; the warning came first
    code, out = _analyze(
        str(clip), "--exercise", "squat", "--threads", "1000", "--json", str(tmp_path / "x/r.json")
    )
    assert code == 2
    assert "warning: --threads 1000 is more than the" in out
    assert capped_threads(1000, cpu_count=2) == (
        2,
        "--threads 1000 is more than the 2 CPUs of this machine; using 2",
    )
    assert capped_threads(2, cpu_count=2) == (2, "")
    assert capped_threads(None, cpu_count=2) == (None, "")


@pytest.mark.models
def test_nobody_seen_is_its_own_result_with_exit_code_3(tmp_path: Path, clip: Path) -> None:
    from coach.pose.models.registry import ModelNotInstalledError, model_paths

    try:
        model_paths("movenet-lightning")
    except ModelNotInstalledError as exc:
        require(False, str(exc))
    report = tmp_path / "report.json"
    code, out = _analyze(str(clip), "--exercise", "squat", "--json", str(report), "--threads", "1")
    assert code == 3, out
    assert "person seen in 0 frames" in out
    assert "nobody was seen in" in out
    assert '"frames_with_pose": 0' in report.read_text()


def test_the_help_documents_the_exit_codes() -> None:
    result = runner.invoke(app, ["analyze", "--help"])
    text = " ".join(result.output.split())
    assert "Exit codes: 0 analysed; 2 bad input" in text
    assert "3 analysed, but nobody was seen" in text
