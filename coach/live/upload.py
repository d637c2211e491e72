"""Analyse an uploaded video instead of the webcam, and store the results the same way.

Same pose model, same exercise tracker, same service calls as a live set: the patient (or a
therapist checking a recording) gets one stored session with one set per analysed exercise.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from coach.exercises.library import ExerciseLibrary
from coach.live.flow import PlanItem
from coach.live.plan import build_tracker
from coach.pose.detector import PoseDetector
from coach.session.report import ExerciseReport
from coach.store import ClinicService, SessionDetail

logger = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]

#: Video types the upload accepts (what PyAV/FFmpeg reads reliably).
VIDEO_TYPES = ("mp4", "mov", "m4v", "webm", "avi", "mkv")


@contextlib.contextmanager
def in_memory_file(data: bytes, suffix: str) -> Iterator[Path]:
    """The uploaded bytes as a file that lives in memory (``/dev/shm``) and is removed after.

    The decoder needs a path; keeping it on a RAM file system means the video never reaches
    the disk (only keypoints and metrics are stored).
    """
    folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
    handle, name = tempfile.mkstemp(suffix=suffix, prefix="coach-upload-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def analyze_upload(
    path: Path,
    item: PlanItem,
    library: ExerciseLibrary,
    detector: PoseDetector,
    progress: ProgressFn | None = None,
) -> ExerciseReport:
    """Run the exercise's tracker over every frame of ``path``.

    Raises:
        coach.session.video.VideoError: the file cannot be decoded as a video.
    """
    from coach.session.video import analyze_video

    report = analyze_video(path, [build_tracker(item, library)], detector, progress=progress)
    return report.exercises[0]


def store_report(
    service: ClinicService,
    patient_id: int,
    item: PlanItem,
    report: ExerciseReport,
    *,
    backend: str,
    prescription_id: int | None = None,
) -> SessionDetail:
    """Store one analysed video as a completed session with one set."""
    session_id = service.recording.start_session(
        patient_id, backend=backend, prescription_id=prescription_id
    )
    set_id = service.recording.record_set_start(
        session_id, item.exercise_key, set_index=0, target_reps=item.target_reps,
        target_hold_s=item.target_hold_s, side=item.side,
    )  # fmt: skip
    for rep_index, rep in enumerate(report.reps):
        service.recording.record_rep(
            set_id, rep_index=rep_index, start_ms=int(rep.start_ms), end_ms=int(rep.end_ms),
            rom_min_deg=rep.rom_min_deg, rom_max_deg=rep.rom_max_deg,
            concentric_ms=round(rep.concentric_s * 1000),
            eccentric_ms=round(rep.eccentric_s * 1000),
        )  # fmt: skip
    if report.best_hold_s is not None:
        target = report.target_hold_s
        service.recording.record_hold(
            set_id, held_s=report.best_hold_s, target_s=target,
            completed=target is not None and report.best_hold_s >= target,
        )  # fmt: skip
    if report.balance is not None:
        service.recording.record_balance(
            set_id, duration_s=report.balance.time_in_stance_s,
            sway_rms_pct=report.balance.sway_rms_pct, sway_max_pct=report.balance.sway_max_pct,
            loss_count=int(report.balance.lost),
        )  # fmt: skip
    for cue in report.cues:
        service.recording.record_cue(
            session_id, at_ms=int(cue.timestamp_ms), code=cue.rule_id, message=cue.text,
            severity=cue.severity, set_id=set_id,
        )  # fmt: skip
    service.recording.finish_set(set_id)
    service.recording.finish_session(session_id)
    return service.history.session_detail(session_id)
