"""Authorisation rules, in one place.

* a patient reads and records only their own data;
* a therapist reads and changes only patients linked to them, manages routines, and creates
  patients (linked to themselves);
* an admin may do everything, including creating therapists and admins.

Every refusal raises :class:`PermissionDeniedError` naming the actor, the action and the target.
A non-admin asking for a patient that does not exist gets exactly the refusal given for a
patient they may not see (:class:`NotVisibleError`), so ids and names cannot be probed.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.store.dto import Actor
from coach.store.enums import Role
from coach.store.errors import NotFoundError, NotVisibleError, PermissionDeniedError
from coach.store.models import ExerciseSession, ExerciseSet, TherapistPatient, User


def deny(actor: Actor, action: str, target: str, why: str) -> PermissionDeniedError:
    """Build the one permission error format: who, what, on what, and why not."""
    return PermissionDeniedError(
        f"{actor.role.value} {actor.username!r} may not {action} {target}: {why}"
    )


def require_role(actor: Actor, action: str, *roles: Role) -> None:
    """Refuse unless the actor has one of ``roles``."""
    if actor.role not in roles:
        allowed = " or ".join(role.value for role in roles)
        raise deny(actor, action, "", f"only {allowed} accounts may do this")


def is_linked(db_session: Session, therapist_id: int | None, patient_id: int) -> bool:
    """True when the therapist looks after the patient."""
    if therapist_id is None:
        return False
    link = db_session.get(TherapistPatient, (therapist_id, patient_id))
    return link is not None


def load_patient(db_session: Session, patient_id: int) -> User:
    """The patient account, or NotFoundError when there is no patient with that id."""
    user = db_session.get(User, patient_id)
    if user is None or user.role != Role.PATIENT.value:
        raise NotFoundError(f"no patient with id {patient_id}")
    return user


def check_patient(db_session: Session, actor: Actor, patient_id: int, action: str) -> User:
    """Load a patient the actor may act on (read or record), else raise.

    Raises:
        NotFoundError: an admin asked for an id that is not a patient.
        NotVisibleError: a therapist or patient asked for a patient that does not exist or is
            not theirs; the message is the same in both cases.
    """
    if actor.role is Role.ADMIN:
        return load_patient(db_session, patient_id)
    user = db_session.get(User, patient_id)
    if user is not None and user.role == Role.PATIENT.value:
        if actor.role is Role.PATIENT and actor.user_id == patient_id:
            return user
        if actor.role is Role.THERAPIST and is_linked(db_session, actor.user_id, patient_id):
            return user
    why = (
        "patients can only see their own data"
        if actor.role is Role.PATIENT
        else "no patient with this id is linked to you"
    )
    raise NotVisibleError(str(deny(actor, action, f"patient id {patient_id}", why)))


def check_session(
    db_session: Session, actor: Actor, session_id: int, action: str
) -> ExerciseSession:
    """Load an exercise session the actor may act on, else raise."""
    row = db_session.get(ExerciseSession, session_id)
    if row is None:
        raise NotFoundError(f"no session with id {session_id}")
    check_patient(db_session, actor, row.patient_id, action)
    return row


def check_set(
    db_session: Session, actor: Actor, set_id: int, action: str
) -> tuple[ExerciseSet, ExerciseSession]:
    """Load a set (and its session) the actor may act on, else raise."""
    row = db_session.get(ExerciseSet, set_id)
    if row is None:
        raise NotFoundError(f"no set with id {set_id}")
    return row, check_session(db_session, actor, row.session_id, action)


def visible_patient_ids(db_session: Session, actor: Actor) -> list[int] | None:
    """Patient ids the actor may see; ``None`` means all (admins)."""
    if actor.role is Role.ADMIN:
        return None
    if actor.role is Role.PATIENT:
        return [actor.user_id] if actor.user_id is not None else []
    rows = db_session.scalars(
        select(TherapistPatient.patient_id).where(TherapistPatient.therapist_id == actor.user_id)
    )
    return list(rows)
