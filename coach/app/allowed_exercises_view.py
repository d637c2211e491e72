"""The Prescribe page's "Extra exercises" section: allow library exercises besides the plans,
see them and take them off the list again."""

from __future__ import annotations

import streamlit as st

from coach.app import state
from coach.app.text import plain
from coach.exercises.library import ExerciseLibrary
from coach.store import AllowedExerciseInfo, StoreError, UserInfo
from coach.store.service.allowances import MAX_NOTE_CHARS

DONE_KEY = "allow.done"  # the last result, shown after the rerun


def allowance_text(allowance: AllowedExerciseInfo, library: ExerciseLibrary) -> str:
    """'**Heel raise** · allowed by thera on 30 Nov 2026 · “On good days.”' (Markdown)."""
    exercise = library.exercises.get(allowance.exercise_key)
    name = exercise.name if exercise is not None else allowance.exercise_key
    text = (
        f"**{plain(name)}** · allowed by {plain(allowance.allowed_by)} "
        f"on {allowance.allowed_at:%d %b %Y}"
    )
    return text + (f" · “{plain(allowance.note)}”" if allowance.note else "")


def _allowance_row(allowance: AllowedExerciseInfo, library: ExerciseLibrary) -> None:
    with st.container(border=True):
        text, revoke = st.columns([4, 1], vertical_alignment="center")
        text.markdown(allowance_text(allowance, library))
        if revoke.button("Take off the list", key=f"allow.revoke.{allowance.id}", width="stretch"):
            try:
                state.service().allowances.revoke_exercise(allowance.id)
            except StoreError as error:
                st.error(f"Not taken off the list: {plain(error)}")
            else:
                st.rerun()


def allowed_exercises_section(patient: UserInfo, library: ExerciseLibrary) -> None:
    """The patient's extra exercises, each with "Take off the list", and a form to add one."""
    clinic = state.service()
    st.subheader(f"Extra exercises for {plain(patient.display_name)}")
    st.caption(
        "Exercises they may practise on their own besides those of their plans (under "
        "*Practise one exercise* on their **Exercise now** page). These sessions are recorded "
        "like any other and count once a repetition, hold or balance trial is recorded."
    )
    allowed = clinic.allowances.allowed_exercises(patient.id)
    for allowance in allowed:
        _allowance_row(allowance, library)
    taken = {a.exercise_key for a in allowed}
    options = sorted(
        (e for key, e in library.exercises.items() if key not in taken), key=lambda e: e.name
    )
    if not options:
        st.write("Every exercise of the library is allowed.")
        return
    with st.form("allow", clear_on_submit=True):
        chosen = st.selectbox("Exercise", options, format_func=lambda e: e.name, key="allow.ex")
        note = st.text_input(
            "Note for the patient (optional)", max_chars=MAX_NOTE_CHARS, key="allow.note",
            placeholder="e.g. On days your knee feels good",
        )  # fmt: skip
        add = st.form_submit_button("Allow this exercise", icon=":material/add:")
    if add and chosen is not None:
        try:
            clinic.allowances.allow_exercise(patient.id, chosen.id, note=note)
        except StoreError as error:
            st.error(f"Not allowed: {plain(error)}")
        else:
            done = f"{plain(patient.display_name)} may now practise **{plain(chosen.name)}**."
            st.session_state[DONE_KEY] = done
            st.rerun()
    if done := st.session_state.pop(DONE_KEY, None):
        st.success(done)
