"""Recording a session as it happens: each call is one committed transaction.

Sets keep ``achieved_reps`` / ``achieved_hold_s`` current with every event, and the session's
``last_activity_at`` moves with each event, so a session cut short by a crash shows exactly
what was done up to its last event.
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coach.analysis.events import RepCompleted
from coach.session.report_build import finite_or_none
from coach.store.dto import Actor, SessionInfo
from coach.store.enums import SessionStatus
from coach.store.errors import (
    DuplicateError,
    InvalidInputError,
    InvalidStateError,
    NotFoundError,
)
from coach.store.models import (
    BalanceResult,
    CueEvent,
    ExerciseSession,
    ExerciseSet,
    HoldResult,
    Prescription,
    RepEvent,
    utc_now,
)
from coach.store.service.access import check_patient, check_session, check_set, load_patient
from coach.store.service.audit import audit
from coach.store.service.history import interrupted_sessions, session_infos
from coach.store.service.recordable import check_recordable
from coach.store.service.rep_rows import rep_row
from coach.store.service.scope import ServiceScope

MAX_LABEL_LENGTH = 100
#: Sides a completed rep can have (``both``: both sides at once or a whole-body movement).
REP_SIDES = ("left", "right", "both")
CUE_SEVERITIES = ("info", "warning", "safety")


def _require_active(row: ExerciseSession) -> None:
    if row.status != SessionStatus.ACTIVE.value:
        raise InvalidStateError(
            f"session {row.id} is {row.status}; events can only be recorded into an active "
            "session (resume an interrupted one first)"
        )


def _check_number(value: float | None, field: str, *, minimum: float = 0.0) -> None:
    if value is None:
        return
    if not math.isfinite(value) or value < minimum:
        raise InvalidInputError(f"{field} must be a finite number >= {minimum}, got {value!r}")


def _check_label(value: str, field: str) -> str:
    text = value.strip()
    if not text or len(text) > MAX_LABEL_LENGTH:
        raise InvalidInputError(f"{field} must be 1..{MAX_LABEL_LENGTH} characters, got {value!r}")
    return text


def start_session(
    db_session: Session,
    actor: Actor,
    patient_id: int,
    backend: str,
    prescription_id: int | None,
    *,
    started_at: datetime | None = None,
    is_demo: bool = False,
    server_id: str | None = None,
    source_sha256: str | None = None,
) -> int:
    """Open an active session; ``started_at`` defaults to now (demo history passes its own).

    ``server_id`` is the ``coach app`` server recording it (its lease keeps the session alive).
    ``source_sha256`` keys a session made from an uploaded file: the same file cannot be
    stored twice for one patient (:class:`DuplicateError` says when it was).
    """
    patient = check_patient(db_session, actor, patient_id, "start a session for")
    backend_name = _check_label(backend, "backend")
    if source_sha256 is not None:
        earlier = uploaded_session(db_session, patient_id, source_sha256)
        if earlier is not None:
            raise DuplicateError(
                f"this video was already uploaded on {earlier.started_at:%a %d %b %Y, %H:%M} UTC "
                "and is not stored twice"
            )
    if prescription_id is not None:
        prescription = db_session.get(Prescription, prescription_id)
        if prescription is None or prescription.patient_id != patient_id:
            raise NotFoundError(
                f"no prescription with id {prescription_id} for patient {patient.username!r}"
            )
        if not prescription.active:
            raise InvalidStateError(
                f"prescription {prescription_id} of patient {patient.username!r} is no longer "
                "active; a session can only follow an active plan"
            )
    now = started_at or utc_now()
    row = ExerciseSession(
        patient_id=patient_id,
        prescription_id=prescription_id,
        backend=backend_name,
        status=SessionStatus.ACTIVE.value,
        started_at=now,
        last_activity_at=now,
        is_demo=is_demo,
        server_id=server_id,
        source_sha256=source_sha256,
    )
    db_session.add(row)
    db_session.flush()
    audit(db_session, actor, "session.start", f"session {row.id}", patient=patient.username)
    return row.id


def uploaded_session(
    db_session: Session, patient_id: int, source_sha256: str
) -> SessionInfo | None:
    """The patient's session stored from the file with this SHA-256, if any."""
    found = session_infos(
        db_session,
        (ExerciseSession.patient_id == patient_id)
        & (ExerciseSession.source_sha256 == source_sha256),
    )
    return found[0] if found else None


def start_set(
    db_session: Session,
    actor: Actor,
    session_id: int,
    exercise_key: str,
    targets: tuple[int, int | None, float | None, str | None],
    at: datetime | None = None,
) -> int:
    """Open a set; ``targets`` is ``(set_index, target_reps, target_hold_s, side)``.

    The exercise must be one the patient may record (:mod:`coach.store.service.recordable`):
    sets are where exercises enter the record, so reps, holds and balance trials, which go
    into a set, follow the same rule.
    """
    set_index, target_reps, target_hold_s, side = targets
    row = check_session(db_session, actor, session_id, "record into")
    _require_active(row)
    exercise = _check_label(exercise_key, "exercise_key")
    check_recordable(db_session, actor, load_patient(db_session, row.patient_id), exercise)
    _check_number(set_index, "set_index")
    _check_number(target_reps, "target_reps")
    _check_number(target_hold_s, "target_hold_s")
    now = at or utc_now()
    exercise_set = ExerciseSet(
        session_id=session_id,
        exercise_key=exercise,
        set_index=set_index,
        side=side,
        target_reps=target_reps,
        target_hold_s=target_hold_s,
        achieved_reps=0,
        started_at=now,
    )
    db_session.add(exercise_set)
    row.last_activity_at = now
    db_session.flush()
    return exercise_set.id


def _check_rep(rep: RepCompleted) -> None:
    if not (math.isfinite(rep.start_ms) and math.isfinite(rep.end_ms)) or not (
        0 <= rep.start_ms <= rep.end_ms
    ):
        raise InvalidInputError(
            f"rep times must satisfy 0 <= start_ms <= end_ms, got {rep.start_ms}..{rep.end_ms}"
        )
    if rep.index < 1:
        raise InvalidInputError(f"rep index counts from 1, got {rep.index}")
    if rep.side not in REP_SIDES:
        raise InvalidInputError(f"rep side must be one of {', '.join(REP_SIDES)}, got {rep.side!r}")
    for field in ("rom_min_deg", "rom_max_deg", "rom_left_deg", "rom_right_deg"):
        _check_number(finite_or_none(getattr(rep, field)), field, minimum=-360.0)
    for field in ("eccentric_s", "concentric_s"):
        _check_number(finite_or_none(getattr(rep, field)), field)


def add_rep(db_session: Session, actor: Actor, set_id: int, rep: RepCompleted) -> None:
    """Insert one repetition and bump the set's achieved count."""
    _, row = check_set(db_session, actor, set_id, "record into")
    _require_active(row)
    _check_rep(rep)
    duplicate = db_session.scalars(
        select(RepEvent.id).where(RepEvent.set_id == set_id, RepEvent.rep_index == rep.index - 1)
    ).first()
    if duplicate is not None:
        raise InvalidInputError(f"rep {rep.index} of set {set_id} is already recorded")
    rep_event = rep_row(rep)
    rep_event.set_id = set_id
    rep_event.recorded_at = utc_now()
    db_session.add(rep_event)
    db_session.execute(
        update(ExerciseSet)
        .where(ExerciseSet.id == set_id)
        .values(achieved_reps=ExerciseSet.achieved_reps + 1)
    )
    row.last_activity_at = rep_event.recorded_at


def add_hold(db_session: Session, actor: Actor, set_id: int, hold: HoldResult) -> None:
    """Insert one hold result; the set keeps its longest hold as achieved."""
    exercise_set, row = check_set(db_session, actor, set_id, "record into")
    _require_active(row)
    _check_number(hold.held_s, "held_s")
    _check_number(hold.target_s, "target_s")
    hold.set_id = set_id
    hold.recorded_at = utc_now()
    db_session.add(hold)
    exercise_set.achieved_hold_s = max(exercise_set.achieved_hold_s or 0.0, hold.held_s)
    row.last_activity_at = hold.recorded_at


def add_balance(db_session: Session, actor: Actor, set_id: int, balance: BalanceResult) -> None:
    """Insert one balance trial; the set's achieved hold is the longest trial."""
    exercise_set, row = check_set(db_session, actor, set_id, "record into")
    _require_active(row)
    for field in ("duration_s", "sway_rms_pct", "sway_max_pct", "loss_count"):
        _check_number(getattr(balance, field), field)
    balance.set_id = set_id
    balance.recorded_at = utc_now()
    db_session.add(balance)
    exercise_set.achieved_hold_s = max(exercise_set.achieved_hold_s or 0.0, balance.duration_s)
    row.last_activity_at = balance.recorded_at


def add_cue(db_session: Session, actor: Actor, session_id: int, cue: CueEvent) -> None:
    """Insert one coaching cue."""
    row = check_session(db_session, actor, session_id, "record into")
    _require_active(row)
    if cue.severity not in CUE_SEVERITIES:
        raise InvalidInputError(
            f"cue severity must be one of {', '.join(CUE_SEVERITIES)}, got {cue.severity!r}"
        )
    cue.code = _check_label(cue.code, "cue code")
    if cue.set_id is not None:
        cue_set = db_session.get(ExerciseSet, cue.set_id)
        if cue_set is None or cue_set.session_id != session_id:
            raise NotFoundError(f"no set with id {cue.set_id} in session {session_id}")
    cue.session_id = session_id
    cue.recorded_at = utc_now()
    db_session.add(cue)
    row.last_activity_at = cue.recorded_at


def finish_set(db_session: Session, actor: Actor, set_id: int) -> None:
    """Stamp the end of a set."""
    exercise_set, row = check_set(db_session, actor, set_id, "record into")
    _require_active(row)
    exercise_set.ended_at = utc_now()
    row.last_activity_at = exercise_set.ended_at


def finish_session(
    db_session: Session, actor: Actor, session_id: int, ended_at: datetime | None = None
) -> ExerciseSession:
    """Mark an active session completed."""
    row = check_session(db_session, actor, session_id, "finish")
    _require_active(row)
    row.status = SessionStatus.COMPLETED.value
    row.ended_at = ended_at or utc_now()
    row.last_activity_at = row.ended_at
    db_session.execute(
        update(ExerciseSet)
        .where(ExerciseSet.session_id == session_id, ExerciseSet.ended_at.is_(None))
        .values(ended_at=row.ended_at)
    )
    audit(db_session, actor, "session.finish", f"session {session_id}")
    return row


def resume_session(
    db_session: Session, actor: Actor, session_id: int, server_id: str | None = None
) -> ExerciseSession:
    """Reopen an interrupted, not yet closed session (now owned by ``server_id``)."""
    row = check_session(db_session, actor, session_id, "resume")
    if row.status != SessionStatus.INTERRUPTED.value or row.ended_at is not None:
        raise InvalidStateError(
            f"session {session_id} is {row.status}"
            f"{' and closed' if row.ended_at else ''}; only open interrupted sessions resume"
        )
    row.status = SessionStatus.ACTIVE.value
    row.last_activity_at = utc_now()
    row.server_id = server_id
    audit(db_session, actor, "session.resume", f"session {session_id}")
    return row


def close_session(db_session: Session, actor: Actor, session_id: int) -> ExerciseSession:
    """Close an interrupted session as it stands (end = its last event)."""
    row = check_session(db_session, actor, session_id, "close")
    if row.status != SessionStatus.INTERRUPTED.value or row.ended_at is not None:
        raise InvalidStateError(
            f"session {session_id} is {row.status}; only open interrupted sessions close"
        )
    row.ended_at = row.last_activity_at
    audit(db_session, actor, "session.close", f"session {session_id}")
    return row


class SessionRecording(ServiceScope):
    """Recording a training session as it happens; each call commits before returning."""

    def _session_info(self, session_id: int) -> SessionInfo:
        with self.db.reading() as s:
            return session_infos(s, ExerciseSession.id == session_id)[0]

    def start_session(
        self,
        patient_id: int,
        *,
        backend: str,
        prescription_id: int | None = None,
        source_sha256: str | None = None,
    ) -> int:
        """Open an ``active`` session for a patient and return its id.

        Args:
            patient_id: Whose session (the patient themselves, their therapist or an admin).
            backend: Pose backend name (``"movenet"``, ``"blazepose"``...).
            prescription_id: The prescription being followed, if any (must be the patient's).
            source_sha256: SHA-256 of the uploaded file the session is made from, if any.

        Raises:
            DuplicateError: The same file was already stored for this patient.
        """
        return self.db.write(
            lambda s: start_session(
                s,
                self.actor,
                patient_id,
                backend,
                prescription_id,
                server_id=self.db.server_id,
                source_sha256=source_sha256,
            )
        )

    def uploaded_session(self, patient_id: int, source_sha256: str) -> SessionInfo | None:
        """The patient's session made from the file with this SHA-256, if it was stored."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "see the sessions of")
            return uploaded_session(s, patient_id, source_sha256)

    def record_set_start(
        self,
        session_id: int,
        exercise_key: str,
        *,
        set_index: int,
        target_reps: int | None = None,
        target_hold_s: float | None = None,
        side: str | None = None,
    ) -> int:
        """Start a set of an exercise in an active session; returns the set id.

        Raises:
            PermissionDeniedError: the exercise is neither in the patient's active plans nor
                on their allowed list (whoever records; see
                :mod:`coach.store.service.recordable`).
        """
        targets = (set_index, target_reps, target_hold_s, side)
        return self.db.write(lambda s: start_set(s, self.actor, session_id, exercise_key, targets))

    def record_rep(self, set_id: int, rep: RepCompleted) -> None:
        """Record one completed repetition as the analyzer emitted it (``rep.index`` from 1 in
        the set; times on the session clock)."""
        self.db.write(lambda s: add_rep(s, self.actor, set_id, rep))

    def record_hold(
        self, set_id: int, *, held_s: float, completed: bool, target_s: float | None = None
    ) -> None:
        """Record one timed hold."""
        self.db.write(
            lambda s: add_hold(
                s,
                self.actor,
                set_id,
                HoldResult(target_s=target_s, held_s=held_s, completed=completed),
            )
        )

    def record_balance(
        self,
        set_id: int,
        *,
        duration_s: float,
        sway_rms_pct: float | None = None,
        sway_max_pct: float | None = None,
        loss_count: int = 0,
    ) -> None:
        """Record one balance trial (sway in percent of body height)."""
        self.db.write(
            lambda s: add_balance(
                s,
                self.actor,
                set_id,
                BalanceResult(
                    duration_s=duration_s,
                    sway_rms_pct=sway_rms_pct,
                    sway_max_pct=sway_max_pct,
                    loss_count=loss_count,
                ),
            )
        )

    def record_cue(
        self,
        session_id: int,
        *,
        at_ms: int,
        code: str,
        message: str,
        severity: str = "info",
        set_id: int | None = None,
    ) -> None:
        """Record a coaching cue shown to the patient."""
        self.db.write(
            lambda s: add_cue(
                s,
                self.actor,
                session_id,
                CueEvent(at_ms=at_ms, code=code, message=message, severity=severity, set_id=set_id),
            )
        )

    def finish_set(self, set_id: int) -> None:
        """Mark a set as ended (its achieved counts are kept up to date as events arrive)."""
        self.db.write(lambda s: finish_set(s, self.actor, set_id))

    def finish_session(self, session_id: int) -> SessionInfo:
        """Mark an active session ``completed`` and stamp its end time."""
        self.db.write(lambda s: finish_session(s, self.actor, session_id))
        return self._session_info(session_id)

    def interrupted_sessions(self, patient_id: int | None = None) -> list[SessionInfo]:
        """Interrupted sessions not yet closed (all visible ones when ``patient_id`` is None)."""
        with self.db.reading() as s:
            return interrupted_sessions(s, self.actor, patient_id)

    def resume_session(self, session_id: int) -> SessionInfo:
        """Make an interrupted session ``active`` again, to carry on recording into it."""
        self.db.write(lambda s: resume_session(s, self.actor, session_id, self.db.server_id))
        return self._session_info(session_id)

    def close_session(self, session_id: int) -> SessionInfo:
        """Keep an interrupted session as it is: status stays ``interrupted``, end = last event."""
        self.db.write(lambda s: close_session(s, self.actor, session_id))
        return self._session_info(session_id)
