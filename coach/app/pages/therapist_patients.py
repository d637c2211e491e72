"""Patients: who is keeping up, who missed their plan, and adding a new patient."""

from __future__ import annotations

import secrets

import streamlit as st

from coach.app import adherence_text, state, widgets
from coach.store import Role, StoreError

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
        {
            "Patient": p.user.display_name,
            "User name": p.user.username,
            "Last session": widgets.when_text(p.last_session_at),
            "This week": adherence_text.this_week_text(p),
            "Adherence": None
            if p.adherence_this_week is None
            else min(p.adherence_this_week, 1.0) * 100,
            "Status (last complete week)": adherence_text.patient_status(p),
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
    with st.form("add_patient", clear_on_submit=True):
        display_name = st.text_input("Full name", placeholder="e.g. Maria Lopez")
        username = st.text_input("User name for signing in", placeholder="e.g. maria")
        password = st.text_input(
            "Password (leave empty to generate one)", type="password", key="patients.pw"
        )
        add = st.form_submit_button("Add patient", type="primary", icon=":material/add:")
    if add:
        initial_password = password or secrets.token_urlsafe(9)
        try:
            created = clinic.accounts.create_patient(
                username, initial_password, display_name, therapist_id=therapist_id
            )
        except StoreError as error:
            st.error(f"The patient was not added: {error}")
        else:
            widgets.select_patient(created.id)
            st.success(
                f"Added **{created.display_name}**. They sign in as `{created.username}`"
                + ("" if password else f" with the password `{initial_password}`")
                + ". Next: prescribe a routine."
            )
            st.page_link("pages/therapist_prescribe.py", label="Prescribe a routine", icon="➡️")
