"""Prescribe: assign a saved routine to a patient on a weekly schedule; pause or resume plans."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from coach.app import routine_draft, state, widgets
from coach.app.resources import exercise_library
from coach.app.text import plain
from coach.exercises import ExerciseDefinitionError
from coach.exercises.library import parse_routine_yaml
from coach.store import Role, StoreError

state.require_role(Role.THERAPIST, Role.ADMIN)
clinic = state.service()
library = exercise_library()
SELECTED_ROUTINE_KEY = "coach.selected_routine_id"

st.title("Prescribe a routine")
patients = clinic.history.list_patients()
routines = clinic.plans.list_routines()
if not patients:
    st.info("Add a patient on the **Patients** page first.")
    st.page_link("pages/therapist_patients.py", label="Go to Patients", icon="➡️")
    st.stop()
if not routines:
    st.info("Save a routine in the **Routine builder** first.")
    st.page_link("pages/therapist_routines.py", label="Go to the Routine builder", icon="➡️")
    st.stop()

patient = widgets.patient_picker(patients, key="prescribe.patient")
assert patient is not None  # patients is not empty
routine_ids = [r.id for r in routines]
wanted = st.session_state.get(SELECTED_ROUTINE_KEY)
by_id = {r.id: r for r in routines}
today = datetime.now(UTC).date()

routine_id = st.selectbox(
    "Routine",
    routine_ids,
    index=routine_ids.index(wanted) if wanted in routine_ids else 0,
    format_func=lambda rid: f"{by_id[rid].name} (version {by_id[rid].version})",
    key="prescribe.routine",
)
st.session_state[SELECTED_ROUTINE_KEY] = routine_id
try:
    routine = parse_routine_yaml(by_id[routine_id].yaml_text, "saved routine", library)
except ExerciseDefinitionError as error:
    st.warning(f"This routine no longer matches the exercise library: {plain(error.problem)}")
else:
    summary = routine_draft.routine_summary(routine, library)
    st.markdown("\n".join(f"- {plain(line)}" for line in summary))

with st.form("prescribe"):
    days, start, end = st.columns(3)
    days_per_week = days.number_input("Sessions per week", 1, 7, value=3, step=1)
    start_date = start.date_input("Start", value=today)
    end_date = end.date_input("End (optional)", value=today + timedelta(weeks=6))
    submitted = st.form_submit_button("Prescribe", type="primary", icon=":material/send:")
if submitted:
    try:
        prescription = clinic.plans.assign_routine(
            patient.user.id,
            routine_id,
            days_per_week=int(days_per_week),
            start_date=start_date,  # type: ignore[arg-type]
            end_date=end_date,  # type: ignore[arg-type]
        )
    except StoreError as error:
        st.error(f"Not prescribed: {plain(error)}")
    else:
        st.success(
            f"Prescribed **{plain(prescription.routine.name)}** to "
            f"{plain(patient.user.display_name)}: "
            f"{prescription.days_per_week} sessions a week from {prescription.start_date:%d %b}."
        )

st.subheader(f"Plans of {plain(patient.user.display_name)}")
plans = clinic.plans.prescriptions_for(patient.user.id)
if not plans:
    st.info("No routine prescribed yet. Use the form above.")
for plan in plans:
    with st.container(border=True):
        text, action = st.columns([5, 1], vertical_alignment="center")
        until = f" until {plan.end_date:%d %b %Y}" if plan.end_date else ""
        status = "Active" if plan.active else "Paused"
        text.markdown(
            f"**{plain(plan.routine.name)}** (version {plan.routine.version}) · "
            f"{plan.days_per_week}× a week from {plan.start_date:%d %b %Y}{until} · **{status}**"
        )
        label = "Pause" if plan.active else "Resume"
        if action.button(label, key=f"prescribe.toggle.{plan.id}", width="stretch"):
            try:
                clinic.plans.set_prescription_active(plan.id, not plan.active)
            except StoreError as error:
                st.error(plain(error))
            else:
                st.rerun()
