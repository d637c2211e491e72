"""The patient pages in Streamlit's AppTest: today's routine and the session start screen.

Uses the app tests' clinic (``tests/app/conftest.py``): a patient with a two-set squat
routine and one completed session today with 14 reps. The live screen itself (camera, model)
is covered by the real-browser test ``tests/e2e/test_patient_live.py``.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from coach.store import authenticate, mark_dangling_sessions_interrupted
from coach.store.service.clinic import ClinicService
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in
from tests.support.markdown import as_displayed


def test_today_shows_each_prescribed_exercise_with_what_is_done_this_week(app: AppTest) -> None:
    sign_in(app, "patient")
    assert not app.exception
    assert app.title[0].value == "Hello, Pat Patient"
    assert app.metric[0].label == "Sessions this week" and app.metric[0].value == "1 of 3"
    assert not app.dataframe  # no pandas on the patient's pages, and no table to scroll
    shown = [as_displayed(m.value) for m in app.markdown]
    (squat,) = [text for text in shown if text.startswith("**1. Squat**")]
    assert [line.strip().strip("*") for line in squat.splitlines()] == [
        "1. Squat", "2 sets of 8 reps, rest 60 s", "Done this week: 2 sets, 14 reps",
    ]  # fmt: skip
    # shown as escaped Markdown (no markup from data): read it as displayed
    assert "**What it is for:** First week after the knee check." in shown


def test_the_session_page_offers_the_routine_practice_and_a_way_back_into_a_stopped_session(
    app: AppTest, clinic_db: Clinic
) -> None:
    patient = ClinicService(clinic_db.db, authenticate(clinic_db.db, "patient", PASSWORD))
    stopped = patient.recording.start_session(clinic_db.patient_id, backend="movenet-lightning")
    mark_dangling_sessions_interrupted(clinic_db.db)  # as the next app start does
    sign_in(app, "patient")
    app.switch_page("pages/patient_session.py").run()
    assert not app.exception
    assert app.title[0].value == "Exercise now"
    assert "Knee start" in [header.value for header in app.subheader]
    labels = [button.label for button in app.button]
    assert {"Start", "Practise", "Carry on where I stopped"} <= set(labels)
    assert app.button(key=f"resume.{stopped}").label == "Carry on where I stopped"
    # Practice offers what the therapist prescribed, not the whole library.
    assert app.selectbox(key="live.practice").options == ["Squat"]
    assert "Session" not in " ".join(m.value for m in app.markdown)


def test_a_malformed_ice_server_setting_is_explained_on_the_page_not_as_a_traceback(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_ICE_SERVERS", '[{"urls": ["http://turn.example.org"]}]')
    sign_in(app, "patient")
    app.switch_page("pages/patient_session.py").run()
    assert not app.exception
    assert "COACH_ICE_SERVERS[0] urls" in app.error[0].value


def test_the_upload_page_offers_the_prescribed_exercise_and_nothing_else(app: AppTest) -> None:
    sign_in(app, "patient")
    app.switch_page("pages/patient_upload.py").run()
    assert not app.exception
    assert app.title[0].value == "Upload a video"
    assert app.selectbox(key="upload.exercise").options == ["Squat"]  # not the whole library
