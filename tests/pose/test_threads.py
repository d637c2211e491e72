"""Offline analysis picks its inference threads by timing the model, not by load average."""

from __future__ import annotations

import time

import pytest

from coach.pose import threads
from coach.pose.detector import Frame, PoseDetector
from coach.pose.types import Pose
from tests.support.resources import require_model


class _SleepingDetector(PoseDetector):
    """A detector whose ``estimate`` takes a fixed time (stands in for a busy/idle machine)."""

    name = "movenet-lightning"

    def __init__(self, estimate_s: float) -> None:
        super().__init__()
        self.estimate_s = estimate_s

    def _estimate(self, frame: Frame, timestamp_ms: float) -> list[Pose]:
        time.sleep(self.estimate_s)
        return []


def _fake_machine(
    monkeypatch: pytest.MonkeyPatch, estimate_s_by_threads: dict[int, float]
) -> dict[int, _SleepingDetector]:
    built: dict[int, _SleepingDetector] = {}

    def build(name: str, num_threads: int) -> PoseDetector:
        built[num_threads] = _SleepingDetector(estimate_s_by_threads[num_threads])
        return built[num_threads]

    monkeypatch.setattr("coach.pose.factory.create_detector_with_threads", build)
    return built


def test_two_threads_are_kept_when_they_halve_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    built = _fake_machine(monkeypatch, {1: 0.008, 2: 0.004})
    detector, choice = threads.create_detector_with_measured_threads("movenet-lightning", (1, 2))
    assert choice.threads == 2 and detector is built[2]
    assert built[1].closed and not built[2].closed
    assert choice.estimate_ms_p50[2] < choice.estimate_ms_p50[1]


def test_one_thread_is_kept_when_two_spin_wait_on_a_busy_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = _fake_machine(monkeypatch, {1: 0.004, 2: 0.012})
    detector, choice = threads.create_detector_with_measured_threads("movenet-lightning", (1, 2))
    assert choice.threads == 1 and detector is built[1] and built[2].closed


def test_a_marginal_gain_does_not_buy_the_decoders_core(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_machine(monkeypatch, {1: 0.010, 2: 0.009})  # 10 % faster < MIN_SPEEDUP
    _, choice = threads.create_detector_with_measured_threads("movenet-lightning", (1, 2))
    assert choice.threads == 1


@pytest.mark.models
def test_blazepose_has_no_thread_option_and_is_built_without_timing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_model("blazepose-full")
    detector, choice = threads.create_detector_with_measured_threads("blazepose-full")
    with detector:
        assert detector.name == "blazepose-full"
    assert choice == threads.ThreadChoice(0, {})


@pytest.mark.models
def test_the_real_lightning_model_is_timed_with_both_counts_and_the_kept_one_works(
    pose1_frames: list,  # type: ignore[type-arg]
) -> None:
    require_model("movenet-lightning")
    detector, choice = threads.create_detector_with_measured_threads("movenet-lightning", (1, 2))
    with detector:
        assert set(choice.estimate_ms_p50) == {1, 2}
        assert all(ms > 0 for ms in choice.estimate_ms_p50.values())
        assert choice.threads in (1, 2)
        assert len(detector.estimate(pose1_frames[0].rgb, 0.0)) == 1
