"""Offline analysis of a recorded video: trackers for an exercise or routine, the detector,
and the decode → detect → track run that ``coach analyze`` and the benchmarks share.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from pathlib import Path

from coach.exercises.library import ExerciseLibrary
from coach.pose.detector import PoseDetector
from coach.session.report import AnalysisReport
from coach.session.tracker import ExerciseTracker
from coach.session.video import FrameCallback, ProgressCallback, analyze_video, probe_video

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


def create_analysis_detector(backend: str, threads: int | None = None) -> PoseDetector:
    """The pose detector for offline analysis, with ``threads`` inference threads if it has any.

    ``None`` times 1 and 2 threads on this machine now and keeps the faster
    (:func:`coach.pose.threads.create_detector_with_measured_threads`). Decoding runs on its
    own, lower-priority thread (see :func:`coach.session.video.analyze_video`).
    """
    from coach.pose.factory import create_detector_with_threads
    from coach.pose.threads import create_detector_with_measured_threads

    if threads is None:
        return create_detector_with_measured_threads(backend)[0]
    return create_detector_with_threads(backend, threads)


def run_analysis(
    video: Path,
    trackers: Sequence[ExerciseTracker],
    backend: str,
    progress: ProgressCallback | None = None,
    on_frame: FrameCallback | None = None,
    threads: int | None = None,
    detector: PoseDetector | None = None,
    decode_short_side_px: int | None = None,
) -> AnalysisReport:
    """Decode, detect and track every frame of ``video``.

    ``detector``: an already loaded detector (the caller closes it); by default one is built
    for ``backend`` with ``threads`` and closed at the end. ``progress`` is called as
    ``progress(frames_done, frames_total)`` (total 0 if the container does not say);
    ``on_frame`` sees every frame with its pose and tracker states (e.g. to write an
    annotated video, :class:`coach.render.annotated_video.AnnotatedClip`).
    ``decode_short_side_px``: decode frames scaled to this short side (poses come back in the
    video's pixels).
    """
    probe_video(video)  # a missing or unreadable file fails here, before the model loads
    owned = (
        create_analysis_detector(backend, threads)
        if detector is None
        else contextlib.nullcontext(detector)
    )
    with owned as active:
        return analyze_video(
            video,
            trackers,
            active,
            progress=progress,
            on_frame=on_frame,
            max_short_side_px=decode_short_side_px,
        )
