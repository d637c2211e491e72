"""Optional per-stage timing hook for pose detectors.

Detectors call :meth:`StageTiming._lap` between their stages; when no hook is installed the
call is a single attribute check, so production code pays nothing for the benchmark support.
``coach bench pose`` installs a :class:`StageRecorder` to collect the durations.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable

#: Receives ``(stage_name, duration_ms)`` once per stage per frame.
TimingHook = Callable[[str, float], None]

#: Stage names every backend reports, in pipeline order.
STAGES: tuple[str, ...] = ("preprocess", "inference", "postprocess", "estimate")


class StageTiming:
    """Mixin giving a detector an optional timing hook (``None`` = off, the default)."""

    timing_hook: TimingHook | None = None

    def set_timing_hook(self, hook: TimingHook | None) -> None:
        """Install (or remove, with ``None``) the stage timing hook."""
        self.timing_hook = hook

    def _lap(self, stage: str, started_s: float) -> float:
        """Report ``stage`` as having run since ``started_s`` (``perf_counter`` seconds).

        Returns the current ``perf_counter`` so stages can be chained. Callers guard with
        ``if self.timing_hook is not None`` to keep the hot path free of clock reads.
        """
        now = time.perf_counter()
        if self.timing_hook is not None:
            self.timing_hook(stage, (now - started_s) * 1000.0)
        return now


class StageRecorder:
    """A :data:`TimingHook` that keeps every duration, in milliseconds, per stage."""

    def __init__(self) -> None:
        self.samples_ms: dict[str, list[float]] = defaultdict(list)

    def __call__(self, stage: str, duration_ms: float) -> None:
        self.samples_ms[stage].append(duration_ms)

    def clear(self) -> None:
        self.samples_ms.clear()
