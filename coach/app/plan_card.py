"""One prescription on the Prescribe page: its schedule and status, with Pause, Edit and End."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from coach.app import state
from coach.app.text import plain
from coach.store import PlanStatus, PrescriptionInfo, StoreError

STATUS_WORDS = {PlanStatus.ACTIVE: "Active", PlanStatus.PAUSED: "Paused", PlanStatus.ENDED: "Ended"}


def plan_text(plan: PrescriptionInfo) -> str:
    """'**Knee start** (version 2) · 3× a week from 23 Nov 2026 until 4 Jan 2027 · **Active**'."""
    if plan.end_date is not None and plan.end_date < plan.start_date:
        dates = f"replaced before it began ({plan.start_date:%d %b %Y})"
    else:
        until = f" until {plan.end_date:%d %b %Y}" if plan.end_date else ""
        dates = f"from {plan.start_date:%d %b %Y}{until}"
    return (
        f"**{plain(plan.routine.name)}** (version {plan.routine.version}) · "
        f"{plan.days_per_week}× a week {dates} · **{STATUS_WORDS[plan.status]}**"
    )


def _run(action_label: str, action: Callable[[], object]) -> None:
    try:
        action()
    except StoreError as error:
        st.error(f"{action_label}: {plain(error)}")
    else:
        st.rerun()


def plan_card(plan: PrescriptionInfo) -> None:
    """Draw one plan; active and paused plans can be paused/resumed, edited and ended."""
    clinic = state.service()
    with st.container(border=True):
        text, pause, end = st.columns([4, 1, 1], vertical_alignment="center")
        text.markdown(plan_text(plan))
        if plan.status is PlanStatus.ENDED:
            return
        label = "Pause" if plan.active else "Resume"
        if pause.button(label, key=f"prescribe.toggle.{plan.id}", width="stretch"):
            _run(f"Not {label.lower()}d", lambda: clinic.plans.set_prescription_active(
                plan.id, not plan.active))  # fmt: skip
        if end.button("End plan", key=f"prescribe.end.{plan.id}", width="stretch"):
            _run("Not ended", lambda: clinic.plans.end_prescription(plan.id))
        with st.expander("Edit schedule", icon=":material/edit:"):
            with st.form(f"prescribe.edit.{plan.id}"):
                days, start, end_col = st.columns(3)
                days_per_week = days.number_input(
                    "Sessions per week", 1, 7, value=plan.days_per_week, step=1
                )
                start_date = start.date_input("Start", value=plan.start_date)
                end_date = end_col.date_input("End (optional)", value=plan.end_date)
                st.caption(
                    "The change applies from today when the start date stays the same; the "
                    "weeks already done keep the old schedule, and the old version is kept."
                )
                save = st.form_submit_button("Save changes", type="primary")
            if save:
                _run("Not changed", lambda: clinic.plans.update_prescription(
                    plan.id, days_per_week=int(days_per_week),
                    start_date=start_date,  # type: ignore[arg-type]
                    end_date=end_date,  # type: ignore[arg-type]
                    today=datetime.now(UTC).date(),
                ))  # fmt: skip
