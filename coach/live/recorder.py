"""Stores every exercise event through the service layer as it happens, on its own thread.

The frame worker must never wait for the database, and the database must see each rep the
moment it is done (so a closed tab or a crash loses nothing): the processor puts
:class:`~coach.live.records.EventRecord` objects on a queue and this recorder drains it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import replace

from coach.analysis.events import (
    BalanceResult,
    CueRaised,
    FallDetected,
    HoldBroken,
    HoldCompleted,
    RepCompleted,
)
from coach.live.records import EventRecord, SetRef
from coach.session.report_build import finite_or_none
from coach.store import ClinicService

logger = logging.getLogger(__name__)

#: Attempts per write before the recorder gives up on one event (the database was busy).
WRITE_ATTEMPTS = 3
FALL_MESSAGE = "It looks like you may have fallen. If you are hurt, call for help."


class SessionRecorder:
    """Writes the events of one session to the store.

    Args:
        service: The service bound to the signed-in actor.
        session_id: The active session (from ``start_session`` or ``resume_session``).
        events: The processor's ``event_records`` queue.
        idle_timeout_s: Seconds without events after which the writer thread stops.
    """

    def __init__(
        self,
        *,
        service: ClinicService,
        session_id: int,
        events: queue.Queue[EventRecord],
        idle_timeout_s: float = 300.0,
    ) -> None:
        self.service = service
        self.session_id = session_id
        self._events = events
        self._set_ids: dict[SetRef, int] = {}
        self._hold_targets: dict[SetRef, float | None] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.idle_timeout_s = idle_timeout_s
        self.reps_stored: dict[SetRef, int] = {}
        self.failed_writes = 0

    def start(self) -> None:
        """Start the writer thread if it is not running (it stops itself when idle)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="coach-recorder", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Write what is queued, then stop the thread."""
        self.flush(timeout_s)
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def open_set(
        self, set_ref: SetRef, *, target_reps: int | None, target_hold_s: float | None
    ) -> int:
        """Record the start of a set (before its frames are tracked); returns the set id."""
        set_id = self.service.recording.record_set_start(
            self.session_id,
            set_ref.exercise_key,
            set_index=set_ref.set_index - 1,  # the store counts sets from 0
            target_reps=target_reps,
            target_hold_s=target_hold_s,
            side=set_ref.side,
        )
        with self._lock:
            self._set_ids[set_ref] = set_id
            self._hold_targets[set_ref] = target_hold_s
            self.reps_stored.setdefault(set_ref, 0)
        return set_id

    def close_set(self, set_ref: SetRef, timeout_s: float = 10.0) -> None:
        """Write the set's remaining events, then mark it ended."""
        self.flush(timeout_s)
        with self._lock:
            set_id = self._set_ids.get(set_ref)
        if set_id is not None:
            self.service.recording.finish_set(set_id)

    def flush(self, timeout_s: float) -> bool:
        """Wait until every queued event is written; False if ``timeout_s`` passed first."""
        deadline = time.monotonic() + timeout_s
        if self._events.unfinished_tasks:
            self.start()  # the writer may have stopped while the camera was away
        while self._events.unfinished_tasks:
            if time.monotonic() > deadline or self._thread is None or not self._thread.is_alive():
                return False
            time.sleep(0.02)
        return True

    def _run(self) -> None:
        idle_since_s = time.monotonic()
        while not self._stop.is_set():
            try:
                record = self._events.get(timeout=0.2)
            except queue.Empty:
                if time.monotonic() - idle_since_s > self.idle_timeout_s:
                    return  # a closed tab: :meth:`start` brings the thread back if needed
                continue
            idle_since_s = time.monotonic()
            try:
                self._write_with_retries(record)
            finally:
                self._events.task_done()

    def _write_with_retries(self, record: EventRecord) -> None:
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                self.write(record)
                return
            except Exception:  # keep the session going; the event is logged as lost
                if attempt == WRITE_ATTEMPTS:
                    self.failed_writes += 1
                    logger.exception("could not store %r after %d attempts", record, attempt)
                else:
                    time.sleep(0.2 * attempt)

    def write(self, record: EventRecord) -> None:
        """Store one event now (on the caller's thread); events the store has no place for
        (progress ticks, partial reps, new bests) are skipped."""
        with self._lock:
            set_id = self._set_ids.get(record.set_ref)
            target_hold_s = self._hold_targets.get(record.set_ref)
        if set_id is None:
            raise ValueError(f"event for a set that was never opened: {record.set_ref}")
        event = record.event
        if isinstance(event, RepCompleted):
            self._write_rep(set_id, record.set_ref, event)
        elif isinstance(event, HoldCompleted | HoldBroken):
            self.service.recording.record_hold(
                set_id,
                held_s=event.held_s,
                completed=isinstance(event, HoldCompleted),
                target_s=target_hold_s,
            )
        elif isinstance(event, BalanceResult):
            self.service.recording.record_balance(
                set_id, duration_s=event.time_in_stance_s, loss_count=int(event.lost),
                sway_rms_pct=finite_or_none(event.sway_rms_pct),
                sway_max_pct=finite_or_none(event.sway_max_pct),
            )  # fmt: skip
        elif isinstance(event, CueRaised):
            self.service.recording.record_cue(
                self.session_id, at_ms=int(event.timestamp_ms), code=event.rule_id,
                message=event.text, severity=event.severity, set_id=set_id,
            )  # fmt: skip
        elif isinstance(event, FallDetected):
            self.service.recording.record_cue(
                self.session_id, at_ms=int(event.timestamp_ms), code="fall_detected",
                message=FALL_MESSAGE, severity="safety", set_id=set_id,
            )  # fmt: skip

    def _write_rep(self, set_id: int, set_ref: SetRef, event: RepCompleted) -> None:
        # Numbered here, in the order the reps finished: a two-sided or alternating exercise
        # counts each side on its own, so ``event.index`` repeats across sides.
        with self._lock:
            rep_index = self.reps_stored.get(set_ref, 0)
        self.service.recording.record_rep(set_id, replace(event, index=rep_index + 1))
        with self._lock:
            self.reps_stored[set_ref] = rep_index + 1
