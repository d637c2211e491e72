"""Upload a video instead of using the webcam: same analysis, saved the same way."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from coach.app import resources, state
from coach.app.text import plain
from coach.live.flow import PlanItem
from coach.live.plan import plan_for_routine_yaml, single_exercise_plan
from coach.live.settings import load_live_settings
from coach.live.upload import VIDEO_TYPES, analyze_upload, in_memory_file, store_report
from coach.store import Role, StoreError

actor = state.require_role(Role.PATIENT)
assert actor.user_id is not None
clinic = state.service()
library = resources.exercise_library()
try:
    backend = load_live_settings().backend
except ValueError as settings_error:
    st.error(f"Video analysis is not set up correctly: {settings_error}")
    st.stop()

st.title("Upload a video")
st.caption(
    "No camera? Film yourself with a phone and upload the video. The app counts and measures "
    "it the same way, and your therapist sees the results. The video itself is not kept."
)

choices: dict[str, tuple[PlanItem, int | None]] = {}
for prescription in clinic.plans.prescriptions_for(actor.user_id, active_only=True):
    routine = prescription.routine
    for item in plan_for_routine_yaml(routine.yaml_text, routine.name, library):
        choices.setdefault(f"{item.name} ({routine.name})", (item, prescription.id))
for exercise in sorted(library.exercises.values(), key=lambda e: e.name):
    choices.setdefault(exercise.name, (single_exercise_plan(exercise, sets=1)[0], None))

label = st.selectbox("Which exercise is in the video?", list(choices), key="upload.exercise")
item, prescription_id = choices[label]
uploaded = st.file_uploader("Your video", type=list(VIDEO_TYPES), key="upload.file")

if uploaded is not None and st.button("Count my exercise", type="primary"):
    from coach.pose import create_detector
    from coach.session.video import VideoError

    bar = st.progress(0.0, text="Looking at your video…")

    def show_progress(done: int, total: int) -> None:
        if total:
            bar.progress(min(1.0, done / total), text=f"Looking at your video… {done}/{total}")

    try:
        with (
            in_memory_file(uploaded.getvalue(), Path(uploaded.name).suffix) as path,
            create_detector(backend) as detector,
        ):
            report = analyze_upload(path, item, library, detector, show_progress)
        detail = store_report(
            clinic, actor.user_id, item, report, backend=backend, prescription_id=prescription_id
        )
    except VideoError as error:
        bar.empty()
        st.error(f"This file could not be read as a video: {plain(error)}")
    except StoreError as error:
        bar.empty()
        st.error(f"The results could not be saved: {plain(error)}")
    else:
        bar.progress(1.0, text="Done")
        st.success("Saved. Your therapist can see this session.")
        one, two, three = st.columns(3)
        if report.kind in ("reps", "rom"):
            one.metric("Reps counted", report.reps_completed)
        else:
            one.metric("Longest hold", f"{report.best_hold_s or 0:.0f} s")
        best = f"{report.best_rom_deg:.0f}°" if report.best_rom_deg else "—"
        two.metric("Best range of movement", best)
        three.metric("Tips given", len(report.cues))
        for cue in report.cues:
            st.markdown(f"• {plain(cue.text)}")
        st.caption(f"Session {detail.session.id} saved.")
