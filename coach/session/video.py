"""Offline analysis of a recorded video: decode (PyAV) → detect → track → report.

Decoding runs on a background thread feeding a small bounded queue, so on a two-core machine
decoding the next frames overlaps with pose inference on the current one. Frames are timed by
their real presentation timestamps, never by a frame counter, so variable-frame-rate phone
videos give correct tempos.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coach.analysis.events import CueRaised, Event, FallDetected, PartialRep, RepCompleted
from coach.exercises.schema import ExerciseDefinition
from coach.pose.detector import PoseDetector
from coach.pose.types import Pose
from coach.session.patient import PatientLock
from coach.session.report import AnalysisReport, VideoInfo
from coach.session.report_build import exercise_report
from coach.session.state import TrackerState
from coach.session.tracker import ExerciseTracker

logger = logging.getLogger(__name__)

RgbFrame = npt.NDArray[np.uint8]
ProgressCallback = Callable[[int, int], None]
FrameCallback = Callable[[float, RgbFrame, Pose | None, Sequence[TrackerState]], None]

_QUEUE_FRAMES = 8
_END = object()


class VideoError(ValueError):
    """A video that is missing, unreadable or has no video stream."""


@dataclass(frozen=True)
class VideoProbe:
    """Basic facts about a video file, read from its header."""

    width_px: int
    height_px: int
    frame_count: int  # 0 when the container does not say
    fps: float


def probe_video(path: Path) -> VideoProbe:
    """Read size, frame count and nominal rate without decoding; raises :class:`VideoError`."""
    import av

    container = _open(path)
    try:
        stream = container.streams.video[0]
        rate = float(stream.average_rate) if stream.average_rate else math.nan
        return VideoProbe(stream.width, stream.height, int(stream.frames or 0), rate)
    except (av.FFmpegError, IndexError) as exc:
        raise VideoError(f"{path}: no readable video stream ({exc})") from None
    finally:
        container.close()


def _open(path: Path) -> Any:
    import av

    if not path.is_file():
        raise VideoError(f"{path}: no such video file")
    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError) as exc:
        raise VideoError(f"{path}: cannot open as video ({exc})") from None
    if not container.streams.video:
        container.close()
        raise VideoError(f"{path}: has no video stream")
    return container


def decoded_size(width_px: int, height_px: int, max_short_side_px: int | None) -> tuple[int, int]:
    """Size to decode a ``width × height`` video at: its short side at most ``max_short_side_px``.

    Aspect ratio kept, sides even (YUV 4:2:0), never upscaled; ``None`` keeps the full size.
    """
    short = min(width_px, height_px)
    if max_short_side_px is None or short <= max_short_side_px:
        return width_px, height_px
    scale = max_short_side_px / short
    return 2 * round(width_px * scale / 2), 2 * round(height_px * scale / 2)


def iter_video_frames(
    path: Path, max_short_side_px: int | None = None
) -> Iterator[tuple[float, RgbFrame]]:
    """Decode ``path`` to ``(timestamp_ms, H×W×3 uint8 RGB)`` pairs using the frames' pts.

    Timestamps start at the first frame's presentation time (usually 0).

    Args:
        path: video file.
        max_short_side_px: when set, FFmpeg's scaler converts each frame straight to RGB at
            :func:`decoded_size` in one pass (no full-size RGB frame is made). ``None``: full
            size.

    Raises:
        VideoError: missing, unreadable, or undecodable file.
    """
    import av

    container = _open(path)
    try:
        stream = container.streams.video[0]
        # One decoding thread: the caller already decodes on its own thread beside inference,
        # and FFmpeg frame threads would take the inference core (measured slower end to end).
        stream.thread_type = "NONE"
        width, height = decoded_size(stream.width, stream.height, max_short_side_px)
        full_size = (width, height) == (stream.width, stream.height)
        for frame in container.decode(stream):
            if frame.pts is not None and frame.time_base is not None:
                timestamp_ms = float(frame.pts * frame.time_base) * 1000.0
            else:
                timestamp_ms = float(frame.time or 0.0) * 1000.0
            if full_size:
                rgb = frame.to_ndarray(format="rgb24")
            else:
                rgb = frame.reformat(width, height, "rgb24", interpolation=_SCALER).to_ndarray()
            yield timestamp_ms, upright(rgb, frame.rotation)
    except av.FFmpegError as exc:
        raise VideoError(f"{path}: decoding failed ({exc})") from None
    finally:
        container.close()


def upright(rgb: RgbFrame, rotation_deg: float) -> RgbFrame:
    """Turn a decoded frame the way a player shows it (phone videos store a display rotation).

    ``rotation_deg`` is the container's display-matrix rotation (counter-clockwise degrees, as
    PyAV's ``VideoFrame.rotation``); like FFmpeg's autorotate, the frame is turned clockwise by
    that angle's negation, so the patient is upright and angles are measured in the real frame.
    """
    clockwise_quarters = round(-rotation_deg / 90.0) % 4
    if clockwise_quarters == 0:
        return rgb
    return np.ascontiguousarray(np.rot90(rgb, k=-clockwise_quarters))


#: FFmpeg scaler for decoding below full size: area averaging keeps thin limbs that
#: point sampling would alias away when the frame shrinks by 2× or more.
_SCALER = "AREA"

#: Niceness of the decode thread (Linux schedules threads individually).
_DECODE_NICENESS = 19


def _yield_cores_to_inference() -> None:
    """Lower the calling thread's scheduling priority.

    The decoder then runs in the gaps the pose model leaves instead of pre-empting one of
    XNNPACK's workers, which makes the other spin-wait: on two idle cores, 720p30 analysis with two
    inference threads went from 4.55× real time at normal priority to 5.35× at niceness 10 and
    5.6× at 19. Where per-thread priorities are not
    available (not Linux, or not permitted) decoding simply keeps the normal priority.
    """
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _DECODE_NICENESS)


def _decode_ahead(
    path: Path, max_short_side_px: int | None
) -> Iterator[tuple[float, RgbFrame]]:
    """:func:`iter_video_frames` on a background thread through a bounded queue."""
    frames: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_FRAMES)
    stop = threading.Event()

    def worker() -> None:
        _yield_cores_to_inference()
        try:
            for item in iter_video_frames(path, max_short_side_px):
                while not stop.is_set():
                    try:
                        frames.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            frames.put(_END)
        except BaseException as exc:  # handed to the consumer, re-raised there
            frames.put(exc)

    thread = threading.Thread(target=worker, name="coach-decode", daemon=True)
    thread.start()
    try:
        while True:
            item = frames.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join(timeout=5)


def patient_poses(
    path: Path, detector: PoseDetector, max_short_side_px: int | None = None
) -> Iterator[tuple[float, RgbFrame, Pose | None]]:
    """Walk ``path`` through ``detector``, following the patient: the one decode + detect loop
    of every offline analysis (exercises and standard tests alike).

    Yields ``(timestamp_ms, rgb, pose)`` per frame: ``rgb`` as decoded (see
    :func:`iter_video_frames` for ``max_short_side_px``), ``pose`` the patient's in the source
    video's pixels or ``None``. The detector is reset first; the patient is the person chosen
    at the first frame where someone is fully in view and followed by identity from then on
    (:class:`coach.session.patient.PatientLock`), so each call starts a new recording.
    """
    detector.reset()
    patient = PatientLock()
    scale = math.nan  # source pixels per decoded pixel (upright frames may swap sides)
    for timestamp_ms, rgb in _decode_ahead(path, max_short_side_px):
        if math.isnan(scale):
            scale = 1.0
            if max_short_side_px is not None:
                probe = probe_video(path)
                scale = max(probe.width_px, probe.height_px) / max(rgb.shape[:2])
        pose = patient.select(detector.estimate(rgb, timestamp_ms), timestamp_ms, rgb.shape[1])
        yield timestamp_ms, rgb, pose.scaled(scale) if pose is not None and scale != 1.0 else pose


@dataclass
class _Collected:
    tracker: ExerciseTracker
    events: list[Event] = field(default_factory=list)


def analyze_video(
    path: Path,
    exercises: Sequence[ExerciseDefinition | ExerciseTracker],
    detector: PoseDetector,
    *,
    progress: ProgressCallback | None = None,
    on_frame: FrameCallback | None = None,
    max_short_side_px: int | None = None,
) -> AnalysisReport:
    """Run every exercise's tracker over every frame of ``path``.

    Args:
        path: video file.
        exercises: definitions (default side and targets) or ready trackers (routine items
            with their overrides). Each sees every frame.
        detector: pose backend; only the patient is tracked and drawn (:func:`patient_poses`).
        progress: called as ``progress(frames_done, frames_total)`` (total 0 if unknown).
        on_frame: called per frame with ``(timestamp_ms, rgb, pose, states)``, e.g. to write
            an annotated video (``rgb`` as decoded, ``pose`` in the source's pixels).
        max_short_side_px: decode frames with their short side at most this many pixels
            (see :func:`iter_video_frames`); poses are still reported in the source video's
            pixels. ``None`` decodes at full size.

    Raises:
        VideoError: the video cannot be read.
    """
    probe = probe_video(path)
    collected = [
        _Collected(e if isinstance(e, ExerciseTracker) else ExerciseTracker(e)) for e in exercises
    ]
    frames = with_pose = 0
    first_ms = last_ms = math.nan
    for timestamp_ms, rgb, pose in patient_poses(path, detector, max_short_side_px):
        with_pose += pose is not None
        for item in collected:
            item.events += item.tracker.update(timestamp_ms, pose)
        if on_frame is not None:
            on_frame(timestamp_ms, rgb, pose, [item.tracker.state for item in collected])
        frames += 1
        first_ms = timestamp_ms if math.isnan(first_ms) else first_ms
        last_ms = timestamp_ms
        if progress is not None:
            progress(frames, probe.frame_count)
    if frames == 0:
        raise VideoError(f"{path}: no frames could be decoded")
    for item in collected:
        item.events += item.tracker.finish(last_ms)
    duration_s = (last_ms - first_ms) / 1000.0
    return AnalysisReport(
        video=VideoInfo(
            path=str(path),
            width_px=probe.width_px,
            height_px=probe.height_px,
            frames=frames,
            duration_s=duration_s,
            fps=(frames - 1) / duration_s if duration_s > 0 else probe.fps,
        ),
        backend=detector.name,
        frames_with_pose=with_pose,
        exercises=[exercise_report(item.tracker, item.events) for item in collected],
    )


__all__ = [
    "CueRaised",
    "FallDetected",
    "PartialRep",
    "RepCompleted",
    "VideoError",
    "analyze_video",
    "decoded_size",
    "iter_video_frames",
    "probe_video",
]
