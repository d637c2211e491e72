"""``coach bench pose``: JSON shape and user errors (no timing assertions here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.support.resources import require_model


@pytest.mark.models
def test_json_output_is_one_object_with_stage_and_bare_inference_figures(
    tfjs_media: Path,
) -> None:
    require_model("movenet-lightning")
    video = tfjs_media / "pose_1.mp4"
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "pose",
            "-b",
            "movenet-lightning",
            "--frames",
            "3",
            "--video",
            str(video),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    figures = payload["backends"]["movenet-lightning"]
    assert payload["frames"] == figures["frames"] == 3
    for key in (
        "estimate_ms_p50",
        "estimate_ms_p95",
        "inference_ms_p50",
        "inference_ms_p95",
        "preprocess_ms_p50",
        "stage_inference_ms_p50",
        "postprocess_ms_p50",
        "overhead_ms_p50",
    ):
        assert figures[key] > 0, key
    assert figures["estimate_over_inference"] > 0


def test_unknown_backend_exits_with_code_2_and_lists_the_valid_ones() -> None:
    result = CliRunner().invoke(app, ["bench", "pose", "-b", "openpose"])
    assert result.exit_code == 2
    assert "movenet-lightning" in result.output


def test_missing_video_exits_with_code_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "pose", "--video", str(tmp_path / "none.mp4")])
    assert result.exit_code == 2
    assert "no such video file" in result.output
