"""Outcomes: standard tests against norms and MDC, pain and PSFS, next to adherence and ROM."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import streamlit as st

from coach.app import outcome_charts, state, widgets
from coach.app.chart_view import show_chart
from coach.app.resources import exercise_library
from coach.app.text import plain
from coach.app.text_table import markdown_table
from coach.exercises.assessment_library import load_assessments
from coach.store import Role, StoreError

state.require_role(Role.THERAPIST, Role.ADMIN)
clinic = state.service()
tests = load_assessments(exercise_library().exercises).assessments

st.title("Outcomes")
patients = clinic.history.list_patients()
if not patients:
    st.info("No patients yet. Add one on the **Patients** page.")
    st.stop()
patient = widgets.patient_picker(patients, key="outcomes.patient")
assert patient is not None
patient_id = patient.user.id
today = datetime.now(UTC).date()
first = st.date_input("From", today - timedelta(weeks=12), key="outcomes.from")
assert isinstance(first, date)
data = clinic.reports.build(patient_id, first, today)

profile_box = st.expander("Age and sex (the norms depend on them)", expanded=data.age is None)
with profile_box, st.form("outcomes.profile"):
    born = st.date_input("Date of birth", data.date_of_birth, min_value=date(1900, 1, 1),
                         max_value=today, key="outcomes.born")  # fmt: skip
    sex = st.selectbox("Sex", ["female", "male"], index=["female", "male"].index(data.sex)
                       if data.sex in ("female", "male") else None, key="outcomes.sex")  # fmt: skip
    if st.form_submit_button("Save", key="outcomes.profile.save"):
        clinic.assessments.set_profile(
            patient_id, date_of_birth=born if isinstance(born, date) else None,
            sex="female" if sex == "female" else "male" if sex == "male" else None,
        )  # fmt: skip
        st.rerun()

done, prescribed = data.sessions_in_complete_weeks
adherence, rom, age = st.columns(3)
adherence.metric("Sessions done / prescribed", f"{done} / {prescribed}",
                 help="Over the weeks of the period that have ended.")  # fmt: skip
reached = [e for e in data.exercises if e.target_reached]
rom.metric("Exercises at ROM target", f"{len(reached)} of {len(data.exercises)}")
age.metric("Age, sex", f"{data.age or '–'}, {data.sex or 'not recorded'}")
for flag in data.change_flags:
    (st.success if "improvement" in flag else st.warning if "worsening" in flag else st.info)(flag)

st.subheader("Standard tests")
if not data.assessments:
    st.caption("No test results in this period. Assign a test below; the patient runs it, or "
               "score a recording with `coach assess VIDEO --test ID --patient NAME`.")  # fmt: skip
tabs = st.tabs([s.name for s in data.assessments]) if data.assessments else []
for tab, series in zip(tabs, data.assessments, strict=True):
    with tab:
        show_chart(st.container(), outcome_charts.assessment_figure(series))
        # A Markdown table: the long readings wrap on a phone instead of being cut off.
        st.markdown(markdown_table([{"Date": f"{p.performed_at:%d %b %Y}",
                                     "Result against norms": p.reading}
                                    for p in series.points]))  # fmt: skip
        st.caption(series.change_note)

st.subheader("Patient-reported outcomes")
pain_col, psfs_col = st.columns(2)
if data.pain:
    show_chart(pain_col, outcome_charts.pain_figure(data.pain))
else:
    pain_col.caption("No pain ratings in this period.")
if data.psfs:
    show_chart(psfs_col, outcome_charts.psfs_figure(data.psfs))
else:
    psfs_col.caption("No PSFS ratings in this period.")

st.subheader("Plan the measures")
assign_col, psfs_manage = st.columns(2)
with assign_col, st.form("outcomes.assign"):
    test_id = st.selectbox("Assign a test", sorted(tests), format_func=lambda t: tests[t].name)
    every = st.number_input("Repeat every (days)", 1, 365, tests[test_id].default_interval_days)
    if st.form_submit_button("Assign"):
        clinic.assessments.assign(patient_id, test_id, interval_days=int(every))
        st.toast(f"{plain(tests[test_id].name)} assigned every {int(every)} days")
def _test_name(key: str) -> str:
    return plain(tests[key].name if key in tests else key)


for assignment, due in clinic.assessments.due(patient_id):
    with assign_col.expander(f"{_test_name(assignment.assessment_key)}: every "
                             f"{assignment.interval_days} days, next due {due:%d %b}"):  # fmt: skip
        with st.form(f"outcomes.schedule.{assignment.id}"):
            new_every = st.number_input("Repeat every (days)", 1, 365, assignment.interval_days,
                                        key=f"outcomes.every.{assignment.id}")  # fmt: skip
            new_start = st.date_input("From", today, key=f"outcomes.start.{assignment.id}")
            if st.form_submit_button("Change the schedule"):
                try:
                    clinic.assessments.reschedule(
                        assignment.id, interval_days=int(new_every),
                        start_date=new_start if isinstance(new_start, date) else today,
                    )  # fmt: skip
                    st.rerun()
                except StoreError as exc:
                    st.error(plain(exc))
        if st.button("End this test", key=f"outcomes.end.{assignment.id}"):
            try:
                clinic.assessments.end_assignment(assignment.id)
                st.rerun()
            except StoreError as exc:
                st.error(plain(exc))
ended = [a for a in clinic.assessments.assignment_history(patient_id) if not a.active]
if ended:
    with assign_col.expander(f"Earlier schedules ({len(ended)})"):
        for old in ended:
            until = f"{old.ended_at:%d %b %Y} by {plain(old.ended_by)}" if old.ended_at else "–"
            st.caption(f"{_test_name(old.assessment_key)}: every {old.interval_days} days from "
                       f"{old.start_date:%d %b %Y}, ended {until}")  # fmt: skip
with psfs_manage, st.form("outcomes.psfs", clear_on_submit=True):
    activity = st.text_input("PSFS activity (up to 5)", placeholder="e.g. Climbing stairs")
    if st.form_submit_button("Add activity") and activity.strip():
        try:
            clinic.proms.add_psfs_activity(patient_id, activity)
        except StoreError as exc:
            st.error(str(exc))
for item in clinic.proms.psfs_activities(patient_id):
    psfs_manage.caption(f"• {plain(item.name)}")

st.subheader("Documents")
pdf_col, fhir_col = st.columns(2)
pdf_col.download_button(
    "Progress report (PDF)",
    # Callables: the report and the export (each audited) run only when clicked.
    lambda: clinic.reports.render_pdf(patient_id, first, today),
    file_name=f"{patient.user.username}-report-{first}-{today}.pdf", mime="application/pdf",
    icon=":material/picture_as_pdf:", width="stretch",
)  # fmt: skip
fhir_col.download_button(
    "FHIR R4 bundle (JSON)", lambda: clinic.fhir.export_bundle(patient_id),
    file_name=f"{patient.user.username}-fhir.json", mime="application/fhir+json",
    icon=":material/download:", width="stretch",
)  # fmt: skip
