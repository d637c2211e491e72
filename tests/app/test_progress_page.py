"""The progress dashboard renders its charts and tables from recorded sessions."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from coach.store import ClinicService, authenticate, open_database
from tests.support.app_clinic import Clinic, sign_in
from tests.support.markdown import as_displayed, table_rows


def _open_progress(app: AppTest, patient_id: int, *, signed_in: bool = False) -> AppTest:
    if not signed_in:
        sign_in(app, "therapist")
    app.session_state["coach.selected_patient_id"] = patient_id
    return app.switch_page("pages/therapist_progress.py").run()


def test_the_dashboard_shows_charts_and_the_per_rep_table(app: AppTest, clinic_db: Clinic) -> None:
    _open_progress(app, clinic_db.patient_id)
    assert not app.exception
    assert [t.value for t in app.title] == ["Progress"]
    # Adherence calendar, reps against prescription, range of motion.
    assert len(app.get("plotly_chart")) == 3
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Sessions this week"] == "1 of 3"
    assert metrics["Sessions in total"] == "1"
    (reps_table,) = (d.value for d in app.dataframe)
    # the sets and the cues are Markdown tables, so they wrap on a phone
    sets_table, cues_table = [
        table_rows(m.value) for m in app.markdown if as_displayed(m.value).startswith("| ")
    ]
    assert [row["Reps done"] for row in sets_table] == ["8", "6"]
    assert len(reps_table) == clinic_db.reps_recorded
    assert list(reps_table["Highest angle (°)"][:3]) == ["60.0", "61.0", "62.0"]
    assert set(reps_table["Against target (°)"][:3]) == {"60.0", "61.0", "62.0"}  # squat: highest
    assert [(row["At (s)"], row["Cue"]) for row in cues_table] == [
        ("4.2", "Keep your chest up and look ahead.")
    ]
    assert len(app.get("download_button")) == 1


def test_a_patient_without_sessions_gets_an_empty_state_that_says_what_to_do(
    app: AppTest, clinic_db: Clinic
) -> None:
    _open_progress(app, clinic_db.second_patient_id)
    assert not app.exception
    assert not app.get("plotly_chart")
    assert any("No sessions yet." in i.value for i in app.info)


def _demo_dashboard(demo_app: AppTest, demo_url: str, patient_username: str) -> AppTest:
    therapist = authenticate(open_database(demo_url), "demo_therapist", "demo-therapist-pw")
    patient = ClinicService(open_database(demo_url), therapist).accounts.find_user(patient_username)
    sign_in(demo_app, "demo_therapist", "demo-therapist-pw")
    return _open_progress(demo_app, patient.id, signed_in=True)


def _chart_titles(at: AppTest) -> list[str]:
    """The chart titles, shown as bold text above each chart (one per chart)."""
    titles = [as_displayed(m.value)[2:-2] for m in at.markdown
              if m.value.startswith("**") and m.value.endswith("**")]  # fmt: skip
    assert len(titles) == len(at.get("plotly_chart"))
    return titles


def test_the_demo_knee_patient_dashboard_shows_adherence_reps_and_rom(
    demo_app: AppTest, demo_url: str
) -> None:
    at = _demo_dashboard(demo_app, demo_url, "demo_ana")
    assert not at.exception
    titles = _chart_titles(at)
    assert titles[0] == "Sessions done per day (week: done of prescribed)"
    assert any(t.endswith(": reps per session vs prescription") for t in titles)
    assert "Squat: highest knee flexion" in titles  # the value its ROM target refers to
    total = next(m.value for m in at.metric if m.label == "Sessions in total")
    assert int(total) >= 10  # counted sessions (the interrupted one is listed apart)
    (reps_table,) = at.dataframe  # the newest session's per-rep table (sets are Markdown)
    assert len(reps_table.value) > 0


def test_the_demo_balance_patient_dashboard_shows_sway_and_hold_times(
    demo_app: AppTest, demo_url: str
) -> None:
    at = _demo_dashboard(demo_app, demo_url, "demo_ben")
    assert not at.exception
    titles = _chart_titles(at)
    assert "Balance sway (lower is steadier)" in titles
    assert "Hold and stance time" in titles
