"""Patient-reported outcome prompts: pain 0-10 with one tap, and the weekly PSFS ratings.

Each prompt is optional and records at most once per page visit; what was saved is shown back
to the patient so a mistaken tap is visible (the therapist sees every rating with its time).
"""

from __future__ import annotations

import streamlit as st

from coach.app.text import plain
from coach.store import ClinicService, StoreError
from coach.store.outcome_dto import PainMoment

PAIN_SCALE = list(range(11))
_QUESTIONS: dict[PainMoment, str] = {
    "before": "Before you start: how much pain do you have right now?",
    "after": "Now that you have finished: how much pain do you have?",
}


def pain_prompt(
    clinic: ClinicService,
    patient_id: int,
    moment: PainMoment,
    *,
    key: str,
    session_id: int | None = None,
) -> None:
    """One tap on 0-10 (0 = no pain, 10 = worst pain imaginable); optional."""
    saved_key = f"{key}.saved"
    if saved_key in st.session_state:
        st.caption(f"Pain {moment} the session saved: {st.session_state[saved_key]} / 10. "
                   "Thank you.")  # fmt: skip
        return
    score = st.segmented_control(
        f"{_QUESTIONS[moment]} (optional: 0 = no pain, 10 = worst pain imaginable)",
        PAIN_SCALE, key=key,
    )  # fmt: skip
    if score is None:
        return
    try:
        clinic.proms.record_pain(patient_id, moment, int(score), session_id=session_id)
    except StoreError as error:
        st.error(f"Your answer could not be saved: {plain(error)}")
        return
    st.session_state[saved_key] = int(score)
    st.rerun()


def psfs_prompt(clinic: ClinicService, patient_id: int) -> None:
    """The weekly PSFS ratings, when the therapist named activities and none is a week old."""
    if not clinic.proms.psfs_due(patient_id):
        return
    activities = clinic.proms.psfs_activities(patient_id)
    with st.container(border=True), st.form("psfs.weekly"):
        st.subheader("Your weekly check")
        st.write("How well can you do these activities today? 0 = unable to do it, "
                 "10 = as well as before your problem.")  # fmt: skip
        # No default answer: a pre-set value would be saved by a patient who just clicks on.
        scores = {
            a.id: st.segmented_control(a.name, PAIN_SCALE, key=f"psfs.{a.id}") for a in activities
        }
        if st.form_submit_button("Save my answers", type="primary", key="psfs.save"):
            if any(score is None for score in scores.values()):
                st.warning("Please rate every activity (0 to 10) before saving.")
                return
            try:
                for activity_id, score in scores.items():
                    clinic.proms.rate_psfs(activity_id, int(score))  # type: ignore[arg-type]
            except StoreError as error:
                st.error(f"Your answers could not be saved: {plain(error)}")
                return
            st.rerun()
