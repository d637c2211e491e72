"""My tests: the standard tests the therapist assigned, run live with a spoken countdown.

Layout only: the run is :class:`coach.live.guided_session.GuidedTestSession` (frames, pose
worker, :class:`coach.live.guided_assessment.GuidedAssessment`), kept in the browser session.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from coach.app import resources, state
from coach.app.components.guided_panel import GUIDED_CSS, guided_panel_html
from coach.app.components.live_video import live_video
from coach.app.components.speech import mute_toggle, speak
from coach.app.text import plain
from coach.exercises.assessment_library import load_assessments
from coach.exercises.norms import format_value
from coach.live.guided_assessment import GuidedPhase
from coach.live.guided_session import GuidedTestSession
from coach.live.settings import load_live_settings
from coach.store import Role

RUN_KEY = "tests.run"
REFRESH_S = 0.25

actor = state.require_role(Role.PATIENT)
assert actor.user_id is not None
patient_id: int = actor.user_id
clinic = state.service()
library = resources.exercise_library()
tests = load_assessments(library.exercises).assessments
try:
    settings = load_live_settings()
except ValueError as settings_error:
    st.error(f"The live session is not set up correctly: {plain(settings_error)}")
    st.stop()


def _start(test_id: str) -> None:
    with st.spinner("Getting the camera coach ready…"):
        run = GuidedTestSession(service=clinic, patient_id=patient_id, assessment=tests[test_id],
                                library=library, backend=settings.backend)  # fmt: skip
        if not run.processor.wait_until_ready(120.0):
            run.close()
            st.error(run.processor.detector_error or "The pose model did not load.")
            st.stop()
    st.session_state[RUN_KEY] = run
    st.rerun()


def _choose() -> None:
    st.title("My tests")
    due = clinic.assessments.due(patient_id)
    if not due:
        st.info("Your therapist has not asked you to do a test. When they do, it appears here.")
        return
    for assignment, when in due:
        test = tests.get(assignment.assessment_key)
        if test is None:
            continue
        with st.container(border=True):
            st.subheader(plain(test.name))
            st.markdown(plain(test.description))
            st.caption(f"Every {assignment.interval_days} days · next on {when:%d %B}")
            st.markdown(f"**Camera:** {plain(test.camera)}")
            if test.equipment:
                st.markdown("**You need:** " + "; ".join(plain(item) for item in test.equipment))
            for step in test.instructions:
                st.markdown(f"• {plain(step)}")
            if st.button("Set up the camera", key=f"tests.start.{test.id}", type="primary"):
                _start(test.id)


def _watch(run: GuidedTestSession, phase: GuidedPhase, panel: Any, voice: Any) -> None:
    """Refresh the panel and speak each announcement once, until the phase changes."""
    muted = bool(st.session_state.get("tests.muted", False))
    spoken = int(st.session_state.get(f"tests.spoken.{run.key}", 0))
    while True:
        state.touch()
        if run.guided.phase is not phase:
            st.rerun()
        panel.markdown(guided_panel_html(run.guided), unsafe_allow_html=True)
        new = [a for a in run.guided.announcements if a.serial > spoken]
        if new:
            spoken = new[-1].serial
            st.session_state[f"tests.spoken.{run.key}"] = spoken
            with voice.container():
                speak(new[-1].text, serial=spoken, muted=muted)
        time.sleep(REFRESH_S)


def _run_screen(run: GuidedTestSession) -> None:
    guided = run.guided
    st.markdown(GUIDED_CSS, unsafe_allow_html=True)
    st.title(plain(guided.assessment.name))
    if guided.phase is GuidedPhase.DONE:
        _result(run)
        return
    video, side = st.columns([3, 2], gap="large")
    with video:
        live_video(run, settings.rtc_configuration(), key=f"tests-{run.key}")
    with side:
        panel = st.empty()
        panel.markdown(guided_panel_html(guided), unsafe_allow_html=True)
        st.session_state["tests.muted"] = mute_toggle()
        voice = st.empty()
    left, right = st.columns(2)
    if guided.phase in (GuidedPhase.SETUP, GuidedPhase.BETWEEN):
        if left.button("I'm in place: start the countdown", type="primary", width="stretch",
                       key="tests.ready"):  # fmt: skip
            run.ready()
            st.rerun()
    elif right.button("Stop", width="stretch", key="tests.stop"):
        run.stop()
        st.rerun()
    _watch(run, guided.phase, panel, voice)


def _result(run: GuidedTestSession) -> None:
    saved = run.save()
    run.close()
    outcome = run.guided.outcome
    assert outcome is not None
    st.success("Your result is saved. Your therapist will go through it with you.")
    for part, value in outcome.scores.items():
        label = "Result" if part == "result" else f"{part.capitalize()} leg"
        shown = "not completed" if value is None else format_value(run.guided.assessment, value)
        st.metric(label, shown)
    st.caption(outcome.note)
    if saved is not None:
        st.caption(f"Saved as result {saved.id}.")
    if st.button("Back to my tests", type="primary", key="tests.back"):
        del st.session_state[RUN_KEY]
        st.rerun()


current: GuidedTestSession | None = st.session_state.get(RUN_KEY)
if current is None:
    with st.container():
        _choose()
else:
    _run_screen(current)
