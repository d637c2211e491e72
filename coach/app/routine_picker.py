"""The Prescribe page's routine picker: which routine versions it offers and which it starts on.

It starts on the patient's current routine (the version of their newest active plan), so
"prescribe again" or a small schedule change never switches routines by accident. A routine the
therapist has just saved in the builder is preferred instead (that is why they came) until it is
prescribed or the therapist picks another routine. Another patient picked, or the page opened
again, starts the picker over for that patient.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from coach.store import PrescriptionInfo, RoutineInfo

#: Set by the routine builder on Save: the routine version the therapist will likely prescribe.
JUST_SAVED_KEY = "coach.selected_routine_id"
ROUTINE_KEY = "prescribe.routine"
_STARTED_FOR_KEY = "prescribe.routine_started_for"


def routine_choices(
    latest: Sequence[RoutineInfo], active_plans: Sequence[PrescriptionInfo]
) -> list[RoutineInfo]:
    """The newest version of every routine, plus each version the patient's active plans
    use when it is older (so their current plan can be prescribed again as it is)."""
    choices = list(latest)
    offered = {routine.id for routine in choices}
    for plan in active_plans:
        if plan.routine.id not in offered:
            choices.append(plan.routine)
            offered.add(plan.routine.id)
    return choices


def starting_routine_id(
    choices: Sequence[RoutineInfo],
    active_plans: Sequence[PrescriptionInfo],
    *,
    just_saved_id: int | None = None,
    current_id: int | None = None,
) -> int:
    """The routine version the picker starts on.

    In order: the version just saved in the builder; the version of the patient's newest
    active plan (``active_plans`` is newest first); the routine already picked; the first.
    """
    offered = [routine.id for routine in choices]
    for candidate in (just_saved_id, *(plan.routine.id for plan in active_plans), current_id):
        if candidate in offered:
            return candidate
    return offered[0]


def plan_of_routine(
    routine: RoutineInfo, active_plans: Sequence[PrescriptionInfo]
) -> PrescriptionInfo | None:
    """The patient's active plan of ``routine`` (any version of it), if there is one."""
    return next((p for p in active_plans if p.routine.routine_key == routine.routine_key), None)


def routine_picker(
    patient_id: int,
    latest: Sequence[RoutineInfo],
    active_plans: Sequence[PrescriptionInfo],
) -> RoutineInfo:
    """The routine select box; returns the routine version picked.

    Args:
        patient_id: The patient being prescribed to.
        latest: The newest version of every routine (not empty).
        active_plans: The patient's active plans, newest first.
    """
    choices = routine_choices(latest, active_plans)
    by_id = {routine.id: routine for routine in choices}
    current_plan_ids = {plan.routine.id for plan in active_plans}
    picked = st.session_state.get(ROUTINE_KEY)
    just_saved = st.session_state.get(JUST_SAVED_KEY)
    if st.session_state.get(_STARTED_FOR_KEY) != patient_id or picked not in by_id:
        # Set before the box is drawn, so the browser shows it (a keyed box keeps its value).
        st.session_state[ROUTINE_KEY] = starting_routine_id(
            choices, active_plans, just_saved_id=just_saved, current_id=picked
        )
        st.session_state[_STARTED_FOR_KEY] = patient_id

    def label(routine_id: int) -> str:
        routine = by_id[routine_id]
        current = " · current plan" if routine_id in current_plan_ids else ""
        return f"{routine.name} (version {routine.version}){current}"

    chosen: int = st.selectbox("Routine", list(by_id), format_func=label, key=ROUTINE_KEY)
    if chosen != just_saved:
        forget_just_saved()  # the therapist picked another routine
    return by_id[chosen]


def forget_just_saved() -> None:
    """The routine just saved in the builder was prescribed (or set aside): from now on the
    picker starts on each patient's current routine."""
    st.session_state.pop(JUST_SAVED_KEY, None)
