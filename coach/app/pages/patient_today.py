"""Today's routine: what the therapist prescribed and what is done this week."""

from __future__ import annotations

import streamlit as st

from coach.app import resources, state
from coach.app.components.prom_prompts import psfs_prompt
from coach.app.navigation import PAGES_DIR
from coach.app.text import plain
from coach.live.controller import resumable_sessions
from coach.live.plan import plan_for_routine_yaml, routine_purpose
from coach.live.today import (
    completed_count,
    done_this_week,
    sessions_this_week,
    summarize_week,
    today_utc,
)
from coach.store import Role

actor = state.require_role(Role.PATIENT)
assert actor.user_id is not None
clinic = state.service()
library = resources.exercise_library()
today = today_utc()

st.title(f"Hello, {plain(actor.display_name or actor.username)}")
psfs_prompt(clinic, actor.user_id)
prescriptions = clinic.plans.prescriptions_for(actor.user_id, active_only=True)
if not prescriptions:
    st.info(
        "Your therapist has not given you any exercises yet. When they do, they will appear "
        "here. You can still practise an exercise on the **Exercise now** page."
    )
    st.stop()

if resumable_sessions(clinic, actor.user_id):
    st.warning("You stopped a session before the end. You can carry on where you left off.")

this_week = sessions_this_week(clinic.history.sessions_for(actor.user_id, limit=60), today)
details = [clinic.history.session_detail(info.id) for info in this_week]
st.page_link(
    PAGES_DIR / "patient_session.py", label="Start today's exercises", icon=":material/videocam:"
)

for prescription in prescriptions:
    routine = prescription.routine
    plan = plan_for_routine_yaml(routine.yaml_text, routine.name, library)
    mine = [d for d in details if d.session.prescription_id == prescription.id]
    done = completed_count(d.session for d in mine)
    with st.container(border=True):
        st.subheader(plain(routine.name))
        purpose = routine_purpose(routine.yaml_text, library)
        if purpose:
            st.markdown(f"**What it is for:** {plain(purpose)}")
        left, right = st.columns([1, 2])
        left.metric("Sessions this week", f"{done} of {prescription.days_per_week}")
        right.progress(
            min(1.0, done / prescription.days_per_week),
            text=f"Your plan: {prescription.days_per_week} days a week",
        )
        # One short block per exercise, not a table: it reads on a phone without scrolling
        # sideways, in the order of the routine.
        for number, week in enumerate(summarize_week(plan, mine), start=1):
            lines = [
                f"**{number}. {plain(week.item.name)}**",
                plain(week.what_to_do),
                plain(done_this_week(week)),
            ]
            if week.item.notes:
                lines.append(f"*From your therapist:* {plain(week.item.notes)}")
            st.markdown("  \n".join(lines))
