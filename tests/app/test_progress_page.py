"""The progress dashboard renders its charts and tables from recorded sessions."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import Clinic, sign_in


def _open_progress(app: AppTest, patient_id: int) -> AppTest:
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
    sets_table, reps_table, cues_table = (d.value for d in app.dataframe)
    assert list(sets_table["Reps done"]) == [8, 6]
    assert len(reps_table) == clinic_db.reps_recorded
    assert list(reps_table["Highest angle (°)"][:3]) == [60.0, 61.0, 62.0]
    assert list(cues_table["Cue"]) == ["Keep your chest up and look ahead."]
    assert len(app.get("download_button")) == 1


def test_a_patient_without_sessions_gets_an_empty_state_that_says_what_to_do(
    app: AppTest, clinic_db: Clinic
) -> None:
    _open_progress(app, clinic_db.second_patient_id)
    assert not app.exception
    assert not app.get("plotly_chart")
    assert any("No sessions yet." in i.value for i in app.info)
