"""ORM rows → frozen records. Nothing returned by the service keeps a database session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.store.dto import (
    BalanceInfo,
    CueInfo,
    HoldInfo,
    PrescriptionInfo,
    RoutineInfo,
    UserInfo,
)
from coach.store.enums import Role
from coach.store.models import (
    BalanceResult,
    CueEvent,
    HoldResult,
    Prescription,
    Routine,
    TherapistPatient,
    User,
)


def user_info(db_session: Session, user: User) -> UserInfo:
    """An account record, with the therapists linked to it (patients only)."""
    therapist_ids: tuple[int, ...] = ()
    if user.role == Role.PATIENT.value:
        therapist_ids = tuple(
            db_session.scalars(
                select(TherapistPatient.therapist_id)
                .where(TherapistPatient.patient_id == user.id)
                .order_by(TherapistPatient.therapist_id)
            )
        )
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        active=user.active,
        is_demo=user.is_demo,
        created_at=user.created_at,
        therapist_ids=therapist_ids,
    )


def routine_info(row: Routine) -> RoutineInfo:
    """A routine version record."""
    return RoutineInfo(
        id=row.id,
        routine_key=row.routine_key,
        version=row.version,
        name=row.name,
        yaml_text=row.yaml_text,
        content_sha256=row.content_sha256,
        exercise_keys=tuple(key for key in row.exercise_keys.split(",") if key),
        created_by=row.created_by,
        created_at=row.created_at,
    )


def prescription_info(row: Prescription) -> PrescriptionInfo:
    """A prescription record with its routine version."""
    return PrescriptionInfo(
        id=row.id,
        patient_id=row.patient_id,
        routine=routine_info(row.routine),
        prescribed_by=row.prescribed_by,
        days_per_week=row.days_per_week,
        start_date=row.start_date,
        end_date=row.end_date,
        active=row.active,
        created_at=row.created_at,
        ended_at=row.ended_at,
        replaces_id=row.replaces_id,
    )


def hold_info(row: HoldResult) -> HoldInfo:
    """A hold record."""
    return HoldInfo(
        target_s=row.target_s,
        held_s=row.held_s,
        completed=row.completed,
        recorded_at=row.recorded_at,
    )


def balance_info(row: BalanceResult) -> BalanceInfo:
    """A balance trial record."""
    return BalanceInfo(
        duration_s=row.duration_s,
        sway_rms_pct=row.sway_rms_pct,
        sway_max_pct=row.sway_max_pct,
        loss_count=row.loss_count,
        recorded_at=row.recorded_at,
    )


def cue_info(row: CueEvent) -> CueInfo:
    """A cue record."""
    return CueInfo(
        at_ms=row.at_ms,
        code=row.code,
        message=row.message,
        severity=row.severity,
        set_id=row.set_id,
        recorded_at=row.recorded_at,
    )
