"""Pick a detector's inference thread count by timing it on this machine, now.

A load average says little about what two XNNPACK threads will get: on an idle two-core machine
two threads run Lightning in about half the time of one, while on a busy one they spin-wait for
each other and run several times slower (measured 8×). So, for offline analysis, the model is
loaded with each candidate count and timed on the same input, interleaved, and the fastest
is kept.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import statistics
import time
from dataclasses import dataclass

import numpy as np

from coach.pose.detector import Frame, PoseDetector

logger = logging.getLogger(__name__)

#: Timed ``estimate`` calls per candidate (after :data:`WARMUP_RUNS`), interleaved.
TIMED_RUNS = 12
WARMUP_RUNS = 3
#: More threads must cut the per-frame time by this factor to be chosen: the extra thread
#: takes the core that decoding (offline) would otherwise use.
MIN_SPEEDUP = 1.25
#: Size of the blank frame timed (a 720p frame; MoveNet's cost does not depend on content).
PROBE_FRAME_SHAPE = (720, 1280, 3)


@dataclass(frozen=True, slots=True)
class ThreadChoice:
    """The thread count chosen and what each candidate measured.

    Attributes:
        threads: inference threads of the detector returned.
        estimate_ms_p50: median ``estimate`` time per candidate thread count, milliseconds.
    """

    threads: int
    estimate_ms_p50: dict[int, float]


def _has_thread_option(name: str) -> bool:
    from coach.pose.factory import options_class

    return "num_threads" in {f.name for f in dataclasses.fields(options_class(name))}


def _time_estimate_ms(detector: PoseDetector, frame: Frame, step: int) -> float:
    started = time.perf_counter()
    detector.estimate(frame, step * 33.3)
    return (time.perf_counter() - started) * 1000.0


def default_candidates() -> tuple[int, ...]:
    """Thread counts worth timing: 1 and 2, or only 1 on a one-core machine."""
    return (1, 2) if (os.cpu_count() or 1) >= 2 else (1,)


def create_detector_with_measured_threads(
    name: str, candidates: tuple[int, ...] | None = None
) -> tuple[PoseDetector, ThreadChoice]:
    """Build detector ``name`` with the candidate thread count that runs fastest right now.

    ``candidates`` defaults to :func:`default_candidates`.

    Backends without a thread option (BlazePose) are built as they are, with ``threads`` 0.
    A candidate with more threads is kept only if :data:`MIN_SPEEDUP` times faster than the
    best with fewer.

    Raises:
        ValueError, ModelNotInstalledError: as :func:`~coach.pose.factory.create_detector`.
    """
    from coach.pose.factory import create_detector, create_detector_with_threads

    if not _has_thread_option(name):
        return create_detector(name), ThreadChoice(0, {})
    counts = sorted(candidates or default_candidates())
    detectors = {n: create_detector_with_threads(name, n) for n in counts}
    frame = np.zeros(PROBE_FRAME_SHAPE, dtype=np.uint8)
    samples: dict[int, list[float]] = {n: [] for n in detectors}
    try:
        for step in range(WARMUP_RUNS + TIMED_RUNS):
            order = list(detectors.items())
            for n, detector in order if step % 2 else reversed(order):
                elapsed_ms = _time_estimate_ms(detector, frame, step)
                if step >= WARMUP_RUNS:
                    samples[n].append(elapsed_ms)
        medians = {n: statistics.median(values) for n, values in samples.items()}
        best = min(medians)
        for n in sorted(medians):
            if medians[n] * MIN_SPEEDUP < medians[best]:
                best = n
    except BaseException:
        for detector in detectors.values():
            detector.close()
        raise
    for n, detector in detectors.items():
        if n != best:
            detector.close()
    chosen = detectors[best]
    chosen.reset()
    logger.info("inference threads: %d (estimate p50 ms by threads: %s)", best, medians)
    return chosen, ThreadChoice(best, {n: round(ms, 2) for n, ms in medians.items()})
