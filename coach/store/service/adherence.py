"""Adherence: which sessions count, what was prescribed each week, and complete-week figures.

A session counts when it was completed with at least one rep, hold or balance trial in it.
Weeks are UTC, Monday to Sunday; a plan's weeks are prorated at its start and end dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from coach.store.dto import Actor, AdherenceSummary, WeeklyAdherence
from coach.store.enums import SessionStatus
from coach.store.models import (
    BalanceResult,
    ExerciseSession,
    ExerciseSet,
    HoldResult,
    Prescription,
    RepEvent,
)
from coach.store.service.access import check_patient

#: How far back :func:`adherence_summary` looks for complete weeks under a plan.
ADHERENCE_LOOKBACK_WEEKS = 53


def week_start(day: date) -> date:
    """Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def prescribed_in_week(prescriptions: Sequence[Prescription], monday: date) -> int:
    """Sessions prescribed in the week starting ``monday``, pro rata for partial weeks."""
    sunday = monday + timedelta(days=6)
    total = 0
    for rx in prescriptions:
        first = max(monday, rx.start_date)
        last = min(sunday, rx.end_date) if rx.end_date is not None else sunday
        if last < first:
            continue
        covered_days = (last - first).days + 1
        total += round(rx.days_per_week * covered_days / 7)
    return total


def adherence(
    db_session: Session, actor: Actor, patient_id: int, weeks: int, today: date | None
) -> list[WeeklyAdherence]:
    """Completed vs prescribed sessions per UTC week, oldest first, ending this week."""
    check_patient(db_session, actor, patient_id, "see the adherence of")
    return weekly(db_session, patient_id, weeks, today or datetime.now(UTC).date())


def exercise_recorded() -> ColumnElement[bool]:
    """SQL condition: the session holds at least one rep, hold or balance trial."""
    in_session = ExerciseSet.session_id == ExerciseSession.id
    return or_(
        *(
            select(event.id)
            .join(ExerciseSet, event.set_id == ExerciseSet.id)
            .where(in_session)
            .exists()
            for event in (RepEvent, HoldResult, BalanceResult)
        )
    )


def counted_sessions() -> ColumnElement[bool]:
    """SQL condition: the session counts toward adherence (see :attr:`SessionInfo.counts`)."""
    return (ExerciseSession.status == SessionStatus.COMPLETED.value) & exercise_recorded()


def plans_in_force(db_session: Session, patient_id: int) -> list[Prescription]:
    """Prescriptions whose weeks count: active ones, and ended ones up to their end date.

    A paused plan asks for nothing while it is paused.
    """
    return list(
        db_session.scalars(
            select(Prescription).where(
                Prescription.patient_id == patient_id,
                Prescription.active.is_(True) | Prescription.ended_at.is_not(None),
            )
        )
    )


def weekly(db_session: Session, patient_id: int, weeks: int, today: date) -> list[WeeklyAdherence]:
    """Counted vs prescribed sessions for the last ``weeks`` weeks, oldest first (no checks)."""
    mondays = [week_start(today) - timedelta(weeks=n) for n in range(max(weeks, 1) - 1, -1, -1)]
    since = datetime.combine(mondays[0], time.min, tzinfo=UTC)
    done: dict[date, int] = defaultdict(int)
    started = db_session.scalars(
        select(ExerciseSession.started_at).where(
            ExerciseSession.patient_id == patient_id,
            counted_sessions(),
            ExerciseSession.started_at >= since,
        )
    )
    for moment in started:
        done[week_start(moment.astimezone(UTC).date())] += 1
    prescriptions = plans_in_force(db_session, patient_id)
    return [
        WeeklyAdherence(
            week_start=monday,
            sessions_done=done[monday],
            sessions_prescribed=prescribed_in_week(prescriptions, monday),
        )
        for monday in mondays
    ]


def adherence_summary(
    db_session: Session, actor: Actor, patient_id: int, weeks: int, today: date | None
) -> AdherenceSummary:
    """The last ``weeks`` complete weeks with a plan in force (looking back up to a year)."""
    check_patient(db_session, actor, patient_id, "see the adherence of")
    day = today or datetime.now(UTC).date()
    history = weekly(db_session, patient_id, ADHERENCE_LOOKBACK_WEEKS, day)[:-1]  # complete only
    planned = [w for w in history if w.sessions_prescribed]
    return AdherenceSummary(weeks=tuple(planned[-weeks:]) if weeks > 0 else ())


def has_plan(db_session: Session, patient_id: int, day: date) -> bool:
    """Whether an active plan covers ``day`` or a later day."""
    found = db_session.scalars(
        select(Prescription.id).where(
            Prescription.patient_id == patient_id,
            Prescription.active.is_(True),
            Prescription.end_date.is_(None) | (Prescription.end_date >= day),
        )
    ).first()
    return found is not None
