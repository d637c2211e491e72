"""A live guided test run: the camera frames, the pose worker and :class:`GuidedAssessment`.

The WebRTC callback calls :meth:`GuidedTestSession.on_frame` (it never blocks on the model); the
processor's worker feeds each analysed pose to the guided run through a tracker adapter; the
page calls :meth:`ready` and :meth:`stop` and, once the run is done, :meth:`save` stores the
result (mode ``live``) with its raw events.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from collections.abc import Sequence

from coach.analysis.events import Event
from coach.exercises.assessment_schema import AssessmentDefinition
from coach.exercises.library import ExerciseLibrary
from coach.live.camera_check import check_camera
from coach.live.guided_assessment import GuidedAssessment
from coach.live.guided_camera import trial_cameras
from coach.live.handoff import SessionClock
from coach.live.processor import Frame, LiveSessionProcessor
from coach.live.records import SetRef
from coach.pose.types import Pose
from coach.session.assessments import create_scorer
from coach.session.state import TrackerState
from coach.session.tracker import ExerciseTracker
from coach.store import ClinicService
from coach.store.outcome_dto import AssessmentResultInfo


class _GuidedTracker:
    """The processor's tracker slot, handing every analysed pose to the guided run (and, while
    a trial is set up, the camera check of that pose on a frame of ``frame_size``)."""

    def __init__(self, guided: GuidedAssessment, lock: threading.Lock) -> None:
        self.guided = guided
        self._lock = lock
        #: (height, width) of the camera frames, set by the video callback.
        self.frame_size: tuple[int, int] | None = None
        self._pose_seen = False  # whether the latest analysed frame had a pose

    def update(self, timestamp_ms: float, pose: Pose | None) -> Sequence[Event]:
        with self._lock:
            needs = self.guided.camera_needs()
            if needs is not None and self.frame_size is not None:
                height, width = self.frame_size
                check = check_camera(pose, width, height, needs.view, needs.keypoints)
                self.guided.see(check, timestamp_ms)
            self.guided.on_frame(timestamp_ms, pose)
            self._pose_seen = pose is not None
        return []  # results are stored as one assessment result, not as set events

    def finish(self, timestamp_ms: float) -> Sequence[Event]:
        return []

    @property
    def state(self) -> TrackerState | None:
        tracker: ExerciseTracker | None = getattr(self.guided.scorer, "tracker", None)
        if tracker is None:
            return None
        # A test has no rep target: the overlay shows the count alone, not "n/10". The scorer's
        # tracker only sees frames while a trial runs; before that, whether the patient is in
        # view is the latest frame's (the overlay must not say "step into view" while the panel
        # says the camera sees them).
        return dataclasses.replace(tracker.state, target_reps=None, pose_visible=self._pose_seen)


class GuidedTestSession:
    """One patient running one standard test live.

    Args:
        service: the patient's services (the result is stored through them).
        patient_id: whose test.
        assessment: the test.
        library: the exercise library the scorer's trackers come from.
        backend: pose backend name; ``processor``: an already built one (tests).
    """

    def __init__(
        self,
        *,
        service: ClinicService,
        patient_id: int,
        assessment: AssessmentDefinition,
        library: ExerciseLibrary,
        backend: str,
        processor: LiveSessionProcessor | None = None,
    ) -> None:
        self.service = service
        self.patient_id = patient_id
        self.key = uuid.uuid4().hex
        self._lock = threading.Lock()
        self.guided = GuidedAssessment(assessment, create_scorer(assessment, library),
                                       cameras=trial_cameras(assessment, library))  # fmt: skip
        self.processor = processor or LiveSessionProcessor(backend=backend)
        self._tracker = _GuidedTracker(self.guided, self._lock)
        self.processor.begin_set(SetRef(0, assessment.id, 1, None), self._tracker)
        self._clock = SessionClock()
        self._frame_lock = threading.Lock()
        self.saved: AssessmentResultInfo | None = None

    def on_frame(self, frame_rgb: Frame, frame_time_s: float | None) -> Frame:
        """The video callback body: session-clock the frame and hand it to the processor."""
        with self._frame_lock:
            self._tracker.frame_size = (int(frame_rgb.shape[0]), int(frame_rgb.shape[1]))
            stamp_s = frame_time_s if frame_time_s is not None else time.monotonic()
            timestamp_ms = self._clock.to_session_ms(stamp_s * 1000.0)
        return self.processor.process_frame(frame_rgb, timestamp_ms)

    def ready(self) -> bool:
        """The patient is in place: count down and start, once the camera check passes
        (``False``: not yet; the run says what to fix)."""
        with self._lock:
            return self.guided.ready()

    def stop(self) -> None:
        """Stop the run now and score what was seen."""
        with self._lock:
            self.guided.stop()

    def save(self) -> AssessmentResultInfo | None:
        """Store the result once the run is done (once); returns it."""
        with self._lock:
            outcome = self.guided.outcome
        if outcome is not None and self.saved is None:
            self.saved = self.service.assessments.record_result(
                self.patient_id, outcome, mode="live"
            )
        return self.saved

    def close(self) -> None:
        """Free the camera worker and the model."""
        self.processor.end_set()
        self.processor.close()
