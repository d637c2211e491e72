"""Who is signed in, for how long, and the service bound to them (the API every page uses).

Pages never read ``st.session_state`` keys of this module directly; they call::

    from coach.app import state

    actor = state.require_role(Role.PATIENT)   # stops the page for anyone else
    clinic = state.service()                   # ClinicService bound to that actor
    patient_id = actor.user_id

Public API (shared by the therapist and the patient pages):

* :func:`current_actor` -> ``Actor | None``: the signed-in actor, ``None`` when signed out or
  after the idle timeout.
* :func:`require_role` (``*roles``) -> ``Actor``: the actor if their role is one of ``roles``;
  otherwise shows a refusal and calls ``st.stop()`` (the navigation already hides such pages;
  this is the second lock on the door).
* :func:`service` -> ``ClinicService``: the service layer bound to the signed-in actor (the
  service layer enforces the data rules again: a patient only ever reads their own data).
* :func:`sign_in` (username, password) -> ``Actor``; raises
  :class:`coach.store.AuthenticationError` on a wrong name or password.
* :func:`sign_out`, :func:`touch` (called once per script run by ``main.py``: expires an idle
  session and records activity), :func:`idle_timeout_s`.

The idle timeout is ``COACH_SESSION_IDLE_MIN`` minutes (default 30, 1 to 720; checked by
``coach app`` before the server starts). Every full script run counts as activity; a page
that only re-runs an ``st.fragment`` for a long time (the live session) should call
:func:`touch` inside the fragment so an exercising patient is not signed out. :func:`touch`
also ends the session when the account's password was changed or it was deactivated.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import time
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from coach.store import Actor, ClinicService, Role

logger = logging.getLogger(__name__)

_ACTOR_KEY = "coach.actor"
_LAST_SEEN_KEY = "coach.last_seen_s"
_NOTICE_KEY = "coach.notice"

_CREDENTIALS_KEY = "coach.credentials_version"


def idle_timeout_s() -> float:
    """Seconds of inactivity after which the user is signed out (``COACH_SESSION_IDLE_MIN``).

    ``coach app`` refuses to start with a bad value; if one is set later, the default is used
    (never "no expiry").
    """
    from coach.live.server_settings import DEFAULT_IDLE_MIN, SettingsError, parse_idle_minutes

    try:
        minutes = parse_idle_minutes(os.environ.get("COACH_SESSION_IDLE_MIN", ""))
    except SettingsError as error:
        logger.error("%s; using %s minutes", error, DEFAULT_IDLE_MIN)
        minutes = DEFAULT_IDLE_MIN
    return minutes * 60.0


def client_address() -> str | None:
    """The browser's IP address as the server sees it, for per-client sign-in throttling.

    ``None`` when unknown (tests) or a loopback address: behind a reverse proxy on the same
    host every browser arrives from 127.0.0.1, and counting them as one client would let one
    person's typos lock everybody out. Per-account throttling still applies.
    """
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        return None
    if not address:
        return None
    try:
        if ipaddress.ip_address(str(address)).is_loopback:
            return None
    except ValueError:
        return None
    return str(address)


def current_actor() -> Actor | None:
    """The signed-in actor, or ``None`` (signed out or expired)."""
    actor = st.session_state.get(_ACTOR_KEY)
    return actor  # type: ignore[no-any-return]


def sign_in(username: str, password: str) -> Actor:
    """Check the credentials with the service layer (argon2) and remember the actor.

    Raises:
        coach.store.SignInThrottledError: Too many recent failures (its message says how long
            to wait); the password was not checked.
        coach.store.AuthenticationError: Unknown user, wrong password or disabled account.
    """
    from coach.app.resources import database
    from coach.store import authenticate, credentials_version

    db = database()
    actor = authenticate(db, username.strip(), password, client=client_address())
    if actor.user_id is not None:
        st.session_state[_CREDENTIALS_KEY] = credentials_version(db, actor.user_id)
    st.session_state[_ACTOR_KEY] = actor
    st.session_state[_LAST_SEEN_KEY] = time.time()
    st.session_state.pop(_NOTICE_KEY, None)
    logger.info("%s signed in as %s", actor.username, actor.role)
    return actor


def sign_out(notice: str | None = None) -> None:
    """Forget the actor and every page draft of this browser session.

    Args:
        notice: A message shown once on the sign-in page (e.g. why the session ended).
    """
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if notice:
        st.session_state[_NOTICE_KEY] = notice


def pop_notice() -> str | None:
    """The one-time message left by :func:`sign_out`, if any."""
    notice: str | None = st.session_state.pop(_NOTICE_KEY, None)
    return notice


def touch(now_s: float | None = None) -> None:
    """Expire an idle session, else record activity; ``main.py`` calls it on every run.

    Args:
        now_s: Wall-clock seconds since the epoch (default: now); for tests.
    """
    if _ACTOR_KEY not in st.session_state:
        return
    now_s = time.time() if now_s is None else now_s
    last_seen_s = float(st.session_state.get(_LAST_SEEN_KEY, now_s))
    timeout_s = idle_timeout_s()
    if now_s - last_seen_s > timeout_s:
        minutes = round(timeout_s / 60)
        sign_out(f"You were signed out after {minutes} minutes without activity.")
        return
    if not _credentials_unchanged():
        sign_out("Your password was changed or your account was deactivated. Please sign in again.")
        return
    st.session_state[_LAST_SEEN_KEY] = now_s


def _credentials_unchanged() -> bool:
    """False when the account's password changed or it was deactivated since signing in."""
    from coach.app.resources import database
    from coach.store import credentials_version

    actor = current_actor()
    if actor is None or actor.user_id is None:
        return True
    return credentials_version(database(), actor.user_id) == st.session_state.get(
        _CREDENTIALS_KEY
    )


def keep_this_session_signed_in() -> None:
    """After the signed-in account changed its own password: this browser stays signed in
    (it just proved the current password); the account's other sessions still end."""
    from coach.app.resources import database
    from coach.store import credentials_version

    actor = current_actor()
    if actor is not None and actor.user_id is not None:
        st.session_state[_CREDENTIALS_KEY] = credentials_version(database(), actor.user_id)


def require_role(*roles: Role | str) -> Actor:
    """The signed-in actor if their role is one of ``roles``; otherwise stop the page.

    Args:
        roles: Allowed roles (``Role`` members or their string values).

    Returns:
        The signed-in actor.
    """
    actor = current_actor()
    allowed = {str(role) for role in roles}
    if actor is None:
        st.warning("Please sign in first.")
        st.stop()
    if str(actor.role) not in allowed:
        st.error("This page is not available for your account.")
        st.stop()
    return actor


def service() -> ClinicService:
    """The service layer bound to the signed-in actor.

    Raises:
        coach.store.PermissionDeniedError: Nobody is signed in.
    """
    from coach.app.resources import database, exercise_library
    from coach.store import ClinicService, PermissionDeniedError

    actor = current_actor()
    if actor is None:
        raise PermissionDeniedError("Sign in first.")
    return ClinicService(database(), actor, library=exercise_library())
