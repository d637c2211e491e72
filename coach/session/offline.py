"""Offline analysis of a recorded video: trackers for an exercise or routine, the detector,
and the decode → detect → track run that ``coach analyze`` and the benchmarks share.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from coach.exercises.library import ExerciseLibrary
from coach.pose.detector import PoseDetector
from coach.session.report import AnalysisReport
from coach.session.tracker import ExerciseTracker
from coach.session.video import FrameCallback, ProgressCallback, analyze_video

logger = logging.getLogger(__name__)


def build_trackers(
    library: ExerciseLibrary, exercise_id: str | None, routine_id: str | None
) -> list[ExerciseTracker]:
    """Trackers for one exercise or every item of a routine (with its overrides).

    Raises:
        KeyError: unknown exercise or routine id (message lists the known ones).
    """
    if exercise_id is not None:
        return [ExerciseTracker(library.exercise(exercise_id))]
    assert routine_id is not None
    trackers = []
    for item in library.routine(routine_id).exercises:
        exercise = library.exercise(item.exercise)
        trackers.append(
            ExerciseTracker(exercise, side=item.side, targets=item.targets_for(exercise))
        )
    return trackers


def default_inference_threads() -> int:
    """Inference threads for offline analysis: 2 when the machine's cores are free, else 1.

    On an idle two-core machine two XNNPACK threads, with the decoder at a lower priority
    filling the gaps, analysed 720p30 at 5.4–5.6× real time against 4.0× with one thread. On a
    busy machine the two threads spin-wait for each other (measured 8× slower per frame), so a
    1-minute load average of half the cores or more falls back to one thread.
    """
    cores = os.cpu_count() or 1
    if cores < 2:
        return 1
    return 2 if os.getloadavg()[0] < cores / 2 else 1


def create_analysis_detector(backend: str, threads: int | None = None) -> PoseDetector:
    """The pose detector for offline analysis, with ``threads`` inference threads if it has any.

    ``None`` picks :func:`default_inference_threads`. Decoding runs on its own, lower-priority
    thread (see :func:`coach.session.video.analyze_video`).
    """
    from coach.pose.factory import create_detector_with_threads

    return create_detector_with_threads(backend, threads or default_inference_threads())


def run_analysis(
    video: Path,
    trackers: Sequence[ExerciseTracker],
    backend: str,
    progress: ProgressCallback | None = None,
    on_frame: FrameCallback | None = None,
    threads: int | None = None,
    detector: PoseDetector | None = None,
) -> AnalysisReport:
    """Decode, detect and track every frame of ``video``.

    ``detector``: an already loaded detector (the caller closes it); by default one is built
    for ``backend`` with ``threads`` and closed at the end. ``progress`` is called as
    ``progress(frames_done, frames_total)`` (total 0 if the container does not say);
    ``on_frame`` sees every frame with its pose and tracker states (e.g. to write an
    annotated video, :class:`coach.render.annotated_video.AnnotatedClip`).
    """
    owned = (
        create_analysis_detector(backend, threads)
        if detector is None
        else contextlib.nullcontext(detector)
    )
    with owned as active:
        return analyze_video(video, trackers, active, progress=progress, on_frame=on_frame)
