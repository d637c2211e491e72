"""Small pieces of layout reused by several therapist pages."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

import streamlit as st

from coach.store import PatientSummary

logger = logging.getLogger(__name__)

#: Session-state key of the patient the therapist is looking at, shared by the pages.
SELECTED_PATIENT_KEY = "coach.selected_patient_id"


def select_patient(patient_id: int) -> None:
    """Remember the patient the therapist picked (the next page opens on them)."""
    st.session_state[SELECTED_PATIENT_KEY] = patient_id


def patient_picker(
    patients: Sequence[PatientSummary], *, label: str = "Patient", key: str
) -> PatientSummary | None:
    """A patient select box that starts on (and remembers) the patient picked elsewhere.

    Returns:
        The chosen patient, or ``None`` when there are no patients.
    """
    if not patients:
        return None
    ids = [p.user.id for p in patients]
    wanted = st.session_state.get(SELECTED_PATIENT_KEY)
    index = ids.index(wanted) if wanted in ids else 0
    by_id = {p.user.id: p for p in patients}
    chosen_id = st.selectbox(
        label,
        ids,
        index=index,
        format_func=lambda pid: f"{by_id[pid].user.display_name} ({by_id[pid].user.username})",
        key=key,
    )
    select_patient(chosen_id)
    return by_id[chosen_id]


def when_text(moment: datetime | None, *, now: datetime | None = None) -> str:
    """A time in words a busy reader takes in at once: 'today', 'yesterday', '5 days ago'."""
    if moment is None:
        return "never"
    now = now or datetime.now(UTC)
    days = (now.date() - moment.date()).days
    if days <= 0:
        return f"today {moment:%H:%M}"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return f"{moment:%d %b %Y}"


def nice_name(key: str) -> str:
    """'single_leg_stance' → 'Single leg stance' (fallback when the library lacks the id)."""
    return key.replace("_", " ").capitalize()


def app_address(url: str | None = None) -> str:
    """The address this app is reached at, as the browser sees it (for sign-in cards).

    ``https://clinic.example.org/therapist_patients?x=1`` → ``https://clinic.example.org``;
    without a browser context, where ``coach app`` listens by default.
    """
    parts = urlsplit(url if url is not None else (st.context.url or ""))
    if not parts.scheme or not parts.netloc:
        return "http://localhost:8501"
    return f"{parts.scheme}://{parts.netloc}"
