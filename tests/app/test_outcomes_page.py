"""The Outcomes page: tests against norms and MDC, PROMs, profile, plan and documents."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from coach.store import ClinicService, authenticate
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in
from tests.support.markdown import as_displayed, table_rows
from tests.support.outcome_history import record_outcome_history


def _readings(app: AppTest) -> list[str]:
    """The first test's "Result against norms" column (a Markdown table, so it wraps)."""
    (table,) = [m.value for m in app.markdown if m.value.startswith("| Date |")]
    return [row["Result against norms"] for row in table_rows(table)]


def _record(clinic_db: Clinic) -> ClinicService:
    therapist = ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist", PASSWORD))
    record_outcome_history(therapist, clinic_db.patient_id, psfs_activity=None)
    return therapist


def _open(app: AppTest, patient_id: int) -> AppTest:
    sign_in(app, "therapist")
    app.session_state["coach.selected_patient_id"] = patient_id
    return app.switch_page("pages/therapist_outcomes.py").run()


def test_outcomes_page_shows_tests_against_norms_and_pain_with_its_flag(
    app: AppTest, clinic_db: Clinic
) -> None:
    therapist = _record(clinic_db)
    _open(app, clinic_db.patient_id)
    assert not app.exception
    assert [t.value for t in app.title] == ["Outcomes"]
    assert len(app.get("plotly_chart")) == 2  # the 5xSTS results and pain
    # Each chart's title is text above it (it wraps on a phone), not inside the figure.
    shown = [as_displayed(m.value) for m in app.markdown]
    assert {"**Five times sit-to-stand**", "**Pain (0-10)**"} <= set(shown), shown
    flags = [s.value for s in app.success]
    assert any("Pain before sessions (0-10): 6.0 → 3.0 (-3.0) — clinically important "
               "improvement" in f for f in flags)  # fmt: skip
    readings = _readings(app)
    assert readings[-1].startswith("12.5 s; no norm band")  # no age recorded yet
    assert len(app.get("download_button")) == 2

    app.date_input(key="outcomes.born").set_value(date(1950, 5, 17))
    app.selectbox(key="outcomes.sex").set_value("female")
    app.button(key="outcomes.profile.save").click()
    app.run()
    assert not app.exception
    profile = therapist.assessments.profile(clinic_db.patient_id)
    assert (profile.date_of_birth, profile.sex) == (date(1950, 5, 17), "female")
    readings = _readings(app)
    assert "worse than average for 70–79 y (average 12.6 s)" not in readings[-1]
    assert "16.0 s; worse than average for 70–79 y" in readings[0]


def test_a_therapist_reschedules_and_ends_an_assigned_test_and_sees_the_history(
    app: AppTest, clinic_db: Clinic
) -> None:
    therapist = ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist", PASSWORD))
    pid = clinic_db.patient_id
    first = therapist.assessments.assign(pid, "chair_stand_30s", interval_days=14)
    _open(app, pid)
    app.number_input(key=f"outcomes.every.{first.id}").set_value(7)
    app.button(key=f"FormSubmitter:outcomes.schedule.{first.id}-Change the schedule").click()
    app.run()
    assert not app.exception
    (running,) = therapist.assessments.assignments(pid)
    assert (running.interval_days, running.replaces_id) == (7, first.id)
    assert any("Earlier schedules (1)" in e.label for e in app.expander)
    app.button(key=f"outcomes.end.{running.id}").click()
    app.run()
    assert not app.exception
    assert therapist.assessments.assignments(pid) == []
    history = therapist.assessments.assignment_history(pid)
    assert [(a.interval_days, a.active) for a in history] == [(14, False), (7, False)]
    assert any("Earlier schedules (2)" in e.label for e in app.expander)
