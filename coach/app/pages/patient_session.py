"""Exercise now: the live session with the webcam, set by set, with a summary at the end.

Layout only: the session itself (flow, model, tracking, storage) is
:class:`coach.live.controller.LiveSessionController`, created once and kept in the browser
session's state, so page re-runs never restart it.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import streamlit as st

from coach.app import resources, state
from coach.app.components.live_panel import PANEL_CSS, panel_html
from coach.app.components.live_video import live_video
from coach.app.components.prom_prompts import pain_prompt
from coach.app.components.speech import mute_toggle, speak
from coach.app.practice_choices import active_plans, patient_choices, recorded_as
from coach.app.rom_progress import best_movement_text
from coach.app.table_cells import readable_rows
from coach.app.text import plain
from coach.app.text_table import markdown_table
from coach.exercises.point_coverage import point_coverage
from coach.live.controller import (
    LiveSessionController,
    library_tracker_factory,
    plan_for_session,
    resumable_sessions,
)
from coach.live.flow import Phase, PlanItem
from coach.live.guidance import backend_words, session_title
from coach.live.settings import load_live_settings
from coach.pose import DETECTOR_NAMES
from coach.store import PermissionDeniedError, Role, SessionInfo, StoreError

logger = logging.getLogger(__name__)

CONTROLLER_KEY = "live.controller"
REFRESH_S = 0.5

actor = state.require_role(Role.PATIENT)
assert actor.user_id is not None
patient_id: int = actor.user_id
clinic = state.service()
library = resources.exercise_library()
try:
    settings = load_live_settings()
except ValueError as settings_error:
    logger.error("live settings: %s", settings_error)
    st.error(
        "The exercise camera is not set up correctly on this server. Please tell your clinic "
        f"what it says: {settings_error}"
    )
    st.stop()


def _begin(plan: list[PlanItem], prescription_id: int | None, resume: SessionInfo | None) -> None:
    backend = st.session_state.get("live.backend", settings.backend)
    with st.spinner("Getting the exercise coach ready…"):
        controller = LiveSessionController(
            service=clinic, patient_id=patient_id, plan=plan, prescription_id=prescription_id,
            backend=backend, resume=resume, tracker_factory=library_tracker_factory(library),
        )  # fmt: skip
        if not controller.processor.wait_until_ready(120.0):
            controller.abandon()
            logger.error("pose model did not load: %s", controller.processor.detector_error)
            st.error("The exercise coach could not start. Please try again, or tell your clinic.")
            st.stop()
    st.session_state[CONTROLLER_KEY] = controller
    st.rerun()


def _start_screen() -> None:
    st.title("Exercise now")
    st.write(
        "Place your phone or camera so it can see your whole body, in good light. Before each "
        "exercise you will see how to do it and where to sit or stand."
    )
    pain_prompt(clinic, patient_id, "before", key="live.pain_before")
    for info in resumable_sessions(clinic, patient_id):
        when = info.started_at.strftime("%A %d %B, %H:%M")
        with st.container(border=True):
            st.write(f"You stopped a session on **{when}** ({info.rep_count} reps saved).")
            if st.button("Carry on where I stopped", key=f"resume.{info.id}", type="primary"):
                _begin(plan_for_session(clinic, info, library), info.prescription_id, info)
    plans = active_plans(clinic, patient_id, library)
    for plan in plans:
        with st.container(border=True):
            st.subheader(plain(plan.routine_name))
            st.markdown(" · ".join(plain(item.name) for item in plan.items))
            if st.button("Start", key=f"start.{plan.prescription_id}", type="primary"):
                _begin(plan.items, plan.prescription_id, None)
    with st.container(border=True):
        st.subheader("Practise one exercise")
        exercises = patient_choices(clinic, patient_id, library, plans)
        if not exercises:
            st.write("When your therapist gives you exercises, you can practise them here.")
        else:
            chosen = st.selectbox(
                "Exercise", exercises, format_func=lambda choice: choice.label,
                key="live.practice",
            )  # fmt: skip
            if chosen is not None and chosen.note:
                st.caption(f"Your therapist's note: {plain(chosen.note)}")
            elif extras := sum(choice.allowed for choice in exercises):
                st.caption(f"The list also holds {extras} extra exercise"
                           f"{'s' if extras > 1 else ''} your therapist allowed you.")  # fmt: skip
            if st.button("Practise", key="live.practice.start") and chosen is not None:
                # As Upload stores it: a prescribed exercise with its plan's targets.
                item, prescription_id = recorded_as(chosen, plans, library)
                _begin([item], prescription_id, None)
    with st.expander("Settings"):
        st.selectbox(
            "Pose model", DETECTOR_NAMES, index=DETECTOR_NAMES.index(settings.backend),
            key="live.backend", help="Lightning is fast; BlazePose sees hands and feet.",
        )  # fmt: skip


def _watch(
    controller: LiveSessionController, phase: Phase, panel: Any, voice: Any, ready: bool
) -> None:
    """Keep the side panel up to date until the phase changes or the patient clicks.

    A loop in the script run, as streamlit-webrtc's samples do: a fragment with ``run_every``
    re-renders the page around the video and stalls the stream (measured: 12 of 400 frames
    shown), whereas replacing one element leaves the video alone. A click stops this run.
    """
    muted = bool(st.session_state.get("live.muted", False))
    while True:
        state.touch()  # this one script run lasts the whole set: keep the sign-in alive
        view = controller.poll()
        if controller.phase is not phase or (
            phase is Phase.READY and controller.camera_ready is not ready
        ):
            st.rerun()  # the buttons depend on the phase and on the set-up check
        panel.markdown(panel_html(controller, phase), unsafe_allow_html=True)
        if view.to_speak is not None:
            with voice.container():
                speak(view.to_speak.message, serial=view.to_speak.serial, muted=muted)
        time.sleep(REFRESH_S)


def _controls(controller: LiveSessionController, phase: Phase, ready: bool) -> None:
    """Three buttons whose number never changes (see :func:`_watch` on lingering elements).

    "Start set" stays disabled until the set-up check sees the patient (``ready``), and for
    good when the pose model lacks a point the exercise counts on (a note above says so).
    """
    note = st.empty()  # always there, so a note of the READY phase never lingers in a set
    left, middle, right = st.container(key="live_controls").columns(3)
    try:
        if phase is Phase.READY:
            item = controller.flow.item
            coverage = point_coverage(
                library.exercise(item.exercise_key), controller.processor.backend, item.side
            )
            words, can_start = backend_words(coverage, item.name)
            if words:
                (note.info if can_start else note.warning)(plain(words))
            label = f"Start set {controller.flow.set_number}"
            why = None if ready else "Starts once the camera can see you."
            if left.button(label, type="primary", width="stretch", key="live.start_set",
                           disabled=not (ready and can_start), help=why):  # fmt: skip
                controller.start_set()
                st.rerun()
            if middle.button("Skip this exercise", width="stretch", key="live.skip"):
                controller.skip_exercise()
                st.rerun()
        elif phase is Phase.ACTIVE:
            if left.button("Finish set", type="primary", width="stretch", key="live.finish_set"):
                controller.finish_set()
                st.rerun()
            middle.empty()
        elif phase is Phase.REST:
            if left.button("I'm ready", width="stretch", key="live.rest"):
                controller.skip_rest()
                st.rerun()
            middle.empty()
        else:  # every set is done: finishing is the one thing left
            left.empty()
            middle.empty()
        done = phase is Phase.DONE
        if right.button("Finish for today", type="primary" if done else "secondary",
                        width="stretch", key="live.finish"):  # fmt: skip
            controller.finish()
            st.rerun()
    except PermissionDeniedError as error:  # the plan was paused or the extra taken back
        logger.warning("live session refused: %s", error)
        st.error(
            "This exercise is no longer on your plan, so it cannot be recorded. "
            "Please ask your therapist."
        )
    except StoreError as error:
        logger.warning("live session store error: %s", error)
        st.error("Your results could not be saved just now. Please try again.")


def _session_screen(controller: LiveSessionController) -> None:
    """Video with the buttons under it, and the panel (count, tip) beside it; on a phone the
    panel comes under the buttons and all three fit the first screen (see ``PANEL_CSS``)."""
    phase = controller.phase
    st.markdown(PANEL_CSS, unsafe_allow_html=True)
    st.title(plain(controller.flow.progress_text()))
    video, side = st.columns([3, 2], gap="large")
    ready = controller.camera_ready
    with video:
        live_video(controller, settings.rtc_configuration(), key=f"live-{controller.key}")
        _controls(controller, phase, ready)  # right under the video, on a phone too
    with side:
        panel = st.empty()
        panel.markdown(panel_html(controller, phase), unsafe_allow_html=True)
    mute, stop = st.columns(2, vertical_alignment="center")
    with mute:
        st.session_state["live.muted"] = mute_toggle()
    voice = st.empty()
    if stop.button("Stop for now (you can carry on later)", type="tertiary", key="live.stop"):
        controller.abandon()
        del st.session_state[CONTROLLER_KEY]
        st.rerun()
    _watch(controller, phase, panel, voice, ready)


def _summary_screen(controller: LiveSessionController) -> None:
    summary = controller.summary
    if summary is None:
        st.title("Nothing was recorded this time")
        st.write("Come back when you are ready; your exercises are waiting for you.")
        if st.button("Back to the start", type="primary"):
            del st.session_state[CONTROLLER_KEY]
            st.rerun()
        return
    total_reps = sum(s.achieved_reps for s in summary.sets)
    holds_done = sum(bool(s.holds or s.balances) for s in summary.sets)
    st.title(session_title(total_reps, holds_done))
    if not summary.session.counts:
        st.write(
            "Nothing was counted, so this does not count as a session done. Your therapist "
            "can still see it. Check that the camera sees your whole body and try again."
        )
    one, two, three = st.columns(3)
    one.metric("Reps done", total_reps)
    two.metric("Sets done", len(summary.sets))
    minutes = (
        (summary.session.ended_at - summary.session.started_at).total_seconds() / 60
        if summary.session.ended_at
        else 0.0
    )
    three.metric("Minutes", f"{minutes:.0f}")
    names = {item.exercise_key: item.name for item in controller.plan}
    rows = [
        {
            "Exercise": names.get(s.exercise_key, s.exercise_key),
            "Set": s.set_index + 1,
            "Done": s.achieved_reps if s.target_reps is not None else s.achieved_hold_s,
            "Goal": s.target_reps if s.target_reps is not None else s.target_hold_s,
            "Best movement": best_movement_text(s, library),
        }
        for s in summary.sets
    ]
    if rows:
        st.markdown(markdown_table(readable_rows(rows)))  # no pandas on patient pages
    if summary.cues:
        st.subheader("Tips from this session")
        for cue in dict.fromkeys(c.message for c in summary.cues):
            st.markdown(f"• {plain(cue)}")
    pain_prompt(clinic, patient_id, "after", key=f"live.pain_after.{summary.session.id}",
                session_id=summary.session.id)  # fmt: skip
    if summary.session.counts:
        st.caption("Your therapist can see this session.")
    if st.button("Back to the start", type="primary"):
        del st.session_state[CONTROLLER_KEY]
        st.session_state.pop("live.pain_before.saved", None)  # ask again next session
        st.rerun()


current: LiveSessionController | None = st.session_state.get(CONTROLLER_KEY)
if current is None:
    with st.container():  # one block, so the live screen's first element replaces all of it
        _start_screen()
elif current.finished:
    _summary_screen(current)
else:
    _session_screen(current)
