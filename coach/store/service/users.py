"""Accounts: create users and patients, link them to therapists, change passwords, list."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.store.dto import Actor, UserInfo
from coach.store.enums import Role
from coach.store.errors import DuplicateError, InvalidInputError, NotFoundError, NotVisibleError
from coach.store.models import TherapistPatient, User
from coach.store.password_policy import check_new_password
from coach.store.passwords import hash_password
from coach.store.service.access import check_patient, deny, is_linked, require_role
from coach.store.service.audit import audit
from coach.store.service.convert import user_info
from coach.store.service.scope import ServiceScope

MAX_USERNAME_LENGTH = 64
MAX_DISPLAY_NAME_LENGTH = 200


def parse_role(role: Role | str) -> Role:
    """A :class:`Role` from its name; InvalidInputError lists the valid ones."""
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise InvalidInputError(f"invalid role {role!r}: expected one of {valid}") from None


def _check_text(value: str, field: str, max_length: int, *, allow_empty: bool) -> str:
    text = value.strip()
    if not text and not allow_empty:
        raise InvalidInputError(f"{field} must not be empty")
    if len(text) > max_length:
        raise InvalidInputError(f"{field} too long: at most {max_length} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise InvalidInputError(f"{field} must not contain control characters: {text!r}")
    return text


def check_username(username: str) -> str:
    """A valid user name (quotes and SQL keywords are fine: they are stored literally)."""
    name = _check_text(username, "user name", MAX_USERNAME_LENGTH, allow_empty=False)
    if any(ch.isspace() for ch in name):
        raise InvalidInputError(f"user name must not contain spaces: {name!r}")
    return name


def find_user_row(db_session: Session, username: str) -> User | None:
    """The account with this user name (case-insensitive), if any."""
    return db_session.scalars(
        select(User).where(func.lower(User.username) == username.strip().lower())
    ).first()


def add_user(
    db_session: Session,
    actor: Actor,
    username: str,
    password: str,
    role: Role,
    display_name: str,
    *,
    is_demo: bool = False,
) -> User:
    """Insert an account after validation; DuplicateError when the name is taken."""
    name = check_username(username)
    shown = _check_text(display_name, "display name", MAX_DISPLAY_NAME_LENGTH, allow_empty=True)
    if not is_demo:  # demo passwords are published on purpose; demo accounts are flagged
        check_new_password(password, role=role, username=name, display_name=shown)
    password_hash = hash_password(password)
    if find_user_row(db_session, name) is not None:
        raise DuplicateError(f"user name {name!r} is already taken")
    user = User(
        username=name,
        display_name=shown or name,
        role=role.value,
        password_hash=password_hash,
        active=True,
        is_demo=is_demo,
    )
    db_session.add(user)
    try:
        db_session.flush()
    except IntegrityError:  # another writer took the name between our check and insert
        raise DuplicateError(f"user name {name!r} is already taken") from None
    audit(db_session, actor, "user.create", f"user {name!r}", role=role.value)
    return user


def create_user(
    db_session: Session,
    actor: Actor,
    username: str,
    password: str,
    role: Role | str,
    display_name: str,
    *,
    is_demo: bool = False,
) -> UserInfo:
    """Admins create any account."""
    parsed = parse_role(role)
    require_role(actor, f"create {parsed.value} accounts", Role.ADMIN)
    return user_info(
        db_session,
        add_user(db_session, actor, username, password, parsed, display_name, is_demo=is_demo),
    )


def create_patient(
    db_session: Session,
    actor: Actor,
    username: str,
    password: str,
    display_name: str,
    therapist_id: int | None,
    *,
    is_demo: bool = False,
) -> UserInfo:
    """Therapists create patients linked to themselves; admins link to anyone or nobody."""
    require_role(actor, "create a patient account", Role.THERAPIST, Role.ADMIN)
    if actor.role is Role.THERAPIST:
        if therapist_id not in (None, actor.user_id):
            raise deny(
                actor,
                "create a patient for",
                f"therapist id {therapist_id}",
                "therapists add patients to their own list only",
            )
        therapist_id = actor.user_id
    if therapist_id is not None:
        load_therapist(db_session, therapist_id)
    patient = add_user(
        db_session, actor, username, password, Role.PATIENT, display_name, is_demo=is_demo
    )
    if therapist_id is not None:
        db_session.add(TherapistPatient(therapist_id=therapist_id, patient_id=patient.id))
        db_session.flush()
        audit(
            db_session,
            actor,
            "patient.link",
            f"user {patient.username!r}",
            therapist_id=therapist_id,
        )
    return user_info(db_session, patient)


def load_therapist(db_session: Session, therapist_id: int) -> User:
    """The therapist account, or NotFoundError."""
    user = db_session.get(User, therapist_id)
    if user is None or user.role != Role.THERAPIST.value:
        raise NotFoundError(f"no therapist with id {therapist_id}")
    return user


def link_patient(db_session: Session, actor: Actor, therapist_id: int, patient_id: int) -> None:
    """Admins link an existing patient to a therapist (idempotent)."""
    require_role(actor, "link patients to therapists", Role.ADMIN)
    load_therapist(db_session, therapist_id)
    check_patient(db_session, actor, patient_id, "link")
    if db_session.get(TherapistPatient, (therapist_id, patient_id)) is None:
        db_session.add(TherapistPatient(therapist_id=therapist_id, patient_id=patient_id))
        audit(db_session, actor, "patient.link", f"user id {patient_id}", therapist_id=therapist_id)


def set_password(db_session: Session, actor: Actor, user_id: int, new_password: str) -> None:
    """The account itself or an admin sets a new password; the account's open sessions end."""
    # Refuse before looking the id up, so the answer does not tell whether it exists.
    if actor.role is not Role.ADMIN and actor.user_id != user_id:
        raise deny(
            actor,
            "change the password of",
            f"user id {user_id}",
            "only the account itself or an admin may",
        )
    user = db_session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}")
    check_new_password(
        new_password, role=Role(user.role), username=user.username, display_name=user.display_name
    )
    user.password_hash = hash_password(new_password)
    user.credentials_version += 1
    action = "user.password" if actor.user_id == user_id else "user.password_reset"
    audit(db_session, actor, action, f"user {user.username!r}")


def set_active(db_session: Session, actor: Actor, user_id: int, active: bool) -> UserInfo:
    """Admins deactivate or reactivate an account; deactivation ends its open sessions."""
    require_role(actor, "activate or deactivate accounts", Role.ADMIN)
    user = db_session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user with id {user_id}")
    if user_id == actor.user_id and not active:
        raise InvalidInputError("you cannot deactivate your own account; ask another admin")
    if user.active != active:
        user.active = active
        user.credentials_version += 1
        audit(db_session, actor, "user.active", f"user {user.username!r}", active=active)
    return user_info(db_session, user)


def get_user(db_session: Session, actor: Actor, user_id: int) -> UserInfo:
    """An account visible to the actor: self, own patients, or anyone for admins.

    Raises:
        NotFoundError: an admin asked for an id that does not exist.
        NotVisibleError: anyone else asked for an account that does not exist or is not
            theirs to see (one message for both).
    """
    user = db_session.get(User, user_id)
    if actor.role is Role.ADMIN:
        if user is None:
            raise NotFoundError(f"no user with id {user_id}")
        return user_info(db_session, user)
    if user is None or not _may_see(db_session, actor, user):
        raise NotVisibleError(str(deny(actor, "see", f"user id {user_id}", _NOT_VISIBLE)))
    return user_info(db_session, user)


def find_user(db_session: Session, actor: Actor, username: str) -> UserInfo:
    """Like :func:`get_user`, by user name (the same one message for unknown and not visible)."""
    user = find_user_row(db_session, username)
    if actor.role is Role.ADMIN:
        if user is None:
            raise NotFoundError(f"no user named {username!r}")
        return user_info(db_session, user)
    if user is None or not _may_see(db_session, actor, user):
        raise NotVisibleError(str(deny(actor, "see", f"user {username!r}", _NOT_VISIBLE)))
    return user_info(db_session, user)


_NOT_VISIBLE = "no such account is yours or one of your patients"


def _may_see(db_session: Session, actor: Actor, user: User) -> bool:
    if actor.user_id == user.id:
        return True
    return (
        actor.role is Role.THERAPIST
        and user.role == Role.PATIENT.value
        and is_linked(db_session, actor.user_id, user.id)
    )


def list_users(db_session: Session, actor: Actor, role: Role | str | None) -> list[UserInfo]:
    """Every account (admins only), optionally filtered by role."""
    require_role(actor, "list all accounts", Role.ADMIN)
    query = select(User).order_by(User.username)
    if role is not None:
        query = query.where(User.role == parse_role(role).value)
    return [user_info(db_session, user) for user in db_session.scalars(query)]


class UserAccounts(ServiceScope):
    """Accounts: create, link, passwords, look-ups and the therapist's patient list."""

    def create_user(
        self,
        username: str,
        password: str,
        role: Role | str,
        display_name: str = "",
        *,
        is_demo: bool = False,
    ) -> UserInfo:
        """Create an account (admins only; therapists use :meth:`create_patient`).

        Raises:
            DuplicateError: The user name is taken.
            InvalidInputError: Bad role, empty/overlong name, or a password the policy refuses
                (:mod:`coach.store.password_policy`).
            PermissionDeniedError: The actor is not an admin.
        """
        return self.db.write(
            lambda s: create_user(
                s, self.actor, username, password, role, display_name, is_demo=is_demo
            )
        )

    def create_patient(
        self,
        username: str,
        password: str,
        display_name: str = "",
        therapist_id: int | None = None,
        *,
        is_demo: bool = False,
    ) -> UserInfo:
        """Create a patient account linked to a therapist.

        A therapist creates patients linked to themselves (``therapist_id`` must be ``None`` or
        their own id); an admin may name any therapist or none.
        """
        return self.db.write(
            lambda s: create_patient(
                s, self.actor, username, password, display_name, therapist_id, is_demo=is_demo
            )
        )

    def link_patient(self, therapist_id: int, patient_id: int) -> None:
        """Link an existing patient to a therapist (admins only; idempotent)."""
        self.db.write(lambda s: link_patient(s, self.actor, therapist_id, patient_id))

    def set_password(self, user_id: int, new_password: str) -> None:
        """Change a password (the account itself or an admin)."""
        self.db.write(lambda s: set_password(s, self.actor, user_id, new_password))

    def set_active(self, user_id: int, active: bool) -> UserInfo:
        """Deactivate (ending its open sessions) or reactivate an account (admins only)."""
        return self.db.write(lambda s: set_active(s, self.actor, user_id, active))

    def get_user(self, user_id: int) -> UserInfo:
        """One account the actor may see (self, own patients, or anyone for admins)."""
        with self.db.reading() as s:
            return get_user(s, self.actor, user_id)

    def find_user(self, username: str) -> UserInfo:
        """Like :meth:`get_user`, by sign-in name. Raises NotFoundError if unknown."""
        with self.db.reading() as s:
            return find_user(s, self.actor, username)

    def list_users(self, role: Role | str | None = None) -> list[UserInfo]:
        """Every account, optionally of one role (admins only), sorted by user name."""
        with self.db.reading() as s:
            return list_users(s, self.actor, role)
