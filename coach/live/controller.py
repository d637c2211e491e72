"""One patient's live session: flow, processor, recorder and service calls, without Streamlit.

The page creates a :class:`LiveSessionController` once per session (kept in the browser
session's state) and calls it on clicks; the WebRTC callback calls :meth:`on_frame`. Every rep,
hold, balance trial and cue is stored as it happens, so a lost camera, a closed tab or a crash
keeps what was done, and :func:`resumable_sessions` offers to carry on later.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from coach.analysis.calibration import TurnCalibration
from coach.analysis.events import CueRaised, FallDetected, RepCompleted
from coach.exercises.library import ExerciseLibrary
from coach.live.flow import Phase, PlanItem, SessionFlow
from coach.live.handoff import SessionClock
from coach.live.plan import build_tracker, items_by_exercise
from coach.live.processor import Frame, LiveSessionProcessor, Tracker
from coach.live.recorder import SessionRecorder
from coach.live.records import EventRecord, FrameErrorRecord, SetRef, StateRecord
from coach.live.spoken_cues import CueAnnouncer, SpokenCue
from coach.store import ClinicService, SessionDetail, SessionInfo, SessionStatus, StoreError

logger = logging.getLogger(__name__)

#: An ``active`` session with no event for this long belongs to a browser that went away.
ABANDONED_AFTER_S = 120.0
#: Seconds between two utterances of the same cue when the exercise does not say.
DEFAULT_CUE_COOLDOWN_S = 8.0

TrackerFactory = Callable[[PlanItem], Tracker]


def library_tracker_factory(library: ExerciseLibrary) -> TrackerFactory:
    """Trackers built from an already loaded library (the app's cached one).

    One factory serves one visit: each set of an exercise (and side) carries on the turn-line
    calibration of the set before, so the patient's own range is learnt once, not every set.
    """
    learnt: dict[tuple[str, str | None], dict[str, TurnCalibration]] = {}

    def build(item: PlanItem) -> Tracker:
        key = (item.exercise_key, item.side)
        tracker = build_tracker(item, library, calibrations=learnt.get(key))
        learnt[key] = tracker.calibrations
        return tracker

    return build


@dataclass
class LiveView:
    """What the page shows, refreshed by :meth:`LiveSessionController.poll`.

    Attributes:
        state: The latest display record from the processor (``None`` before the first frame).
        reps_by_set: Reps completed per set so far in this session (from the events).
        cues: Cues raised so far, newest last, as ``(timestamp_ms, text)``.
        to_speak: The cue to speak now, if any.
        fall_detected: A fall was detected in the current set.
        frame_errors: Frames that could not be processed.
    """

    state: StateRecord | None = None
    reps_by_set: dict[SetRef, int] = field(default_factory=dict)
    cues: list[tuple[float, str]] = field(default_factory=list)
    to_speak: SpokenCue | None = None
    fall_detected: bool = False
    frame_errors: int = 0


class LiveSessionController:
    """Runs one session of today's plan.

    Args:
        service: The service bound to the signed-in patient.
        patient_id: Whose session.
        plan: Today's items in order.
        prescription_id: The prescription followed, if any.
        backend: Pose backend name (stored with the session).
        resume: A stored session to continue (interrupted, or active and abandoned).
        processor: The frame processor (default: a :class:`LiveSessionProcessor` on ``backend``).
        tracker_factory: Builds the tracker of a set (default: from the exercise library in
            ``exercises/``, loaded once here).
        cue_cooldown_s: Seconds between two utterances of the same cue, when the plan item
            does not say (each set uses its exercise's cooldown).
        clock_s: Wall clock in seconds for rests and speech pacing.
    """

    def __init__(
        self,
        *,
        service: ClinicService,
        patient_id: int,
        plan: Sequence[PlanItem],
        prescription_id: int | None = None,
        backend: str = "movenet-lightning",
        resume: SessionInfo | None = None,
        processor: LiveSessionProcessor | None = None,
        tracker_factory: TrackerFactory | None = None,
        cue_cooldown_s: float = DEFAULT_CUE_COOLDOWN_S,
        clock_s: Callable[[], float] = time.monotonic,
    ) -> None:
        self.service = service
        self.plan = tuple(plan)
        self._clock_s = clock_s
        if tracker_factory is None:  # the library is read once, not at every set
            from coach.exercises.library import load_library

            tracker_factory = library_tracker_factory(load_library())
        self._tracker_factory = tracker_factory
        self._new_session = (patient_id, backend, prescription_id)
        completed: dict[int, int] = {}
        #: The stored session; ``None`` until the first set starts (an empty visit stores
        #: nothing and does not count as a session done).
        self.session_id: int | None = None
        if resume is not None:
            if resume.status is SessionStatus.INTERRUPTED:
                service.recording.resume_session(resume.id)
            self.session_id = resume.id
            completed = completed_sets(service.history.session_detail(resume.id), self.plan)
        self.flow = SessionFlow(self.plan, completed)
        self.processor = processor or LiveSessionProcessor(backend=backend)
        self.recorder: SessionRecorder | None = None
        if self.session_id is not None:
            self._start_recorder(self.session_id)
        #: Stable identity for the page's widgets (the session id only exists after a set).
        self.key = uuid.uuid4().hex
        self.finished = False
        self.processor.start()
        self._frame_clock = SessionClock()
        self._frame_lock = threading.Lock()
        self.announcer = CueAnnouncer(cue_cooldown_s)
        self.view = LiveView()
        self._current: SetRef | None = None
        self.last_finished: SetRef | None = None
        self.summary: SessionDetail | None = None
        self._prepare_camera_check()

    # ---- frames (WebRTC thread) -------------------------------------------------------------
    def on_frame(self, frame_rgb: Frame, frame_time_s: float | None) -> Frame:
        """The video callback body: session-clock the frame and hand it to the processor."""
        with self._frame_lock:
            stamp_s = frame_time_s if frame_time_s is not None else self._clock_s()
            timestamp_ms = self._frame_clock.to_session_ms(stamp_s * 1000.0)
        if self._current is not None and self.recorder is not None:
            self.recorder.start()  # no-op while running; back after an idle stop
        return self.processor.process_frame(frame_rgb, timestamp_ms)

    # ---- clicks (page thread) ---------------------------------------------------------------
    def start_set(self) -> SetRef:
        """Begin the next set: stored first, then tracked.

        Raises:
            StoreError: the set could not be stored (e.g. the exercise is no longer in the
                patient's plan nor allowed); the set has not begun and the flow is back at READY.
        """
        recorder = self._ensure_session()
        set_ref = self.flow.start_set()
        item = self.plan[set_ref.item_index]
        try:
            recorder.open_set(
                set_ref, target_reps=item.target_reps, target_hold_s=item.target_hold_s
            )
        except StoreError:
            self.flow.undo_start()
            raise
        self.announcer.cooldown_s = item.cue_cooldown_s
        self.processor.begin_set(set_ref, self._tracker_factory(item))
        self._current = set_ref
        self.view.reps_by_set.setdefault(set_ref, 0)
        self.view.fall_detected = False
        return set_ref

    def finish_set(self) -> None:
        """End the current set: final events stored, the rest countdown starts."""
        set_ref = self._current
        if set_ref is None:
            return
        self.processor.end_set()
        if self.recorder is not None:
            self.recorder.close_set(set_ref)
        self.flow.finish_set(self._clock_s())
        self._current = None
        self.last_finished = set_ref
        self.poll()
        self._prepare_camera_check()

    def skip_rest(self) -> None:
        self.flow.skip_rest()

    def skip_exercise(self) -> None:
        self.flow.skip_exercise()
        self._prepare_camera_check()

    def finish(self) -> SessionDetail | None:
        """Finish the session (closing an open set); what was recorded, ``None`` if nothing."""
        if self._current is not None:
            self.finish_set()
        self.flow.finish_early()
        self.abandon()
        self.finished = True
        if self.session_id is not None:
            self.service.recording.finish_session(self.session_id)
            self.summary = self.service.history.session_detail(self.session_id)
        return self.summary

    def abandon(self) -> None:
        """Stop processing without finishing: the session stays open and can be resumed."""
        if self.recorder is not None:
            self.recorder.stop()
        self.processor.close()

    def _ensure_session(self) -> SessionRecorder:
        if self.session_id is None:
            patient_id, backend, prescription_id = self._new_session
            self.session_id = self.service.recording.start_session(
                patient_id, backend=backend, prescription_id=prescription_id
            )
        if self.recorder is None:
            return self._start_recorder(self.session_id)
        return self.recorder

    def _start_recorder(self, session_id: int) -> SessionRecorder:
        self.recorder = SessionRecorder(
            service=self.service, session_id=session_id, events=self.processor.event_records
        )
        self.recorder.start()
        return self.recorder

    # ---- display ----------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self.flow.tick(self._clock_s())

    def rest_remaining_s(self) -> float:
        return self.flow.rest_remaining_s(self._clock_s())

    @property
    def camera_ready(self) -> bool:
        """Whether the set-up check sees the patient as the next exercise needs."""
        record = self.view.state
        check = record.camera_check if record is not None else None
        return check is not None and check.ok

    def reps_in_current_set(self) -> int:
        return self.view.reps_by_set.get(self._current, 0) if self._current else 0

    def poll(self) -> LiveView:
        """Drain the processor's records into :attr:`view`; pick a cue to speak."""
        self.view.to_speak = None
        while True:
            try:
                record = self.processor.ui_records.get_nowait()
            except queue.Empty:
                break
            if isinstance(record, StateRecord):
                self.view.state = record
            elif isinstance(record, FrameErrorRecord):
                self.view.frame_errors += 1
            elif isinstance(record, EventRecord):
                self._on_event(record)
        return self.view

    def _on_event(self, record: EventRecord) -> None:
        event = record.event
        if isinstance(event, RepCompleted):  # counted here: each side numbers its own reps
            reps = self.view.reps_by_set
            reps[record.set_ref] = reps.get(record.set_ref, 0) + 1
        elif isinstance(event, CueRaised):
            self.view.cues.append((event.timestamp_ms, event.text))
            spoken = self.announcer.offer(event.rule_id, event.text, self._clock_s())
            self.view.to_speak = spoken or self.view.to_speak
        elif isinstance(event, FallDetected):
            self.view.fall_detected = True

    def _prepare_camera_check(self) -> None:
        if not self.flow.finished:
            item = self.flow.item
            self.processor.expect_view(item.camera_view, item.required_keypoints)


def completed_sets(detail: SessionDetail, plan: Sequence[PlanItem]) -> dict[int, int]:
    """Sets already stored per plan index (a resumed session skips them)."""
    index = items_by_exercise(plan)
    done: dict[int, int] = {}
    for set_info in detail.sets:
        position = index.get(set_info.exercise_key)
        if position is not None:
            done[position] = done.get(position, 0) + 1
    return done


def resumable_sessions(
    service: ClinicService, patient_id: int, *, now: datetime | None = None
) -> list[SessionInfo]:
    """Sessions the patient can carry on: interrupted ones, and active ones left idle."""
    now = now or datetime.now(UTC)
    idle_cutoff = now - timedelta(seconds=ABANDONED_AFTER_S)
    sessions = list(service.recording.interrupted_sessions(patient_id))
    sessions += [
        info
        for info in service.history.sessions_for(patient_id, limit=20)
        if info.status is SessionStatus.ACTIVE and info.last_activity_at <= idle_cutoff
    ]
    return sorted(sessions, key=lambda info: info.started_at, reverse=True)


def plan_for_session(
    service: ClinicService, info: SessionInfo, library: ExerciseLibrary
) -> list[PlanItem]:
    """The plan a stored session was following, to resume it.

    A session on a prescription follows that routine; a practice session repeats the
    exercises it recorded, with their default targets.
    """
    from coach.live.plan import plan_for_routine_yaml, single_exercise_plan

    if info.prescription_id is not None:
        for prescription in service.plans.prescriptions_for(info.patient_id):
            if prescription.id == info.prescription_id:
                routine = prescription.routine
                return plan_for_routine_yaml(routine.yaml_text, routine.name, library)
    keys = dict.fromkeys(s.exercise_key for s in service.history.session_detail(info.id).sets)
    return [item for key in keys for item in single_exercise_plan(library.exercise(key))]
