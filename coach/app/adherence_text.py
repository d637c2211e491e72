"""Adherence and plan status in words a therapist acts on (pure; no Streamlit, no database).

Every figure says which weeks it refers to: the dashboard's status is about the last complete
week, "Adherence, last 4 weeks" about complete weeks in which a plan was in force.
"""

from __future__ import annotations

from datetime import date, timedelta

from coach.store.dto import AdherenceSummary, PatientSummary, SessionInfo

#: Shown in a table cell that has no value.
EMPTY_CELL = "—"


def week_label(monday: date) -> str:
    """'23–29 Nov' (or '30 Nov – 6 Dec' across months) for the week starting ``monday``."""
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return f"{monday.day}–{sunday.day} {sunday:%b}"
    return f"{monday.day} {monday:%b} – {sunday.day} {sunday:%b}"


def patient_status(summary: PatientSummary) -> str:
    """The dashboard status of one patient, naming the week it is about."""
    last = summary.last_week
    if last is None or last.sessions_prescribed == 0:
        if not summary.has_plan:
            return "No plan"
        return "Plan started this week"
    when = f"week of {week_label(last.week_start)}"
    if summary.missed_plan:
        return f"⚠ Missed plan: {last.sessions_done} of {last.sessions_prescribed}, {when}"
    return f"On track: {last.sessions_done} of {last.sessions_prescribed}, {when}"


def this_week_text(summary: PatientSummary) -> str:
    """Counted sessions this week against the plan ('1 of 3', or 'no plan')."""
    if summary.prescribed_this_week:
        return f"{summary.sessions_this_week} of {summary.prescribed_this_week}"
    return f"{summary.sessions_this_week} (no plan)"


def adherence_figure(summary: AdherenceSummary) -> tuple[str, str]:
    """The adherence metric and a caption saying which weeks it covers.

    Returns:
        ``(value, caption)``: "83 %" and "4 complete weeks, 23 Nov – 20 Dec: 10 of 12 sessions",
        or "—" with the reason when no complete week under a plan exists yet.
    """
    if summary.ratio is None or not summary.weeks:
        return EMPTY_CELL, "No complete week under a plan yet; the week in progress is not counted."
    first, last = summary.weeks[0].week_start, summary.weeks[-1].week_start + timedelta(days=6)
    count = len(summary.weeks)
    weeks = f"{count} complete week{'s' if count > 1 else ''}"
    return (
        f"{min(summary.ratio, 1.0):.0%}",
        f"{weeks}, {first:%d %b} – {last:%d %b}: {summary.sessions_done} of "
        f"{summary.sessions_prescribed} sessions",
    )


def session_note(info: SessionInfo) -> str:
    """Why a kept session does not count toward adherence ('' when it counts)."""
    if info.counts:
        return ""
    if not info.exercise_recorded:
        return "not counted: no rep, hold or balance trial recorded"
    return f"not counted: {info.status.value}"
