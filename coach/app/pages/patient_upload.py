"""Upload a video instead of using the webcam: same analysis, saved the same way."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from coach.app import resources, state
from coach.app.practice_choices import active_plans, patient_choices, recorded_as
from coach.app.text import plain
from coach.live.settings import load_live_settings
from coach.live.upload import (
    VIDEO_TYPES,
    NobodyInVideoError,
    analyze_upload,
    content_sha256,
    earlier_upload,
    in_memory_file,
    store_upload,
)
from coach.store import DuplicateError, Role, StoreError

logger = logging.getLogger(__name__)

actor = state.require_role(Role.PATIENT)
assert actor.user_id is not None
clinic = state.service()
library = resources.exercise_library()
try:
    backend = load_live_settings().backend
except ValueError as settings_error:
    logger.error("live settings: %s", settings_error)
    st.error(
        "Video analysis is not set up correctly on this server. Please tell your clinic what "
        f"it says: {settings_error}"
    )
    st.stop()

st.title("Upload a video")
# Body text, not a caption: the patient needs this to use the page, in full size and contrast.
st.write(
    "No camera? Film yourself with a phone and upload the video. The app counts and measures "
    "it the same way, and your therapist sees the results. The video itself is not kept."
)

plans = active_plans(clinic, actor.user_id, library)
choices = patient_choices(clinic, actor.user_id, library, plans)
if not choices:
    st.write("When your therapist gives you exercises, you can upload a video of them here.")
    st.stop()
chosen = st.selectbox(
    "Which exercise is in the video?", choices, format_func=lambda choice: choice.label,
    key="upload.exercise",
)  # fmt: skip
if chosen is None:
    st.stop()
if chosen.note:
    st.caption(f"Your therapist's note: {plain(chosen.note)}")
item, prescription_id = recorded_as(chosen, plans, library)
uploaded = st.file_uploader("Your video", type=list(VIDEO_TYPES), key="upload.file")

if uploaded is not None and st.button("Count my exercise", type="primary"):
    from coach.pose import create_detector
    from coach.session.video import VideoError

    data = uploaded.getvalue()
    source_sha256 = content_sha256(data)
    earlier = earlier_upload(clinic, actor.user_id, source_sha256)
    if earlier is not None:
        st.info(
            f"You already uploaded this video on {earlier.started_at:%A %d %B}. "
            "It is saved once, so it was not saved again."
        )
        st.stop()
    bar = st.progress(0.0, text="Looking at your video…")

    def show_progress(done: int, total: int) -> None:
        if total:
            bar.progress(min(1.0, done / total), text=f"Looking at your video… {done}/{total}")

    try:
        with (
            in_memory_file(data, Path(uploaded.name).suffix) as path,
            create_detector(backend) as detector,
        ):
            analysis = analyze_upload(path, item, library, detector, show_progress)
        store_upload(
            clinic, actor.user_id, item, analysis, backend=backend,
            source_sha256=source_sha256, prescription_id=prescription_id,
        )  # fmt: skip
    except VideoError:
        bar.empty()
        st.error(
            "This file could not be read as a video. Try another file, or film again with "
            "the phone's own camera app."
        )
    except NobodyInVideoError:
        bar.empty()
        st.error(
            "I couldn't see you in this video, so nothing was saved. Film again with your "
            "whole body in view and good light."
        )
    except DuplicateError:
        bar.empty()
        st.info("You already uploaded this video. It is saved once, so it was not saved again.")
    except StoreError as error:
        bar.empty()
        logger.warning("upload store error: %s", error)
        st.error("The results could not be saved just now. Please try again later.")
    else:
        report = analysis.exercise
        bar.progress(1.0, text="Done")
        did_exercise = report.reps_completed or report.best_hold_s or report.balance
        if did_exercise:
            st.success("Saved. Your therapist can see this session.")
        else:
            st.warning(
                "No repetitions or holds were counted in this video. It is kept for your "
                "therapist, but it does not count as a session done."
            )
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
