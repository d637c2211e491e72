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
from coach.live.guided_assessment import GuidedAssessment
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
    """The processor's tracker slot, handing every analysed pose to the guided run."""

    def __init__(self, guided: GuidedAssessment, lock: threading.Lock) -> None:
        self.guided = guided
        self._lock = lock

    def update(self, timestamp_ms: float, pose: Pose | None) -> Sequence[Event]:
        with self._lock:
            self.guided.on_frame(timestamp_ms, pose)
        return []  # results are stored as one assessment result, not as set events

    def finish(self, timestamp_ms: float) -> Sequence[Event]:
        return []

    @property
    def state(self) -> TrackerState | None:
        tracker: ExerciseTracker | None = getattr(self.guided.scorer, "tracker", None)
        if tracker is None:
            return None
        # A test has no rep target: the overlay shows the count alone, not "n/10".
        return dataclasses.replace(tracker.state, target_reps=None)


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
        self.guided = GuidedAssessment(assessment, create_scorer(assessment, library))
        self.processor = processor or LiveSessionProcessor(backend=backend)
        self.processor.begin_set(SetRef(0, assessment.id, 1, None),
                                 _GuidedTracker(self.guided, self._lock))  # fmt: skip
        self._clock = SessionClock()
        self._frame_lock = threading.Lock()
        self.saved: AssessmentResultInfo | None = None

    def on_frame(self, frame_rgb: Frame, frame_time_s: float | None) -> Frame:
        """The video callback body: session-clock the frame and hand it to the processor."""
        with self._frame_lock:
            stamp_s = frame_time_s if frame_time_s is not None else time.monotonic()
            timestamp_ms = self._clock.to_session_ms(stamp_s * 1000.0)
        return self.processor.process_frame(frame_rgb, timestamp_ms)

    def ready(self) -> None:
        """The patient is in place: count down and start."""
        with self._lock:
            self.guided.ready()

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
