"""The live session's frame processor, independent of Streamlit.

:class:`LiveSessionProcessor` is created once per patient session and handed to the WebRTC
callback. The callback calls :meth:`~LiveSessionProcessor.process_frame`, which only drops the
frame into a latest-frame-wins mailbox and draws the most recent results on it, so the video
never waits for the model. A worker thread runs the pose detector and the current exercise's
tracker on the newest frame and publishes typed records (:mod:`coach.live.records`):

- ``ui_records``: bounded queue for the page (oldest records dropped when the page is away);
- ``event_records``: every exercise event, for the session recorder that stores them.

Dependencies are keyword arguments with real defaults, so the processor runs in pytest.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from coach.analysis.events import Event
from coach.live.camera_check import CameraView, check_camera
from coach.live.handoff import LatestFrameMailbox, PendingFrame
from coach.live.records import (
    EventRecord,
    FrameErrorRecord,
    LiveRecord,
    SetRef,
    StateRecord,
    ThroughputStats,
)
from coach.live.settings import DEFAULT_BACKEND
from coach.live.stats import ThroughputMeter
from coach.pose.detector import PoseDetector
from coach.pose.types import Pose
from coach.session.patient import PatientLock
from coach.session.state import TrackerState

logger = logging.getLogger(__name__)

Frame = npt.NDArray[np.uint8]


class Tracker(Protocol):
    """What the processor needs from an exercise tracker (``coach.session.ExerciseTracker``)."""

    def update(self, timestamp_ms: float, pose: Pose | None) -> Sequence[Event]: ...

    def finish(self, timestamp_ms: float) -> Sequence[Event]: ...

    @property
    def state(self) -> TrackerState | None: ...


OverlayFn = Callable[[Frame, Pose | None, TrackerState | None], Frame]


#: Inference threads for live use. One thread leaves the other core to WebRTC's video decode
#: and encode, and a busy machine hurts a multi-threaded interpreter badly: measured on
#: 2 shared cores, Lightning took 15-29 ms per frame with one thread and 185-225 ms with two.
LIVE_INFERENCE_THREADS = 1


def _default_detector_factory(backend: str) -> Callable[[], PoseDetector]:
    def build() -> PoseDetector:
        from coach.pose.factory import create_detector_with_threads

        return create_detector_with_threads(backend, LIVE_INFERENCE_THREADS)

    return build


def _default_overlay() -> OverlayFn:
    from coach.render.overlay import draw_overlay

    return draw_overlay  # type: ignore[no-any-return]


class LiveSessionProcessor:
    """Detect, track and draw on live frames without ever blocking the video.

    Args:
        backend: Pose backend registry name, used by the default detector factory.
        detector_factory: Builds the detector; called once, on the worker thread.
        overlay: ``draw(frame_rgb, pose, state) -> frame`` (the render overlay by default).
        clock_s: Monotonic wall clock in seconds, for throughput and latency figures only.
        ui_queue_size: Records kept for the page before the oldest are dropped.
        idle_timeout_s: Seconds without a frame after which the worker frees the model.
    """

    def __init__(
        self,
        *,
        backend: str = DEFAULT_BACKEND,
        detector_factory: Callable[[], PoseDetector] | None = None,
        overlay: OverlayFn | None = None,
        clock_s: Callable[[], float] = time.monotonic,
        ui_queue_size: int = 256,
        idle_timeout_s: float = 300.0,
    ) -> None:
        self.backend = backend
        self.idle_timeout_s = idle_timeout_s
        self._detector_factory = detector_factory or _default_detector_factory(backend)
        self._overlay = overlay
        self._clock_s = clock_s
        self.ui_records: queue.Queue[LiveRecord] = queue.Queue(maxsize=ui_queue_size)
        self.event_records: queue.Queue[EventRecord] = queue.Queue()
        self._mailbox = LatestFrameMailbox()
        self._meter = ThroughputMeter()
        self._lock = threading.Lock()
        self._tracker: Tracker | None = None
        self._set_ref: SetRef | None = None
        self._requirements: tuple[CameraView, tuple[str, ...]] | None = None
        self._patient = PatientLock()  # chosen at the set-up check, followed through every set
        self._pose: Pose | None = None
        self._pose_done_s: float | None = None
        self._latest: StateRecord | None = None
        self._last_timestamp_ms = 0.0
        self._worker: threading.Thread | None = None
        self._detector_ready = threading.Event()
        self.detector_error: str | None = None

    # ---- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker (and load the model) if not running; safe to call repeatedly."""
        with self._lock:
            if self._worker is not None or self._mailbox.closed:
                return
            self._worker = threading.Thread(
                target=self._run_worker, name="coach-live-worker", daemon=True
            )
            self._worker.start()

    @property
    def running(self) -> bool:
        """Whether a worker (and its loaded model) is alive."""
        worker = self._worker
        return worker is not None and worker.is_alive()

    def wait_until_ready(self, timeout_s: float) -> bool:
        """Block until the detector is loaded (or failed); True when it is usable."""
        self.start()
        self._detector_ready.wait(timeout_s)
        return self._detector_ready.is_set() and self.detector_error is None

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop the worker and release the detector. Records already queued stay readable."""
        self._mailbox.close()
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout_s)

    @property
    def closed(self) -> bool:
        return self._mailbox.closed

    # ---- set control (called from the page) ------------------------------------------------
    def begin_set(self, set_ref: SetRef, tracker: Tracker) -> None:
        """Track the next frames with ``tracker`` for the set ``set_ref``."""
        with self._lock:
            self._set_ref, self._tracker = set_ref, tracker
            self._requirements = None

    def end_set(self) -> list[EventRecord]:
        """Close the current set: the tracker's final events are published and returned."""
        with self._lock:
            tracker, set_ref = self._tracker, self._set_ref
            self._tracker, self._set_ref = None, None
            if tracker is None or set_ref is None:
                return []
            events = tracker.finish(self._last_timestamp_ms)
            records = [EventRecord(set_ref, event) for event in events]
        for record in records:
            self._publish_event(record)
        return records

    def expect_view(self, view: CameraView | str, required_keypoints: Sequence[str]) -> None:
        """Between sets, check the camera set-up for an exercise with this view and keypoints."""
        with self._lock:
            self._requirements = (CameraView(view), tuple(required_keypoints))

    def latest(self) -> StateRecord | None:
        """The most recent display state (also sent on ``ui_records``)."""
        with self._lock:
            return self._latest

    def stats(self) -> ThroughputStats:
        """Throughput and latency figures of the recent frames."""
        return self._meter.snapshot(self._mailbox.dropped, self._clock_s())

    # ---- the callback side -----------------------------------------------------------------
    def process_frame(self, frame_rgb: Frame, timestamp_ms: float) -> Frame:
        """Hand a frame to the worker and return it with the latest results drawn on it.

        Never blocks on inference and never raises for a bad frame: the frame is returned
        unchanged if drawing fails, so the patient keeps seeing themselves.

        Args:
            frame_rgb: ``H×W×3`` ``uint8`` RGB frame from the camera.
            timestamp_ms: Session-clock time of the frame (non-decreasing).
        """
        now_s = self._clock_s()
        self.start()
        self._mailbox.put(PendingFrame(frame_rgb, timestamp_ms))
        with self._lock:
            pose, done_s = self._pose, self._pose_done_s
            state = self._tracker.state if self._tracker is not None else None
        self._meter.frame_in(now_s, None if done_s is None else now_s - done_s)
        return self._draw(frame_rgb, pose, state)

    def _draw(self, frame_rgb: Frame, pose: Pose | None, state: TrackerState | None) -> Frame:
        try:
            if self._overlay is None:
                self._overlay = _default_overlay()
            return self._overlay(frame_rgb, pose, state)
        except Exception:  # drawing must never take the video down
            logger.exception("overlay failed; returning the frame undrawn")
            return frame_rgb

    # ---- the worker side -------------------------------------------------------------------
    def _run_worker(self) -> None:
        try:
            detector = self._detector_factory()
        except Exception as exc:
            self.detector_error = f"could not load the pose model {self.backend!r}: {exc}"
            logger.exception("pose detector failed to load")
            self._detector_ready.set()
            return
        self._detector_ready.set()
        idle_since_s = self._clock_s()
        with detector:
            while True:
                pending = self._mailbox.take(timeout_s=0.5)
                if pending is not None:
                    self._process(detector, pending)
                    idle_since_s = self._clock_s()
                elif self._mailbox.closed or self._idle_exit(idle_since_s):
                    return

    def _idle_exit(self, idle_since_s: float) -> bool:
        """After ``idle_timeout_s`` without frames (a closed tab), free the model.

        The next frame starts a new worker, so a camera that comes back still works.
        """
        if self._clock_s() - idle_since_s < self.idle_timeout_s:
            return False
        with self._lock:
            if self._mailbox.has_pending():
                return False
            self._worker = None
            self._detector_ready.clear()
        logger.info("no frame for %.0f s: pose model released", self.idle_timeout_s)
        return True

    def _process(self, detector: PoseDetector, pending: PendingFrame) -> None:
        started_s = self._clock_s()
        try:
            poses = detector.estimate(pending.frame_rgb, pending.timestamp_ms)
            pose = self._patient.select(poses, pending.timestamp_ms, pending.frame_rgb.shape[1])
        except ValueError as exc:  # e.g. a timestamp from a restarted stream
            logger.warning("frame at %.0f ms skipped: %s", pending.timestamp_ms, exc)
            detector.reset()
            self._publish_ui(FrameErrorRecord(pending.timestamp_ms, str(exc)))
            return
        with self._lock:
            record, events = self._track(pose, pending)
            self._latest = record
        for event in events:
            self._publish_event(event)
        self._publish_ui(record)
        done_s = self._clock_s()
        self._meter.frame_processed(done_s, done_s - started_s)

    def _track(
        self, pose: Pose | None, pending: PendingFrame
    ) -> tuple[StateRecord, list[EventRecord]]:
        """Update the tracker (or the camera check) with a pose; caller holds the lock."""
        self._pose, self._pose_done_s = pose, self._clock_s()
        self._last_timestamp_ms = max(self._last_timestamp_ms, pending.timestamp_ms)
        events: list[EventRecord] = []
        check = None
        if self._tracker is not None and self._set_ref is not None:
            raw = self._tracker.update(pending.timestamp_ms, pose)
            events = [EventRecord(self._set_ref, event) for event in raw]
            state = self._tracker.state
        else:
            state = None
            if self._requirements is not None:
                height, width = pending.frame_rgb.shape[:2]
                view, keypoints = self._requirements
                check = check_camera(pose, width, height, view, keypoints)
        record = StateRecord(pending.timestamp_ms, self._set_ref, state, pose is not None, check)
        return record, events

    def _publish_event(self, record: EventRecord) -> None:
        self.event_records.put(record)
        self._publish_ui(record)

    def _publish_ui(self, record: LiveRecord) -> None:
        while True:
            try:
                self.ui_records.put_nowait(record)
                return
            except queue.Full:
                # The page is away: forget the oldest record rather than block the worker.
                with contextlib.suppress(queue.Empty):
                    self.ui_records.get_nowait()
