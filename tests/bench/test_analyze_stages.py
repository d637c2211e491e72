"""``coach bench analyze``'s per-stage pass: every frame decoded, estimated and tracked once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.bench.analyze import (
    DECODE_STAGES,
    FPS,
    INFERENCE_STAGES,
    idle_realtime_estimate,
    make_720p_clip,
    stage_costs,
)
from coach.cli.main import app
from coach.exercises.library import load_library
from coach.pose.factory import create_detector_with_threads
from coach.session.offline import build_trackers
from tests.support.resources import require_model

pytestmark = [pytest.mark.models, pytest.mark.shared]


def test_the_stage_pass_times_every_stage_and_tracks_the_clip(
    tmp_path: Path, tfjs_media: Path
) -> None:
    require_model("movenet-lightning")
    clip = tmp_path / "clip.mp4"
    frames, _ = make_720p_clip(tfjs_media / "pose_1.mp4", clip, loops=1)
    trackers = build_trackers(load_library(), "squat", None)
    with create_detector_with_threads("movenet-lightning", 1) as detector:
        stages = stage_costs(clip, detector, trackers)
    assert list(stages) == [*DECODE_STAGES, *INFERENCE_STAGES]
    assert all(ms > 0 for ms in stages.values())
    assert stages["estimate"] > stages["tracking"]  # the model dominates the inference thread
    assert trackers[0].state is not None and trackers[0].state.timestamp_ms == pytest.approx(
        (frames - 1) * 1000.0 / FPS, abs=1.0
    )  # every frame reached the tracker


def test_the_idle_estimate_is_set_by_the_slower_thread() -> None:
    stages = {"decode": 1.0, "to_rgb": 0.5, "estimate": 4.0, "patient_select": 0.5,
              "tracking": 0.5}  # fmt: skip
    assert idle_realtime_estimate(stages) == pytest.approx((1000.0 / FPS) / 5.0)
    stages["decode"] = 9.0
    assert idle_realtime_estimate(stages) == pytest.approx((1000.0 / FPS) / 9.5)


def test_the_command_prints_the_stage_costs_and_the_budget_they_leave(tfjs_media: Path) -> None:
    require_model("movenet-lightning")
    result = CliRunner().invoke(app, ["bench", "analyze", "--seconds", "4", "--threads", "1"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "× real time" in text
    assert re.search(
        r"decode thread: decode [\d.]+, to rgb [\d.]+; inference thread: "
        r"estimate [\d.]+, patient select [\d.]+, tracking [\d.]+",
        text,
    ), text
    assert re.search(r"Budget at 6×: 5\.56 ms per frame per thread; on two idle cores ≈ [\d.]+×",
                     text), text  # fmt: skip
