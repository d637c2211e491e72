"""Throughput figures over the last seconds (wall clock passed in, no sleeping)."""

from __future__ import annotations

import pytest

from coach.live.stats import RATE_WINDOW_S, ThroughputMeter


def test_rates_count_the_recent_window_and_fall_to_zero_when_the_stream_stalls() -> None:
    meter = ThroughputMeter()
    for index in range(90):  # 30 frames per second in, 15 processed, for 3 s
        now_s = index / 30.0
        meter.frame_in(now_s, pose_age_s=0.020)
        if index % 2 == 0:
            meter.frame_processed(now_s + 0.01, inference_s=0.025)
    live = meter.snapshot(frames_dropped=45, now_s=89 / 30.0)
    assert live.input_fps == pytest.approx(30.0, rel=0.05)
    assert live.processed_fps == pytest.approx(15.0, rel=0.1)
    assert live.inference_ms_median == pytest.approx(25.0)
    assert live.pose_age_ms_median == pytest.approx(20.0)
    assert (live.frames_in, live.frames_processed, live.frames_dropped) == (90, 45, 45)
    stalled = meter.snapshot(frames_dropped=45, now_s=89 / 30.0 + RATE_WINDOW_S + 0.1)
    assert stalled.input_fps == 0.0 and stalled.processed_fps == 0.0
