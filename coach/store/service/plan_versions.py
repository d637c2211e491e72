"""One active plan per routine and patient: replacing, editing and ending prescriptions.

A prescription row is never rewritten in a way that loses what it said: an edit or a
replacement ends the old row (``ended_at``, ``end_date``) and adds a new row that points back
to it (``replaces_id``), so the history of a patient's plan keeps every version, and past weeks
keep being measured against the schedule that was in force then.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.store.dto import Actor
from coach.store.enums import Role
from coach.store.errors import InvalidInputError, InvalidStateError, NotFoundError, PlanExistsError
from coach.store.models import Prescription, Routine, User, utc_now
from coach.store.service.access import check_patient, require_role
from coach.store.service.audit import audit


def check_schedule(days_per_week: int, start_date: date, end_date: date | None) -> None:
    """Refuse a schedule a clinic could not follow."""
    if not 1 <= days_per_week <= 7:
        raise InvalidInputError(f"sessions per week must be between 1 and 7, got {days_per_week}")
    if end_date is not None and end_date < start_date:
        raise InvalidInputError(
            f"the end date {end_date:%d %b %Y} is before the start date {start_date:%d %b %Y}"
        )


def active_plan_of_routine(
    db_session: Session, patient_id: int, routine_key: str, *, excluding: int | None = None
) -> Prescription | None:
    """The patient's active prescription of any version of ``routine_key``, if any."""
    query = (
        select(Prescription)
        .join(Routine, Prescription.routine_id == Routine.id)
        .where(
            Prescription.patient_id == patient_id,
            Prescription.active.is_(True),
            Routine.routine_key == routine_key,
        )
    )
    if excluding is not None:
        query = query.where(Prescription.id != excluding)
    return db_session.scalars(query).first()


def refuse_duplicate(
    db_session: Session, patient: User, routine: Routine, excluding: int | None
) -> None:
    """Raise :class:`PlanExistsError` when the routine is already active for the patient."""
    existing = active_plan_of_routine(
        db_session, patient.id, routine.routine_key, excluding=excluding
    )
    if existing is None:
        return
    until = f" until {existing.end_date:%d %b %Y}" if existing.end_date else ""
    raise PlanExistsError(
        f"{patient.display_name} already has {routine.name!r} as an active plan "
        f"({existing.days_per_week}× a week from {existing.start_date:%d %b %Y}{until}); "
        "replace it or edit it instead",
        existing.id,
    )


def end_row(row: Prescription, last_day: date, now: datetime) -> None:
    """End a plan after ``last_day`` (before its start: it then covers no day at all)."""
    if row.end_date is None or row.end_date > last_day:
        row.end_date = last_day
    row.active = False
    row.ended_at = now


def replacement_start(old: Prescription, start_date: date, today: date) -> date:
    """When an edited schedule takes effect.

    Keeping the start date of a plan that already began means "from today on": the weeks
    already lived stay measured against the old schedule.
    """
    if start_date == old.start_date and old.start_date < today:
        return today
    return start_date


def load_prescription(
    db_session: Session, actor: Actor, prescription_id: int, what: str
) -> Prescription:
    """A prescription the actor may change (its patient's therapist or an admin)."""
    require_role(actor, "change prescriptions", Role.THERAPIST, Role.ADMIN)
    row = db_session.get(Prescription, prescription_id)
    if row is None:
        raise NotFoundError(f"no prescription with id {prescription_id}")
    check_patient(db_session, actor, row.patient_id, what)
    return row


def update_prescription(
    db_session: Session,
    actor: Actor,
    prescription_id: int,
    schedule: tuple[int, date, date | None],
    today: date | None = None,
) -> Prescription:
    """Replace a plan's schedule by a new version; the old one ends the day before."""
    days_per_week, start_date, end_date = schedule
    old = load_prescription(db_session, actor, prescription_id, "change the prescription of")
    if old.ended_at is not None:
        raise InvalidStateError("this plan has ended; prescribe the routine again instead")
    check_schedule(days_per_week, start_date, end_date)
    day = today or datetime.now(UTC).date()
    start = replacement_start(old, start_date, day)
    if end_date is not None and end_date < start:
        raise InvalidInputError(f"the end date {end_date:%d %b %Y} is already past")
    now = utc_now()
    end_row(old, start - timedelta(days=1), now)
    new = Prescription(
        patient_id=old.patient_id, routine_id=old.routine_id, prescribed_by=actor.username,
        days_per_week=days_per_week, start_date=start, end_date=end_date, active=True,
        replaces_id=old.id,
    )  # fmt: skip
    db_session.add(new)
    db_session.flush()
    audit(
        db_session, actor, "prescription.edit", f"prescription {old.id}",
        new_prescription=new.id, days_per_week=days_per_week, start=start, end=end_date,
    )  # fmt: skip
    return new


def end_prescription(
    db_session: Session, actor: Actor, prescription_id: int, last_day: date | None
) -> Prescription:
    """End a plan after ``last_day`` (default today); it stays in the patient's history."""
    row = load_prescription(db_session, actor, prescription_id, "end the prescription of")
    if row.ended_at is not None:
        raise InvalidStateError("this plan has already ended")
    day = last_day or datetime.now(UTC).date()
    end_row(row, day, utc_now())
    audit(db_session, actor, "prescription.end", f"prescription {row.id}", last_day=day)
    return row
