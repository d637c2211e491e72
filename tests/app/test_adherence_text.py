"""Adherence figures say which weeks they cover; kept sessions that do not count say why."""

from __future__ import annotations

from datetime import UTC, date, datetime

from streamlit.testing.v1 import AppTest

from coach.app.adherence_text import adherence_figure, patient_status, session_note, week_label
from coach.store import (
    AdherenceSummary,
    ClinicService,
    PatientSummary,
    SessionInfo,
    SessionStatus,
    UserInfo,
    WeeklyAdherence,
    authenticate,
)
from coach.store.enums import Role
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in

MONDAY = date(2026, 11, 23)
USER = UserInfo(1, "pat", "Pat", Role.PATIENT, True, False, datetime(2026, 11, 1, tzinfo=UTC))


def _summary(last: WeeklyAdherence | None, *, has_plan: bool, missed: bool) -> PatientSummary:
    return PatientSummary(USER, None, 0, 0, None, missed, last_week=last, has_plan=has_plan)


def test_the_status_names_the_week_it_refers_to_and_no_plan_is_not_on_track() -> None:
    assert week_label(MONDAY) == "23–29 Nov"
    assert week_label(date(2026, 11, 30)) == "30 Nov – 6 Dec"
    missed = _summary(WeeklyAdherence(MONDAY, 1, 3), has_plan=True, missed=True)
    assert patient_status(missed) == "⚠ Missed plan: 1 of 3, week of 23–29 Nov"
    kept = _summary(WeeklyAdherence(MONDAY, 3, 3), has_plan=True, missed=False)
    assert patient_status(kept) == "On track: 3 of 3, week of 23–29 Nov"
    assert patient_status(
        _summary(WeeklyAdherence(MONDAY, 0, 0), has_plan=False, missed=False)
    ) == ("No plan")
    new = _summary(WeeklyAdherence(MONDAY, 0, 0), has_plan=True, missed=False)
    assert patient_status(new) == "Plan started this week"


def test_adherence_counts_complete_weeks_and_caps_each_week_at_its_plan() -> None:
    weeks = (WeeklyAdherence(MONDAY, 4, 3), WeeklyAdherence(date(2026, 11, 30), 2, 3))
    value, caption = adherence_figure(AdherenceSummary(weeks))
    assert value == "83%"  # 3 (capped) + 2 of 6
    assert caption == "2 complete weeks, 23 Nov – 06 Dec: 5 of 6 sessions"
    value, caption = adherence_figure(AdherenceSummary(()))
    assert value == "—" and "week in progress is not counted" in caption


def test_a_kept_session_without_exercise_says_it_does_not_count() -> None:
    moment = datetime(2026, 11, 24, 9, tzinfo=UTC)
    empty = SessionInfo(1, 1, None, None, "movenet", SessionStatus.COMPLETED, moment, moment,
                        moment, set_count=1, rep_count=0, is_demo=False)  # fmt: skip
    assert session_note(empty) == "not counted: no rep, hold or balance trial recorded"
    held = SessionInfo(2, 1, None, None, "movenet", SessionStatus.COMPLETED, moment, moment,
                       moment, set_count=1, rep_count=0, is_demo=False, hold_count=1)  # fmt: skip
    assert held.counts and session_note(held) == ""


def test_pages_mark_an_empty_session_and_name_the_week_of_the_status(
    app: AppTest, clinic_db: Clinic
) -> None:
    patient = ClinicService(clinic_db.db, authenticate(clinic_db.db, "patient", PASSWORD))
    empty = patient.recording.start_session(clinic_db.patient_id, backend="movenet-lightning")
    set_id = patient.recording.record_set_start(empty, "squat", set_index=0, target_reps=8)
    patient.recording.finish_set(set_id)
    patient.recording.finish_session(empty)

    sign_in(app, "therapist")
    table = app.dataframe[0].value
    rows = dict(zip(table["User name"], table.to_dict("records"), strict=True))
    assert rows["patient"]["This week"] == "1 of 3"  # the empty session does not count
    assert rows["patient"]["Status (last complete week)"] == "Plan started this week"
    assert rows["patient_two"]["Status (last complete week)"] == "No plan"

    app.session_state["coach.selected_patient_id"] = clinic_db.patient_id
    app.switch_page("pages/therapist_progress.py").run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Sessions in total"] == "1"
    assert "and 1 kept but not counted (no exercise recorded)" in [c.value for c in app.caption]
    assert metrics["Adherence, last 4 weeks"] == "—"  # day 1 of the plan: no complete week
    options = app.selectbox(key="progress.session").options
    assert any("not counted: no rep, hold or balance trial recorded" in o for o in options)


def test_empty_cells_read_as_a_dash_and_numbers_to_one_decimal() -> None:
    from coach.app.table_cells import readable_rows

    rows = readable_rows([{"Reps asked": None, "Notes": "", "Held (s)": 27.5, "Set": 1}])
    assert rows == [{"Reps asked": "—", "Notes": "—", "Held (s)": "27.5", "Set": 1}]


def test_each_chart_has_a_one_line_summary() -> None:
    from coach.app.chart_summaries import adherence_line

    weeks = [WeeklyAdherence(MONDAY, 4, 3), WeeklyAdherence(date(2026, 11, 30), 1, 3)]
    assert adherence_line(weeks) == (
        "Last complete week: 3 of 3 prescribed sessions done (this week so far: 1 of 3)."
    )
