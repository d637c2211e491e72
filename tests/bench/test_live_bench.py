"""``coach bench live``: N real pipelines in one process (shape and accounting, no timings)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.bench.live import FPS, STAGES, camera_packets, run_sessions
from coach.cli.main import app
from tests.support.resources import require_model

RUN_S = 3.0


@pytest.fixture(scope="module")
def packets(tfjs_media: Path) -> list[bytes]:
    return camera_packets(tfjs_media / "pose_squats.mp4")


def test_the_camera_is_the_squat_clip_at_30_fps_as_vp8_keyframe_first(
    packets: list[bytes],
) -> None:
    assert len(packets) == 65 * 6  # 5 fps source, each frame shown 6 times at 30 fps
    # A VP8 key frame has bit 0 of its first byte clear and the start code 9d 01 2a.
    assert packets[0][0] & 1 == 0 and packets[0][3:6] == b"\x9d\x01\x2a"


@pytest.mark.models
def test_two_sessions_each_account_for_every_camera_frame(packets: list[bytes]) -> None:
    require_model("movenet-lightning")
    run = run_sessions(packets, sessions=2, seconds=RUN_S, backend="movenet-lightning")
    assert run.sessions == 2 and len(run.results) == 2
    for result in run.results:
        assert result.frames_offered == round(RUN_S * FPS)
        assert result.frames_returned + result.frames_late == result.frames_offered
        assert result.frames_returned > 0 and result.frames_processed > 0
        assert result.frames_processed <= result.frames_returned
        assert set(result.stage_cpu_ms_mean) == set(STAGES)
        assert all(ms > 0 for ms in result.stage_cpu_ms_mean.values())
        assert 0 < result.session_thread_cpu_s < run.cpu_s
        assert math.isfinite(result.latency_ms.p50_ms)
        assert result.latency_ms.p95_ms >= result.latency_ms.p50_ms
    assert run.max_rss_mb > 0
    assert run.cpu_ms_per_frame > 0 and run.sessions_per_core_at_target > 0
    assert 0 < run.worker_cpu_ms_per_processed_frame < run.cpu_ms_per_frame * 2


@pytest.mark.models
def test_the_command_prints_one_json_object_per_session_count(tfjs_media: Path) -> None:
    require_model("movenet-lightning")
    result = CliRunner().invoke(
        app, ["bench", "live", "-s", "1", "--seconds", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert [run["sessions"] for run in payload["runs"]] == [1]
    assert payload["runs"][0]["per_session"][0]["frames_offered"] == 60
    assert payload["sustained_sessions"] in (0, 1)


def test_an_unknown_backend_is_a_user_error() -> None:
    result = CliRunner().invoke(app, ["bench", "live", "-b", "openpose"])
    assert result.exit_code == 2
    assert "movenet-lightning" in result.output
