"""Looking after accounts: unlink a patient, change one's own password, read the audit log.

Admins only, except :func:`change_own_password`, which any signed-in account uses and which
checks the current password first. Password resets and deactivation are
:meth:`~coach.store.service.users.UserAccounts.set_password` and
:meth:`~coach.store.service.users.UserAccounts.set_active` (password rules, sessions ended).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.store.dto import Actor, AuditEntry
from coach.store.enums import Role
from coach.store.errors import AuthenticationError, InvalidInputError, NotFoundError
from coach.store.models import AuditLog, TherapistPatient, User
from coach.store.passwords import verify_password
from coach.store.service.access import require_role
from coach.store.service.audit import audit, entry
from coach.store.service.scope import ServiceScope
from coach.store.service.users import set_password


def _user(db_session: Session, user_id: int) -> User:
    user = db_session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}")
    return user


def unlink_patient(db_session: Session, actor: Actor, therapist_id: int, patient_id: int) -> None:
    """Remove a therapist's link to a patient; the patient's history stays."""
    require_role(actor, "unlink patients from therapists", Role.ADMIN)
    link = db_session.get(TherapistPatient, (therapist_id, patient_id))
    if link is None:
        raise NotFoundError("that patient is not linked to that therapist")
    therapist, patient = _user(db_session, therapist_id), _user(db_session, patient_id)
    db_session.delete(link)
    audit(db_session, actor, "patient.unlink", f"user {patient.username!r}",
          therapist=therapist.username)  # fmt: skip


def change_own_password(db_session: Session, actor: Actor, current: str, new_password: str) -> None:
    """The signed-in account changes its own password, proving it knows the current one."""
    if actor.user_id is None:
        raise InvalidInputError("this account has no password to change")
    user = _user(db_session, actor.user_id)
    if not verify_password(user.password_hash, current):
        raise AuthenticationError("the current password is not right")
    set_password(db_session, actor, actor.user_id, new_password)  # the rules, sessions ended


def audit_entries(
    db_session: Session, actor: Actor, who: str | None, action: str | None, limit: int
) -> list[AuditEntry]:
    """Audit lines, newest first, optionally of one person (user name) and one action."""
    require_role(actor, "read the audit log", Role.ADMIN)
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if who:
        query = query.where(AuditLog.actor_username == who)
    if action:
        query = query.where(AuditLog.action == action)
    return [entry(row) for row in db_session.scalars(query)]


class AccountAdministration(ServiceScope):
    """Unlinking, one's own password, and the filtered audit log (admins, except the password)."""

    def unlink_patient(self, therapist_id: int, patient_id: int) -> None:
        """Remove a therapist-patient link (the patient's history stays)."""
        self.db.write(lambda s: unlink_patient(s, self.actor, therapist_id, patient_id))

    def change_own_password(self, current: str, new_password: str) -> None:
        """Change the signed-in account's password after checking the current one.

        Raises:
            AuthenticationError: ``current`` is not the account's password.
            InvalidInputError: The new password is too short or too long.
        """
        self.db.write(lambda s: change_own_password(s, self.actor, current, new_password))

    def audit_log(
        self, *, who: str | None = None, action: str | None = None, limit: int = 200
    ) -> list[AuditEntry]:
        """Audit lines, newest first, filtered by user name and action code (admins only)."""
        with self.db.reading() as s:
            return audit_entries(s, self.actor, who, action, limit)

    def audit_filters(self) -> tuple[list[str], list[str]]:
        """The user names and action codes that appear in the audit log, sorted."""
        require_role(self.actor, "read the audit log", Role.ADMIN)
        with self.db.reading() as s:
            people = s.scalars(select(AuditLog.actor_username).distinct()).all()
            actions = s.scalars(select(AuditLog.action).distinct()).all()
        return sorted(people), sorted(actions)
