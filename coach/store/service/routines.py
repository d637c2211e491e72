"""Routines (versioned) and prescriptions (a routine version on a weekly schedule)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coach.exercises.library import ExerciseLibrary
from coach.exercises.schema import RoutineDefinition
from coach.store.dto import Actor, PrescriptionInfo, RoutineInfo
from coach.store.enums import Role
from coach.store.errors import InvalidStateError, NotFoundError
from coach.store.library import parse_routine
from coach.store.models import Prescription, Routine, utc_now
from coach.store.service.access import check_patient, deny, require_role
from coach.store.service.audit import audit
from coach.store.service.convert import prescription_info, routine_info
from coach.store.service.plan_versions import (
    active_plan_of_routine,
    check_schedule,
    end_prescription,
    end_row,
    refuse_duplicate,
    update_prescription,
)
from coach.store.service.scope import ServiceScope


def save_routine(
    db_session: Session,
    actor: Actor,
    routine: str | RoutineDefinition,
    source: str,
    library: ExerciseLibrary,
) -> RoutineInfo:
    """Store the routine as its next version (unchanged text returns the latest version)."""
    require_role(actor, "save routines", Role.THERAPIST, Role.ADMIN)
    parsed = parse_routine(routine, source, library)
    latest = db_session.scalars(
        select(Routine)
        .where(Routine.routine_key == parsed.routine_key)
        .order_by(Routine.version.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.content_sha256 == parsed.content_sha256:
        return routine_info(latest)
    row = Routine(
        routine_key=parsed.routine_key,
        version=(latest.version + 1) if latest is not None else 1,
        name=parsed.name,
        yaml_text=parsed.yaml_text,
        content_sha256=parsed.content_sha256,
        exercise_keys=",".join(parsed.exercise_keys),
        created_by=actor.username,
    )
    db_session.add(row)
    db_session.flush()
    audit(db_session, actor, "routine.save", f"routine {row.routine_key!r} v{row.version}")
    return routine_info(row)


def list_routines(db_session: Session, actor: Actor, latest_only: bool) -> list[RoutineInfo]:
    """All routines, or only the newest version of each."""
    require_role(actor, "list routines", Role.THERAPIST, Role.ADMIN)
    query = select(Routine).order_by(Routine.routine_key, Routine.version)
    if latest_only:
        newest = (
            select(Routine.routine_key, func.max(Routine.version).label("version"))
            .group_by(Routine.routine_key)
            .subquery()
        )
        query = query.join(
            newest,
            (Routine.routine_key == newest.c.routine_key) & (Routine.version == newest.c.version),
        )
    return [routine_info(row) for row in db_session.scalars(query)]


def get_routine(db_session: Session, actor: Actor, routine_id: int) -> RoutineInfo:
    """One routine version; patients only see routines prescribed to them."""
    row = db_session.get(Routine, routine_id)
    if row is None:
        raise NotFoundError(f"no routine with id {routine_id}")
    if actor.role is Role.PATIENT:
        prescribed = db_session.scalars(
            select(Prescription.id).where(
                Prescription.patient_id == actor.user_id, Prescription.routine_id == routine_id
            )
        ).first()
        if prescribed is None:
            raise deny(actor, "see", f"routine {row.name!r}", "it is not prescribed to you")
    return routine_info(row)


def assign_routine(
    db_session: Session,
    actor: Actor,
    patient_id: int,
    routine_id: int,
    schedule: tuple[int, date, date | None],
    replace: bool = False,
) -> PrescriptionInfo:
    """Prescribe a routine version to a patient on ``(days_per_week, start, end)``.

    A patient has at most one active plan per routine: when one exists,
    :class:`PlanExistsError` is raised unless ``replace``, which ends it the day before the
    new one starts (it stays in the history).
    """
    days_per_week, start_date, end_date = schedule
    require_role(actor, "prescribe routines", Role.THERAPIST, Role.ADMIN)
    patient = check_patient(db_session, actor, patient_id, "prescribe a routine to")
    check_schedule(days_per_week, start_date, end_date)
    routine = db_session.get(Routine, routine_id)
    if routine is None:
        raise NotFoundError(f"no routine with id {routine_id}")
    existing = active_plan_of_routine(db_session, patient_id, routine.routine_key)
    if existing is not None and not replace:
        refuse_duplicate(db_session, patient, routine, excluding=None)
    row = Prescription(
        patient_id=patient_id,
        routine_id=routine_id,
        prescribed_by=actor.username,
        days_per_week=days_per_week,
        start_date=start_date,
        end_date=end_date,
        active=True,
        replaces_id=existing.id if existing is not None else None,
    )
    if existing is not None:
        end_row(existing, start_date - timedelta(days=1), utc_now())
    db_session.add(row)
    db_session.flush()
    audit(
        db_session,
        actor,
        "prescription.create",
        f"patient {patient.username!r}",
        routine=f"{routine.routine_key} v{routine.version}",
        days_per_week=days_per_week,
        replaces=existing.id if existing is not None else "",
    )
    return prescription_info(row)


def set_prescription_active(
    db_session: Session, actor: Actor, prescription_id: int, active: bool
) -> PrescriptionInfo:
    """Pause or resume a prescription."""
    require_role(actor, "change prescriptions", Role.THERAPIST, Role.ADMIN)
    row = db_session.get(Prescription, prescription_id)
    if row is None:
        raise NotFoundError(f"no prescription with id {prescription_id}")
    patient = check_patient(db_session, actor, row.patient_id, "change the prescription of")
    if row.ended_at is not None:
        raise InvalidStateError("this plan has ended; prescribe the routine again instead")
    if active and not row.active:
        refuse_duplicate(db_session, patient, row.routine, excluding=row.id)
    row.active = active
    audit(
        db_session,
        actor,
        "prescription.active",
        f"patient {patient.username!r}",
        prescription_id=prescription_id,
        active=active,
    )
    return prescription_info(row)


def prescriptions_for(
    db_session: Session, actor: Actor, patient_id: int, active_only: bool
) -> list[PrescriptionInfo]:
    """A patient's prescriptions, newest first."""
    check_patient(db_session, actor, patient_id, "see the prescriptions of")
    query = select(Prescription).where(Prescription.patient_id == patient_id)
    if active_only:
        query = query.where(Prescription.active.is_(True))
    rows = db_session.scalars(
        query.order_by(Prescription.created_at.desc(), Prescription.id.desc())
    )
    return [prescription_info(row) for row in rows]


class RoutinePlans(ServiceScope):
    """Routines (versioned YAML) and the prescriptions that assign them to patients."""

    def save_routine(self, yaml_text: str | RoutineDefinition, *, source: str = "") -> RoutineInfo:
        """Store a routine YAML as the next version of its routine (therapists and admins).

        Saving text identical to the latest version returns that version unchanged.

        Raises:
            InvalidInputError: The YAML does not parse or does not validate (message names the
                source, line and field).
        """
        library = self.library
        return self.db.write(lambda s: save_routine(s, self.actor, yaml_text, source, library))

    def list_routines(self, *, latest_only: bool = True) -> list[RoutineInfo]:
        """Routines (latest version of each by default), for therapists and admins."""
        with self.db.reading() as s:
            return list_routines(s, self.actor, latest_only)

    def get_routine(self, routine_id: int) -> RoutineInfo:
        """One routine version (a patient only sees routines prescribed to them)."""
        with self.db.reading() as s:
            return get_routine(s, self.actor, routine_id)

    def assign_routine(
        self,
        patient_id: int,
        routine_id: int,
        *,
        days_per_week: int,
        start_date: date,
        end_date: date | None = None,
        replace: bool = False,
    ) -> PrescriptionInfo:
        """Prescribe a routine version to a patient (their therapist or an admin).

        Args:
            replace: End the patient's active plan of the same routine (any version) the day
                before this one starts, instead of refusing.

        Raises:
            InvalidInputError: ``days_per_week`` outside 1..7 or ``end_date < start_date``.
            PlanExistsError: The routine is already an active plan and ``replace`` is False.
        """
        schedule = (days_per_week, start_date, end_date)
        return self.db.write(
            lambda s: assign_routine(s, self.actor, patient_id, routine_id, schedule, replace)
        )

    def update_prescription(
        self,
        prescription_id: int,
        *,
        days_per_week: int,
        start_date: date,
        end_date: date | None = None,
        today: date | None = None,
    ) -> PrescriptionInfo:
        """Change a plan's schedule; returns the new version (the old one is kept, ended).

        Keeping the start date of a plan that already began applies the change from today.
        """
        schedule = (days_per_week, start_date, end_date)
        return self.db.write(
            lambda s: prescription_info(
                update_prescription(s, self.actor, prescription_id, schedule, today)
            )
        )

    def end_prescription(
        self, prescription_id: int, *, last_day: date | None = None
    ) -> PrescriptionInfo:
        """End a plan after ``last_day`` (default today); its weeks stay in adherence."""
        return self.db.write(
            lambda s: prescription_info(end_prescription(s, self.actor, prescription_id, last_day))
        )

    def set_prescription_active(self, prescription_id: int, active: bool) -> PrescriptionInfo:
        """Pause or resume a prescription (the patient's therapist or an admin)."""
        return self.db.write(
            lambda s: set_prescription_active(s, self.actor, prescription_id, active)
        )

    def prescriptions_for(
        self, patient_id: int, *, active_only: bool = False
    ) -> list[PrescriptionInfo]:
        """A patient's prescriptions, newest first."""
        with self.db.reading() as s:
            return prescriptions_for(s, self.actor, patient_id, active_only)
