"""Progress dashboard: adherence, reps against prescription, ROM, balance, and each session."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from coach.app import (
    adherence_text,
    chart_summaries,
    charts,
    progress,
    state,
    widgets,
)
from coach.app.chart_view import show_chart
from coach.app.resources import exercise_library
from coach.app.table_cells import readable_rows
from coach.app.text import plain
from coach.app.text_table import markdown_table
from coach.store import Role
from coach.store.rom_progress import rom_points, rom_summary

state.require_role(Role.THERAPIST, Role.ADMIN)
clinic = state.service()
library = exercise_library()


def exercise_name(key: str) -> str:
    """Display name of an exercise id (falls back to the id in words)."""
    exercise = library.exercises.get(key)
    return exercise.name if exercise is not None else widgets.nice_name(key)


st.title("Progress")
patients = clinic.history.list_patients()
if not patients:
    st.info("No patients yet. Add one on the **Patients** page.")
    st.page_link("pages/therapist_patients.py", label="Go to Patients", icon="➡️")
    st.stop()

pick, download = st.columns([4, 1], vertical_alignment="bottom")
with pick:
    patient = widgets.patient_picker(patients, key="progress.patient")
assert patient is not None
patient_id = patient.user.id
today = datetime.now(UTC).date()
details = clinic.history.patient_session_details(patient_id)
sessions = [detail.session for detail in details]
weeks = clinic.history.adherence(patient_id, weeks=8, today=today)
download.download_button(
    "Download CSV",
    # A callable: the export (read + audit entry) runs only when the button is clicked, not
    # on every rerun of the page.
    lambda: clinic.exports.export_history(patient_id, "csv"),
    file_name=f"{patient.user.username}-history.csv",
    mime="text/csv",
    icon=":material/download:",
    width="stretch",
)

done, adherence, last, total = st.columns(4)
done.metric("Sessions this week", adherence_text.this_week_text(patient))
value, covered = adherence_text.adherence_figure(clinic.history.adherence_summary(patient_id))
adherence.metric("Adherence, last 4 weeks", value)
adherence.caption(covered)
last.metric("Last session", widgets.when_text(patient.last_session_at))
counted = sum(s.counts for s in sessions)
total.metric("Sessions in total", counted)
if counted < len(sessions):
    total.caption(f"and {len(sessions) - counted} kept but not counted (no exercise recorded)")
if patient.missed_plan:
    st.warning(
        f"{plain(patient.user.display_name)}: "
        f"{adherence_text.patient_status(patient).lstrip('⚠ ')}."
    )

if not sessions:
    st.info(
        f"No sessions yet. When {plain(patient.user.display_name)} signs in and exercises "
        "(page **Today**), their progress appears here. Check that a routine is prescribed."
    )
    st.page_link("pages/therapist_prescribe.py", label="Prescribe a routine", icon="➡️")
    st.stop()

rows = progress.exercise_session_rows(details)
targets = progress.rom_targets(clinic.plans.prescriptions_for(patient_id), library)
measures = progress.rom_measures(library)

st.subheader("Adherence")
show_chart(st.container(), charts.adherence_calendar(sessions, weeks, today=today),
           chart_summaries.adherence_line(weeks))  # fmt: skip

st.subheader("Exercises")
rep_exercises = [key for key in progress.exercises_seen(rows) if any(
    r.exercise_key == key and r.reps_done for r in rows)]  # fmt: skip
if not rep_exercises:
    st.caption("No repetitions recorded yet.")
tabs = st.tabs([plain(exercise_name(k)) for k in rep_exercises])
for tab, key in zip(tabs, rep_exercises, strict=True):
    with tab:
        reps_col, rom_col = st.columns(2)
        mine = [r for r in rows if r.exercise_key == key]
        show_chart(reps_col, charts.reps_against_target(mine, exercise_name(key)),
                   chart_summaries.reps_line(mine))  # fmt: skip
        measure = measures.get(key)
        points = rom_points(details, key, measure) if measure else []
        if measure is not None and points:
            chart = charts.rom_over_time(points, exercise_name(key), targets.get(key), measure)
            show_chart(rom_col, chart, measure.explanation,
                       rom_summary(points, measure, targets.get(key)))  # fmt: skip
        else:
            rom_col.info("No range-of-motion angles were recorded for this exercise.")

balances = progress.balance_rows(details)
holds = progress.hold_rows(details)
st.subheader("Balance and holds")
if not balances and not holds:
    st.caption("No balance tests or timed holds recorded yet.")
else:
    figures = [(charts.hold_times(holds, balances), chart_summaries.hold_line(holds, balances))]
    if any(b.sway_rms_pct is not None for b in balances):
        figures.insert(0, (charts.sway_over_time(balances), chart_summaries.sway_line(balances)))
    for column, (chart, line) in zip(st.columns(len(figures)), figures, strict=True):
        show_chart(column, chart, line)

st.subheader("Session detail")
by_id = {d.session.id: d for d in details}
chosen_id = st.selectbox(
    "Session",
    [s.id for s in sessions],
    format_func=lambda sid: " · ".join(
        part
        for part in (
            f"{by_id[sid].session.started_at:%a %d %b %Y, %H:%M}",
            by_id[sid].session.routine_name or "free session",
            f"{by_id[sid].session.rep_count} reps",
            by_id[sid].session.status.value,
            adherence_text.session_note(by_id[sid].session),
            "demo" if by_id[sid].session.is_demo else "",
        )
        if part
    ),
    key="progress.session",
)
detail = by_id[chosen_id]
has_holds = any(s.achieved_hold_s is not None or s.target_hold_s is not None for s in detail.sets)
# Markdown tables for the few sets and cues: on a phone they wrap (or scroll sideways
# inside their column) instead of being cut off like a grid.
st.markdown(
    markdown_table(
        readable_rows(
            [
                {
                    "Exercise": exercise_name(s.exercise_key),
                    "Set": s.set_index + 1,
                    "Side": s.side or "",
                    "Reps done": s.achieved_reps,
                    "Reps asked": s.target_reps,
                    **(
                        {"Held (s)": s.achieved_hold_s, "Hold asked (s)": s.target_hold_s}
                        if has_holds
                        else {}
                    ),
                }
                for s in detail.sets
            ]
        )
    )
)
rep_rows = [{**row, "Exercise": exercise_name(str(row["Exercise"]))}
            for row in progress.rep_table(detail, measures)]  # fmt: skip
st.markdown("**Every repetition** (angles in degrees, times in seconds)")
for key in dict.fromkeys(s.exercise_key for s in detail.sets if s.reps):
    if key in measures:
        better = " (lower is better)" if measures[key].lower_is_better else ""
        st.caption(
            f"{plain(exercise_name(key))}: “Against target” is the {measures[key].name}{better}."
        )
if rep_rows:
    st.dataframe(readable_rows(rep_rows), hide_index=True)
else:
    st.caption("No repetitions in this session.")
cue_rows = progress.cue_table(detail)
st.markdown(f"**Cues given** ({len(cue_rows)})")
if cue_rows:
    st.markdown(markdown_table(cue_rows))
else:
    st.caption("No form cues were needed in this session.")
