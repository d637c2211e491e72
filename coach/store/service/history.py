"""History queries: sessions, session detail, per-exercise trends, adherence, dashboard rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from coach.store.dto import (
    Actor,
    AdherenceSummary,
    PatientSummary,
    SessionDetail,
    SessionInfo,
    SetInfo,
    TrendPoint,
    WeeklyAdherence,
)
from coach.store.enums import Role, SessionStatus
from coach.store.models import (
    BalanceResult,
    CueEvent,
    ExerciseSession,
    ExerciseSet,
    HoldResult,
    Prescription,
    RepEvent,
    Routine,
    User,
)
from coach.store.service.access import (
    check_patient,
    check_session,
    deny,
    visible_patient_ids,
)
from coach.store.service.adherence import (
    adherence,
    adherence_summary,
    has_plan,
    weekly,
)
from coach.store.service.convert import balance_info, cue_info, hold_info, user_info
from coach.store.service.rep_rows import stored_rep
from coach.store.service.scope import ServiceScope


def session_infos(
    db_session: Session, where: ColumnElement[bool], limit: int | None = None
) -> list[SessionInfo]:
    """Sessions matching ``where``, newest first, with set and rep counts and routine name."""
    set_count = (
        select(func.count(ExerciseSet.id))
        .where(ExerciseSet.session_id == ExerciseSession.id)
        .scalar_subquery()
    )
    rep_count = (
        select(func.count(RepEvent.id))
        .join(ExerciseSet, RepEvent.set_id == ExerciseSet.id)
        .where(ExerciseSet.session_id == ExerciseSession.id)
        .scalar_subquery()
    )
    hold_count = (
        select(func.count(HoldResult.id))
        .join(ExerciseSet, HoldResult.set_id == ExerciseSet.id)
        .where(ExerciseSet.session_id == ExerciseSession.id)
        .scalar_subquery()
    )
    balance_count = (
        select(func.count(BalanceResult.id))
        .join(ExerciseSet, BalanceResult.set_id == ExerciseSet.id)
        .where(ExerciseSet.session_id == ExerciseSession.id)
        .scalar_subquery()
    )
    query = (
        select(ExerciseSession, set_count, rep_count, hold_count, balance_count, Routine.name)
        .outerjoin(Prescription, ExerciseSession.prescription_id == Prescription.id)
        .outerjoin(Routine, Prescription.routine_id == Routine.id)
        .where(where)
        .order_by(ExerciseSession.started_at.desc(), ExerciseSession.id.desc())
        .limit(limit)
    )
    return [
        SessionInfo(
            id=row.id,
            patient_id=row.patient_id,
            prescription_id=row.prescription_id,
            routine_name=routine_name,
            backend=row.backend,
            status=SessionStatus(row.status),
            started_at=row.started_at,
            ended_at=row.ended_at,
            last_activity_at=row.last_activity_at,
            set_count=int(sets or 0),
            rep_count=int(reps or 0),
            is_demo=row.is_demo,
            hold_count=int(holds or 0),
            balance_count=int(balances or 0),
            source_sha256=row.source_sha256,
        )
        for row, sets, reps, holds, balances, routine_name in db_session.execute(query)
    ]


def sessions_for(
    db_session: Session, actor: Actor, patient_id: int, limit: int | None
) -> list[SessionInfo]:
    """A patient's sessions, newest first."""
    check_patient(db_session, actor, patient_id, "see the sessions of")
    return session_infos(db_session, ExerciseSession.patient_id == patient_id, limit)


def interrupted_sessions(
    db_session: Session, actor: Actor, patient_id: int | None
) -> list[SessionInfo]:
    """Interrupted, not yet closed sessions the actor may see."""
    where = (ExerciseSession.status == SessionStatus.INTERRUPTED.value) & (
        ExerciseSession.ended_at.is_(None)
    )
    if patient_id is not None:
        check_patient(db_session, actor, patient_id, "see the sessions of")
        return session_infos(db_session, where & (ExerciseSession.patient_id == patient_id))
    visible = visible_patient_ids(db_session, actor)
    if visible is not None:
        where = where & ExerciseSession.patient_id.in_(visible)
    return session_infos(db_session, where)


def session_detail(db_session: Session, actor: Actor, session_id: int) -> SessionDetail:
    """Everything recorded in one session."""
    check_session(db_session, actor, session_id, "see")
    return _details(db_session, [session_id])[0]


def patient_session_details(
    db_session: Session, actor: Actor, patient_id: int, limit: int | None
) -> list[SessionDetail]:
    """Every recorded detail of a patient's sessions, newest first, in a fixed number of queries
    (not one round of queries per session)."""
    infos = sessions_for(db_session, actor, patient_id, limit)
    return _details(db_session, [info.id for info in infos], infos)


def _details(
    db_session: Session, session_ids: Sequence[int], infos: Sequence[SessionInfo] | None = None
) -> list[SessionDetail]:
    """Details of ``session_ids`` (already authorised), in that order."""
    if infos is None:
        infos = session_infos(db_session, ExerciseSession.id.in_(session_ids))
    by_id = {info.id: info for info in infos}
    sets = list(
        db_session.scalars(
            select(ExerciseSet)
            .where(ExerciseSet.session_id.in_(session_ids))
            .order_by(ExerciseSet.started_at, ExerciseSet.id)
        )
    )
    set_ids = [row.id for row in sets]
    reps = _by_set(db_session, RepEvent, set_ids, RepEvent.rep_index)
    holds = _by_set(db_session, HoldResult, set_ids, HoldResult.id)
    balances = _by_set(db_session, BalanceResult, set_ids, BalanceResult.id)
    sets_of: dict[int, list[SetInfo]] = defaultdict(list)
    for row in sets:
        sets_of[row.session_id].append(
            SetInfo(
                id=row.id,
                exercise_key=row.exercise_key,
                set_index=row.set_index,
                side=row.side,
                target_reps=row.target_reps,
                target_hold_s=row.target_hold_s,
                achieved_reps=row.achieved_reps,
                achieved_hold_s=row.achieved_hold_s,
                started_at=row.started_at,
                ended_at=row.ended_at,
                reps=tuple(stored_rep(r, row.side) for r in reps[row.id]),
                holds=tuple(hold_info(h) for h in holds[row.id]),
                balances=tuple(balance_info(b) for b in balances[row.id]),
            )
        )
    cues_of: dict[int, list[CueEvent]] = defaultdict(list)
    for cue in db_session.scalars(
        select(CueEvent)
        .where(CueEvent.session_id.in_(session_ids))
        .order_by(CueEvent.at_ms, CueEvent.id)
    ):
        cues_of[cue.session_id].append(cue)
    return [
        SessionDetail(
            session=by_id[sid],
            sets=tuple(sets_of[sid]),
            cues=tuple(cue_info(c) for c in cues_of[sid]),
        )
        for sid in session_ids
    ]


def _by_set(
    db_session: Session, model: Any, set_ids: Sequence[int], order: Any
) -> dict[int, list[Any]]:
    """Rows of an event table grouped by set id (one query for all sets)."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    if set_ids:
        query = select(model).where(model.set_id.in_(set_ids)).order_by(model.set_id, order)
        for row in db_session.scalars(query):
            grouped[row.set_id].append(row)
    return grouped


def exercise_trends(
    db_session: Session, actor: Actor, patient_id: int, exercise_key: str | None
) -> list[TrendPoint]:
    """Per session and exercise: reps, ROM statistics and total hold time, oldest first."""
    check_patient(db_session, actor, patient_id, "see the history of")
    keys = (ExerciseSession.id, ExerciseSession.started_at, ExerciseSet.exercise_key)
    where = ExerciseSession.patient_id == patient_id
    if exercise_key is not None:
        where = where & (ExerciseSet.exercise_key == exercise_key)
    rep_rows = db_session.execute(
        select(
            *keys,
            func.count(RepEvent.id),
            func.avg(RepEvent.rom_max_deg),
            func.max(RepEvent.rom_max_deg),
            func.avg(RepEvent.rom_max_deg - RepEvent.rom_min_deg),
        )
        .join(ExerciseSet, ExerciseSet.session_id == ExerciseSession.id)
        .outerjoin(RepEvent, RepEvent.set_id == ExerciseSet.id)
        .where(where)
        .group_by(*keys)
    )
    hold_rows = db_session.execute(
        select(*keys, func.sum(HoldResult.held_s))
        .join(ExerciseSet, ExerciseSet.session_id == ExerciseSession.id)
        .join(HoldResult, HoldResult.set_id == ExerciseSet.id)
        .where(where)
        .group_by(*keys)
    )
    holds = {(sid, key): float(total or 0.0) for sid, _, key, total in hold_rows}
    points = [
        TrendPoint(
            session_id=sid,
            started_at=started,
            exercise_key=key,
            reps=int(count),
            rom_max_deg_mean=_float(mean_max),
            rom_max_deg_best=_float(best_max),
            rom_range_deg_mean=_float(mean_range),
            hold_s_total=holds.get((sid, key), 0.0),
        )
        for sid, started, key, count, mean_max, best_max, mean_range in rep_rows
    ]
    return sorted(points, key=lambda p: (p.started_at, p.session_id, p.exercise_key))


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def list_patients(db_session: Session, actor: Actor, today: date | None) -> list[PatientSummary]:
    """Dashboard rows for the patients the actor looks after."""
    if actor.role is Role.PATIENT:
        raise deny(actor, "list", "patients", "patients can only see their own data")
    query = select(User).where(User.role == Role.PATIENT.value).order_by(User.username)
    visible = visible_patient_ids(db_session, actor)
    if visible is not None:
        query = query.where(User.id.in_(visible))
    day = today or datetime.now(UTC).date()
    rows = []
    for patient in db_session.scalars(query).all():
        last_week, this_week = weekly(db_session, patient.id, 2, day)
        last_session = db_session.scalar(
            select(func.max(ExerciseSession.started_at)).where(
                ExerciseSession.patient_id == patient.id
            )
        )
        rows.append(
            PatientSummary(
                user=user_info(db_session, patient),
                last_session_at=last_session.replace(tzinfo=UTC) if last_session else None,
                sessions_this_week=this_week.sessions_done,
                prescribed_this_week=this_week.sessions_prescribed,
                adherence_this_week=this_week.ratio,
                missed_plan=last_week.sessions_done < last_week.sessions_prescribed,
                last_week=last_week,
                has_plan=has_plan(db_session, patient.id, day),
            )
        )
    return rows


class TrainingHistory(ServiceScope):
    """What was done: sessions, their detail, trends, adherence, and the audit log."""

    def list_patients(self, *, today: date | None = None) -> list[PatientSummary]:
        """Dashboard rows: a therapist's linked patients, or every patient for an admin.

        Args:
            today: UTC date that defines "this week" (default: today); for tests.
        """
        with self.db.reading() as s:
            return list_patients(s, self.actor, today)

    def sessions_for(self, patient_id: int, *, limit: int | None = None) -> list[SessionInfo]:
        """A patient's sessions, newest first."""
        with self.db.reading() as s:
            return sessions_for(s, self.actor, patient_id, limit)

    def session_detail(self, session_id: int) -> SessionDetail:
        """Sets (targets vs achieved), per-rep table, holds, balance results and cues."""
        with self.db.reading() as s:
            return session_detail(s, self.actor, session_id)

    def patient_session_details(
        self, patient_id: int, *, limit: int | None = None
    ) -> list[SessionDetail]:
        """:meth:`session_detail` of each of a patient's sessions, newest first, in one read."""
        with self.db.reading() as s:
            return patient_session_details(s, self.actor, patient_id, limit)

    def exercise_trends(self, patient_id: int, exercise_key: str | None = None) -> list[TrendPoint]:
        """Reps and range of motion per session and exercise, oldest first."""
        with self.db.reading() as s:
            return exercise_trends(s, self.actor, patient_id, exercise_key)

    def adherence(
        self, patient_id: int, *, weeks: int = 8, today: date | None = None
    ) -> list[WeeklyAdherence]:
        """Completed vs prescribed sessions for the last ``weeks`` UTC weeks, oldest first."""
        with self.db.reading() as s:
            return adherence(s, self.actor, patient_id, weeks, today)

    def adherence_summary(
        self, patient_id: int, *, weeks: int = 4, today: date | None = None
    ) -> AdherenceSummary:
        """Adherence over the last ``weeks`` complete weeks in which a plan was in force.

        The week in progress never counts (a patient on day 1 has no adherence yet, rather
        than 0 %), and weeks without a prescription are skipped.
        """
        with self.db.reading() as s:
            return adherence_summary(s, self.actor, patient_id, weeks, today)
