"""``coach`` commands keep native start-up chatter off the terminal unless ``--verbose``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.native_logs import is_noise
from tests.support.resources import require_model

COACH = [sys.executable, "-m", "coach.cli.main"]
TIMEOUT_S = 300

#: Lines seen on this machine's stderr before the filter (TensorFlow 2.19, LiteRT 1.4.0,
#: MediaPipe 0.10.21, no GPU).
SEEN_NOISE = (
    "2026-11-30 03:41:50.200761: E external/local_xla/xla/stream_executor/cuda/cuda_fft.cc:467]"
    " Unable to register cuFFT factory: Attempting to register factory for plugin cuFFT when"
    " one has already been registered",
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "E0000 00:00:1796010110.231034   10550 cuda_dnn.cc:8579] Unable to register cuDNN factory:"
    " Attempting to register factory for plugin cuDNN when one has already been registered",
    "W0000 00:00:1796010110.260622   10550 computation_placer.cc:177] computation placer"
    " already registered. Please check linkage and avoid linking the same target more than"
    " once.",
    "INFO: Created TensorFlow Lite XNNPACK delegate for CPU.",
    "W0000 00:00:1796010114.855958   10900 inference_feedback_manager.cc:114] Feedback manager"
    " requires a model with a single signature inference.",
    "2026-11-30 03:41:58.531385: I tensorflow/core/util/port.cc:153] oneDNN custom operations"
    " are on.",
)


@pytest.mark.parametrize("line", SEEN_NOISE)
def test_native_start_up_lines_seen_on_this_machine_are_noise(line: str) -> None:
    assert is_noise(line)


@pytest.mark.parametrize(
    "line",
    [
        "error: /nope.mp4: no such video file",
        "F0000 00:00:1796010110.231034   10550 check.cc:12] Check failed: ok",
        "E0000 00:00:1796010110.231034   10550 graph.cc:10] Calculator failed",
        "Traceback (most recent call last):",
    ],
)
def test_errors_and_our_own_messages_are_never_dropped(line: str) -> None:
    assert not is_noise(line)


def _coach(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL",)}
    return subprocess.run(
        [*COACH, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )


@pytest.mark.models
def test_analyze_with_blazepose_prints_no_native_noise_unless_verbose(tfjs_media: Path) -> None:
    require_model("blazepose-full")
    clip = str(tfjs_media / "pose_squats.mp4")
    quiet = _coach("analyze", clip, "-e", "squat", "-b", "blazepose-full")
    assert quiet.returncode == 0, quiet.stderr[-2000:]
    assert "2 / 10 reps" in quiet.stdout
    noisy = [line for line in quiet.stderr.splitlines() if "W0000" in line or "absl" in line
             or "XNNPACK" in line or "cuFFT" in line or "E0000" in line]
    assert noisy == []
    verbose = _coach("--verbose", "analyze", clip, "-e", "squat", "-b", "blazepose-full")
    assert verbose.returncode == 0, verbose.stderr[-2000:]
    # The same run with --verbose shows MediaPipe's / LiteRT's native log: the filter is
    # what silenced it above.
    assert any(is_noise(line) for line in verbose.stderr.splitlines())


def test_a_user_error_still_reaches_stderr_through_the_filter(tmp_path: Path) -> None:
    missing = tmp_path / "missing.mp4"
    result = _coach("analyze", str(missing), "-e", "squat")
    assert result.returncode == 2
    assert f"{missing}: no such video file" in " ".join(result.stderr.split())
