"""Rolling throughput figures of the live pipeline (wall-clock, for display and benchmarks)."""

from __future__ import annotations

import statistics
import threading
from collections import deque

from coach.live.records import ThroughputStats

#: Rates are measured over the last few seconds, so a stalled stream shows as 0 fps.
RATE_WINDOW_S = 3.0


def _rate_per_s(times_s: deque[float], now_s: float) -> float:
    recent = [t for t in times_s if t >= now_s - RATE_WINDOW_S]
    if len(recent) < 2:
        return 0.0
    span_s = max(now_s - recent[0], recent[-1] - recent[0])
    return (len(recent) - 1) / span_s if span_s > 0 else 0.0


def _median_ms(values_s: deque[float]) -> float:
    return 1000.0 * statistics.median(values_s) if values_s else float("nan")


class ThroughputMeter:
    """Counts frames in and processed over a recent window (``window`` frames)."""

    def __init__(self, window: int = 90) -> None:
        self._lock = threading.Lock()
        self._in_times_s: deque[float] = deque(maxlen=window)
        self._done_times_s: deque[float] = deque(maxlen=window)
        self._inference_s: deque[float] = deque(maxlen=window)
        self._pose_age_s: deque[float] = deque(maxlen=window)
        self.frames_in = 0
        self.frames_processed = 0

    def frame_in(self, now_s: float, pose_age_s: float | None) -> None:
        """A frame reached the callback; ``pose_age_s`` is the age of the pose drawn on it."""
        with self._lock:
            self.frames_in += 1
            self._in_times_s.append(now_s)
            if pose_age_s is not None:
                self._pose_age_s.append(pose_age_s)

    def frame_processed(self, done_s: float, inference_s: float) -> None:
        """A frame finished detection and tracking, taking ``inference_s`` seconds."""
        with self._lock:
            self.frames_processed += 1
            self._done_times_s.append(done_s)
            self._inference_s.append(inference_s)

    def snapshot(self, frames_dropped: int, now_s: float) -> ThroughputStats:
        """The figures at wall-clock ``now_s`` (seconds, same clock as the events)."""
        with self._lock:
            return ThroughputStats(
                frames_in=self.frames_in,
                frames_processed=self.frames_processed,
                frames_dropped=frames_dropped,
                processed_fps=_rate_per_s(self._done_times_s, now_s),
                input_fps=_rate_per_s(self._in_times_s, now_s),
                inference_ms_median=_median_ms(self._inference_s),
                pose_age_ms_median=_median_ms(self._pose_age_s),
            )
