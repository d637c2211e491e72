"""Analyse an uploaded video instead of the webcam, and store the results the same way.

Same pose model, same exercise tracker, same service calls as a live set: the patient (or a
therapist checking a recording) gets one stored session with one set per analysed exercise.

Two uploads are refused rather than stored: the same file again (recognised by the SHA-256 of
its bytes, so it cannot count twice toward adherence), and a video in which nobody is seen in
most frames (nothing in it can be measured).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coach.exercises.library import ExerciseLibrary
from coach.live.flow import PlanItem
from coach.live.plan import build_tracker
from coach.pose.detector import PoseDetector
from coach.session.report import ExerciseReport
from coach.store import ClinicService, SessionDetail, SessionInfo

logger = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]

#: Video types the upload accepts (what PyAV/FFmpeg reads reliably).
VIDEO_TYPES = ("mp4", "mov", "m4v", "webm", "avi", "mkv")

#: A person must be found in at least this share of the frames for a video to be stored
#: ("most frames"); below it the counts would describe a video of an empty room.
MIN_PERSON_SEEN_FRACTION = 0.5


class NobodyInVideoError(ValueError):
    """Nobody was seen in most frames of the uploaded video; nothing is stored."""


@dataclass(frozen=True)
class UploadAnalysis:
    """What the tracker found in an uploaded video, and how often a person was seen.

    Attributes:
        exercise: Results of the exercise.
        frames: Frames decoded and analysed.
        frames_with_pose: Frames in which a person was found.
    """

    exercise: ExerciseReport
    frames: int
    frames_with_pose: int

    @property
    def person_seen_fraction(self) -> float:
        """Share of the frames with a person in them (0 for an empty video)."""
        return self.frames_with_pose / self.frames if self.frames else 0.0

    @property
    def person_seen(self) -> bool:
        """Whether a person was seen in most frames (see :data:`MIN_PERSON_SEEN_FRACTION`)."""
        return self.person_seen_fraction >= MIN_PERSON_SEEN_FRACTION


def content_sha256(data: bytes) -> str:
    """Hex SHA-256 of the uploaded bytes: the same file uploaded again has the same hash."""
    return hashlib.sha256(data).hexdigest()


def earlier_upload(
    service: ClinicService, patient_id: int, source_sha256: str
) -> SessionInfo | None:
    """The session already stored from the same file, if the patient uploaded it before."""
    return service.recording.uploaded_session(patient_id, source_sha256)


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
) -> UploadAnalysis:
    """Run the exercise's tracker over every frame of ``path``.

    Raises:
        coach.session.video.VideoError: the file cannot be decoded as a video.
    """
    from coach.session.video import analyze_video

    report = analyze_video(path, [build_tracker(item, library)], detector, progress=progress)
    return UploadAnalysis(
        exercise=report.exercises[0],
        frames=report.video.frames,
        frames_with_pose=report.frames_with_pose,
    )


def store_upload(
    service: ClinicService,
    patient_id: int,
    item: PlanItem,
    analysis: UploadAnalysis,
    *,
    backend: str,
    source_sha256: str,
    prescription_id: int | None = None,
) -> SessionDetail:
    """Store one analysed video as a completed session with one set.

    Raises:
        NobodyInVideoError: Nobody was seen in most frames; nothing was stored.
        coach.store.DuplicateError: The same file was stored before for this patient.
    """
    if not analysis.person_seen:
        raise NobodyInVideoError(
            f"a person was found in {analysis.frames_with_pose} of {analysis.frames} frames; "
            f"at least {MIN_PERSON_SEEN_FRACTION:.0%} are needed"
        )
    return store_report(
        service, patient_id, item, analysis.exercise, backend=backend,
        prescription_id=prescription_id, source_sha256=source_sha256,
    )  # fmt: skip


def store_report(
    service: ClinicService,
    patient_id: int,
    item: PlanItem,
    report: ExerciseReport,
    *,
    backend: str,
    prescription_id: int | None = None,
    source_sha256: str | None = None,
) -> SessionDetail:
    """Store one analysed exercise as a completed session with one set.

    Raises:
        coach.store.DuplicateError: ``source_sha256`` was stored before for this patient.
    """
    session_id = service.recording.start_session(
        patient_id, backend=backend, prescription_id=prescription_id,
        source_sha256=source_sha256,
    )  # fmt: skip
    set_id = service.recording.record_set_start(
        session_id, item.exercise_key, set_index=0, target_reps=item.target_reps,
        target_hold_s=item.target_hold_s, side=item.side,
    )  # fmt: skip
    for rep in report.reps:  # numbered 1.. across sides by the report
        service.recording.record_rep(set_id, rep)
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
