"""Prescribe: assign a saved routine to a patient on a weekly schedule; pause or resume plans."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from coach.app import routine_draft, routine_picker, state, widgets
from coach.app.allowed_exercises_view import allowed_exercises_section
from coach.app.plan_card import plan_card
from coach.app.resources import exercise_library
from coach.app.text import plain
from coach.exercises import ExerciseDefinitionError
from coach.exercises.library import parse_routine_yaml
from coach.store import PlanExistsError, Role, StoreError

state.require_role(Role.THERAPIST, Role.ADMIN)
clinic = state.service()
library = exercise_library()

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
account = patient.user
today = datetime.now(UTC).date()

active_plans = clinic.plans.prescriptions_for(account.id, active_only=True)
picked = routine_picker.routine_picker(account.id, routines, active_plans)
routine_id = picked.id
current_plan = routine_picker.plan_of_routine(picked, active_plans)
try:
    routine = parse_routine_yaml(picked.yaml_text, "saved routine", library)
except ExerciseDefinitionError as error:
    st.warning(f"This routine no longer matches the exercise library: {plain(error.problem)}")
else:
    summary = routine_draft.routine_summary(routine, library)
    st.markdown("\n".join(f"- {plain(line)}" for line in summary))

PENDING_KEY = "prescribe.pending"  # (patient, routine, days, start, end) awaiting "replace?"
DONE_KEY = "prescribe.done"  # the last result, shown beside the button after a rerun

with st.form("prescribe"):
    days, start, end = st.columns(3)
    # Prescribing an active routine again starts from its current schedule, not a default.
    days_per_week = days.number_input(
        "Sessions per week", 1, 7, value=current_plan.days_per_week if current_plan else 3, step=1
    )
    start_date = start.date_input("Start", value=today)
    end_date = end.date_input("End (optional)", value=today + timedelta(weeks=6))
    submitted = st.form_submit_button("Prescribe", type="primary", icon=":material/send:")


def prescribe(replace: bool) -> None:
    """Assign the routine; a routine already active asks before replacing it."""
    request = st.session_state.get(PENDING_KEY) if replace else None
    schedule = (int(days_per_week), start_date, end_date)
    _, _, days_asked, start_asked, end_asked = request or (account.id, routine_id, *schedule)
    try:
        prescription = clinic.plans.assign_routine(
            account.id, routine_id, days_per_week=days_asked,
            start_date=start_asked, end_date=end_asked, replace=replace,
        )  # fmt: skip
    except PlanExistsError as error:
        st.session_state[PENDING_KEY] = (account.id, routine_id, days_asked, start_asked, end_asked)
        st.session_state["prescribe.pending_message"] = str(error)
        return
    except StoreError as error:
        st.error(f"Not prescribed: {plain(error)}")
        return
    st.session_state.pop(PENDING_KEY, None)
    routine_picker.forget_just_saved()
    st.session_state[DONE_KEY] = (
        f"Prescribed **{plain(prescription.routine.name)}** to {plain(account.display_name)}: "
        f"{prescription.days_per_week} sessions a week from {prescription.start_date:%d %b}"
        + (" (it replaces the previous plan, which is kept in the history)." if replace else ".")
    )


if submitted:
    st.session_state.pop(PENDING_KEY, None)
    prescribe(replace=False)
if done_text := st.session_state.pop(DONE_KEY, None):
    st.success(done_text)
pending = st.session_state.get(PENDING_KEY)
if pending and pending[:2] != (account.id, routine_id):
    st.session_state.pop(PENDING_KEY, None)  # another patient or routine was picked
elif pending:
    with st.container(border=True):
        st.warning(st.session_state.get("prescribe.pending_message", ""), icon="⚠️")
        st.write("Replace it with the new schedule? The current plan ends the day before.")
        yes, no = st.columns(2)
        if yes.button("Replace the current plan", type="primary", key="prescribe.replace"):
            prescribe(replace=True)
            st.rerun()
        if no.button("Keep the current plan", key="prescribe.keep"):
            st.session_state.pop(PENDING_KEY, None)
            st.rerun()

st.subheader(f"Plans of {plain(account.display_name)}")
plans = clinic.plans.prescriptions_for(account.id)
if not plans:
    st.info("No routine prescribed yet. Use the form above.")
for plan in plans:
    plan_card(plan)

allowed_exercises_section(account, library)
