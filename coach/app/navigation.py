"""Which pages each role sees, and the account box in the sidebar.

A page is listed only for the roles in its :class:`PageSpec`; a page that is not listed cannot
be opened by URL either (Streamlit falls back to the default page). Each page also calls
:func:`coach.app.state.require_role`, and the service layer refuses other people's data, so
a patient is stopped three times before reaching a therapist's view.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from coach.app import state
from coach.app.text import code, plain

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

    from coach.store import Actor

logger = logging.getLogger(__name__)

PAGES_DIR = Path(__file__).resolve().parent / "pages"

_THERAPIST = ("therapist", "admin")
_PATIENT = ("patient",)
_EVERYONE = ("therapist", "admin", "patient")


@dataclass(frozen=True)
class PageSpec:
    """One page of the app.

    Attributes:
        file_name: File under ``coach/app/pages/``.
        title: Label in the sidebar and the browser tab.
        icon: Material icon shown beside the title.
        url_path: Path in the address bar (stable, so links and tests can use it).
        section: Sidebar group.
        roles: Roles that may open the page (role values).
    """

    file_name: str
    title: str
    icon: str
    url_path: str
    section: str
    roles: tuple[str, ...]


#: Every page, in sidebar order. The first page a role may open is its home page.
PAGES: tuple[PageSpec, ...] = (
    # The patient pages are built in issue 7; they are listed only once their file exists.
    PageSpec("patient_today.py", "Today", ":material/today:", "today", "My exercises", _PATIENT),
    PageSpec(
        "patient_session.py",
        "Exercise now",
        ":material/videocam:",
        "session",
        "My exercises",
        _PATIENT,
    ),
    PageSpec("patient_tests.py", "My tests", ":material/timer:", "tests", "My exercises", _PATIENT),
    PageSpec(
        "patient_upload.py",
        "Upload a video",
        ":material/upload:",
        "upload",
        "My exercises",
        _PATIENT,
    ),
    PageSpec(
        "therapist_patients.py", "Patients", ":material/group:", "patients", "Clinic", _THERAPIST
    ),
    PageSpec(
        "therapist_progress.py",
        "Progress",
        ":material/monitoring:",
        "progress",
        "Clinic",
        _THERAPIST,
    ),
    PageSpec(
        "therapist_outcomes.py",
        "Outcomes",
        ":material/assignment:",
        "outcomes",
        "Clinic",
        _THERAPIST,
    ),
    PageSpec(
        "therapist_routines.py",
        "Routine builder",
        ":material/fitness_center:",
        "routines",
        "Clinic",
        _THERAPIST,
    ),
    PageSpec(
        "therapist_prescribe.py",
        "Prescribe",
        ":material/event_available:",
        "prescribe",
        "Clinic",
        _THERAPIST,
    ),
    PageSpec("admin_users.py", "Users", ":material/manage_accounts:", "users", "Admin", ("admin",)),
    PageSpec("account.py", "My account", ":material/person:", "account", "Account", _EVERYONE),
)

SIGN_IN = PageSpec("sign_in.py", "Sign in", ":material/login:", "sign-in", "", ())


def specs_for(role: str | None) -> list[PageSpec]:
    """The pages a role may open, in sidebar order (only the sign-in page when signed out).

    Pages whose file does not exist (yet) are left out rather than replaced by a placeholder,
    so the patient side can land independently of this shell.
    """
    if role is None:
        return [SIGN_IN]
    return [spec for spec in PAGES if role in spec.roles and (PAGES_DIR / spec.file_name).is_file()]


def build_navigation(actor: Actor | None) -> dict[str, list[StreamlitPage]]:
    """``st.navigation`` input for the signed-in actor: sections of ``st.Page`` objects.

    Signed out, every page address shows the sign-in form (hidden pages), so a bookmarked
    address signs in and then opens that page, if the role may see it.
    """
    specs = specs_for(None if actor is None else str(actor.role))
    if actor is None:
        return {"": [_sign_in_page(SIGN_IN.url_path, default=True)]
                + [_sign_in_page(spec.url_path, default=False) for spec in PAGES]}  # fmt: skip
    sections: dict[str, list[StreamlitPage]] = {}
    for index, spec in enumerate(specs):
        page = st.Page(
            PAGES_DIR / spec.file_name,
            title=spec.title,
            icon=spec.icon,
            url_path=spec.url_path,
            default=index == 0,
        )
        sections.setdefault(spec.section, []).append(page)
    return sections


def _sign_in_page(url_path: str, *, default: bool) -> StreamlitPage:
    return st.Page(
        PAGES_DIR / SIGN_IN.file_name,
        title=SIGN_IN.title,
        icon=SIGN_IN.icon,
        url_path=url_path,
        default=default,
        visibility="visible" if default else "hidden",
    )


def render_account_box(actor: Actor | None) -> None:
    """Who is signed in, and a sign-out button, at the top of the sidebar."""
    if actor is None:
        return
    with st.sidebar:
        name = actor.display_name or actor.username
        role = str(actor.role).capitalize()
        st.markdown(f"**{plain(name)}**  \n{role} · {code(actor.username)}")
        if st.button("Sign out", icon=":material/logout:", key="coach.sign_out"):
            state.sign_out("You have signed out.")
            st.rerun()
