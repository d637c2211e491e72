"""Typed records that leave the frame callback.

The WebRTC callback runs on another thread and never touches Streamlit: everything it learns
goes out as one of these frozen records, through queues, to the page (display) and to the
session recorder (storage). Times are milliseconds on the session clock (the frames'
``timestamp_ms``) unless the name says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.analysis.events import Event
from coach.live.camera_check import CameraCheck
from coach.session.state import TrackerState


@dataclass(frozen=True, slots=True)
class SetRef:
    """Which set of which exercise the frames belong to.

    Attributes:
        item_index: Position of the exercise in today's routine (0-based).
        exercise_key: Exercise id from the library.
        set_index: 1-based set number within that exercise.
        side: ``left``/``right`` for sided exercises, else ``None``.
    """

    item_index: int
    exercise_key: str
    set_index: int
    side: str | None = None


@dataclass(frozen=True, slots=True)
class StateRecord:
    """What to show now: the tracker's display state after the latest processed frame.

    Attributes:
        timestamp_ms: Session-clock time of the processed frame.
        set_ref: The set being tracked, ``None`` between sets.
        state: The exercise tracker's display state (reps, hold, measurement, cue), or ``None``
            between sets.
        person_seen: Whether a person was found in that frame.
        camera_check: The set-up check for the next set (computed between sets only).
    """

    timestamp_ms: float
    set_ref: SetRef | None
    state: TrackerState | None
    person_seen: bool
    camera_check: CameraCheck | None = None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One exercise event (rep completed, hold finished, cue raised...) to store and show."""

    set_ref: SetRef
    event: Event


@dataclass(frozen=True, slots=True)
class FrameErrorRecord:
    """A frame the pipeline could not process; the session goes on with the next frame."""

    timestamp_ms: float
    message: str


@dataclass(frozen=True, slots=True)
class ThroughputStats:
    """How well the live pipeline keeps up (wall-clock seconds, measured, not session time).

    Attributes:
        frames_in: Frames handed to the processor by the callback.
        frames_processed: Frames that went through detection and tracking.
        frames_dropped: Frames replaced by a newer one before the worker took them.
        processed_fps: Processed frames per second over the recent window.
        input_fps: Callback frames per second over the recent window.
        inference_ms_median: Median detection + tracking time per processed frame.
        pose_age_ms_median: Median age of the pose drawn on an outgoing frame (how far the
            skeleton lags the picture).
    """

    frames_in: int
    frames_processed: int
    frames_dropped: int
    processed_fps: float
    input_fps: float
    inference_ms_median: float
    pose_age_ms_median: float


LiveRecord = StateRecord | EventRecord | FrameErrorRecord
