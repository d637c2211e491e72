"""Patients: who is keeping up, who missed their plan, and adding a new patient."""

from __future__ import annotations

import secrets

import streamlit as st

from coach.app import adherence_text, state, widgets
from coach.app.components.sign_in_card import sign_in_card
from coach.app.text import plain
from coach.app.widgets import app_address
from coach.store import Role, StoreError

CREATED_KEY = "patients.created"  # (name, user name, password) of the patient just added
CLEAR_FORM_KEY = "patients.clear_form"

actor = state.require_role(Role.THERAPIST, Role.ADMIN)
clinic = state.service()

st.title("Patients")
patients = clinic.history.list_patients()
missed = [p for p in patients if p.missed_plan]
done_this_week = sum(p.sessions_this_week for p in patients)

total, behind, sessions = st.columns(3)
total.metric("Patients", len(patients), border=True)
behind.metric("Missed last week's plan", len(missed), border=True)
sessions.metric("Sessions done this week", done_this_week, border=True)

if not patients:
    st.info("You have no patients yet. Add your first patient below, then prescribe a routine.")
else:
    rows = [
        {  # what to act on first: on a phone only the first columns fit the screen
            "Patient": p.user.display_name,
            "Status (last complete week)": adherence_text.patient_status(p),
            "This week": adherence_text.this_week_text(p),
            "Last session": widgets.when_text(p.last_session_at),
            "Adherence": None
            if p.adherence_this_week is None
            else min(p.adherence_this_week, 1.0) * 100,
            "User name": p.user.username,
        }
        for p in patients
    ]
    st.caption(
        "Select a patient to open their progress. A session counts once at least one "
        "repetition, hold or balance trial was recorded in it."
    )
    table = st.dataframe(
        rows,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="patients.table",
        column_config={
            "Adherence": st.column_config.ProgressColumn(
                "Adherence this week", format="%.0f%%", min_value=0, max_value=100
            ),
        },
    )
    chosen_rows = table["selection"]["rows"]  # type: ignore[index]
    if chosen_rows:
        widgets.select_patient(patients[chosen_rows[0]].user.id)
        st.switch_page("pages/therapist_progress.py")

with st.expander("Add a patient", icon=":material/person_add:", expanded=not patients):
    therapist_id: int | None = None
    if actor.role == Role.ADMIN:
        therapists = clinic.accounts.list_users(Role.THERAPIST)
        chosen = st.selectbox(
            "Therapist", therapists, format_func=lambda u: u.display_name, key="patients.th"
        )
        therapist_id = chosen.id if chosen is not None else None
    if st.session_state.pop(CLEAR_FORM_KEY, False):
        for key in ("patients.name", "patients.username", "patients.pw"):
            st.session_state[key] = ""  # a patient was added: start the next one afresh
    # Not cleared on submit: after an error, what was typed stays for the therapist to fix.
    with st.form("add_patient", clear_on_submit=False):
        display_name = st.text_input(
            "Full name", placeholder="e.g. Maria Lopez", key="patients.name"
        )
        username = st.text_input(
            "User name for signing in", placeholder="e.g. maria", key="patients.username"
        )
        password = st.text_input(
            "Password (leave empty to generate one)", type="password", key="patients.pw"
        )
        add = st.form_submit_button("Add patient", type="primary", icon=":material/add:")
        result = st.container()  # the outcome, right under the button
    if add:
        initial_password = password or secrets.token_urlsafe(9)
        try:
            created = clinic.accounts.create_patient(
                username, initial_password, display_name, therapist_id=therapist_id
            )
        except StoreError as error:
            result.error(f"The patient was not added: {plain(error)}")
        else:
            widgets.select_patient(created.id)
            st.session_state[CREATED_KEY] = (
                created.display_name,
                created.username,
                initial_password,
            )
            st.session_state[CLEAR_FORM_KEY] = True
            st.rerun()
    if created_now := st.session_state.get(CREATED_KEY):
        name, login, initial = created_now
        with result:
            st.success(f"Added **{plain(name)}**. Give them these sign-in details:")
            sign_in_card(app_address(), login, initial, name)
            st.page_link("pages/therapist_prescribe.py", label="Prescribe a routine", icon="➡️")
        if st.button("Done: hide these details", key="patients.hide_card"):
            st.session_state.pop(CREATED_KEY, None)
            st.rerun()
