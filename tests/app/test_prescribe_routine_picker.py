"""Prescribe opens on the patient's current routine (and version), not the library's first.

Each test builds its own clinic (the shared module clinic is not changed): besides the
patient's current plan, *Knee start* version 1, it holds a routine that sorts first
(*Ankle alpha*) and a newer version 2 of *Knee start*, so a picker that starts on the first
routine, or on the newest version, is caught.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coach.store import ClinicService, PlanStatus, authenticate
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import ROUTINE_YAML, Clinic, build_clinic, sign_in, started_app

ANKLE_YAML = """\
id: ankle_alpha
name: Ankle alpha
exercises:
  - exercise: squat
    sets: 1
    reps: 5
"""


@pytest.fixture
def clinic(tmp_path: Path) -> Clinic:
    built = build_clinic(f"sqlite:///{tmp_path / 'coach.db'}")
    therapist = _therapist(built)
    therapist.plans.save_routine(ANKLE_YAML, source="tests")
    therapist.plans.save_routine(ROUTINE_YAML.replace("reps: 8", "reps: 10"), source="tests")
    return built


@pytest.fixture
def app(clinic: Clinic, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return started_app(clinic.url, monkeypatch)


def _therapist(clinic: Clinic) -> ClinicService:
    return ClinicService(clinic.db, authenticate(clinic.db, "therapist", PASSWORD))


def _routine_id(clinic: Clinic, key: str, version: int) -> int:
    every = _therapist(clinic).plans.list_routines(latest_only=False)
    return next(r.id for r in every if (r.routine_key, r.version) == (key, version))


def _open_prescribe(app: AppTest, patient_id: int) -> AppTest:
    sign_in(app, "therapist")
    app.switch_page("pages/therapist_prescribe.py").run()
    app.selectbox(key="prescribe.patient").select(patient_id).run()
    assert not app.exception
    return app


def test_the_picker_starts_on_the_patients_current_routine_and_version(
    app: AppTest, clinic: Clinic
) -> None:
    current = _routine_id(clinic, "knee_start", 1)
    _open_prescribe(app, clinic.patient_id)
    picker = app.selectbox(key="prescribe.routine")
    assert picker.value == current
    # The newest version and the other routine are offered too; the current plan is marked.
    assert picker.options == [
        "Ankle alpha (version 1)",
        "Knee start (version 2)",
        "Knee start (version 1) · current plan",
    ]
    assert any("Squat: 2 sets of 8 reps" in m.value for m in app.markdown)


def test_prescribing_again_keeps_the_current_routine_and_asks_before_replacing(
    app: AppTest, clinic: Clinic
) -> None:
    _open_prescribe(app, clinic.patient_id)
    next(b for b in app.button if b.label == "Prescribe").click().run()
    assert not app.exception
    assert "already has 'Knee start' as an active plan" in app.warning[0].value
    plans = _therapist(clinic).plans.prescriptions_for(clinic.patient_id)
    assert [(p.routine.routine_key, p.routine.version, p.status) for p in plans] == [
        ("knee_start", 1, PlanStatus.ACTIVE)
    ]


def test_another_patient_starts_the_picker_on_their_own_current_routine(
    app: AppTest, clinic: Clinic
) -> None:
    ankle = _routine_id(clinic, "ankle_alpha", 1)
    _therapist(clinic).plans.assign_routine(
        clinic.second_patient_id, ankle, days_per_week=2, start_date=datetime.now(UTC).date()
    )
    _open_prescribe(app, clinic.second_patient_id)
    assert app.selectbox(key="prescribe.routine").value == ankle
    # The schedule starts from that plan's sessions per week, not the default 3.
    assert app.number_input[0].label == "Sessions per week" and app.number_input[0].value == 2
    app.selectbox(key="prescribe.patient").select(clinic.patient_id).run()
    assert app.selectbox(key="prescribe.routine").value == _routine_id(clinic, "knee_start", 1)


def test_a_routine_just_saved_in_the_builder_is_picked_until_it_is_prescribed(
    app: AppTest, clinic: Clinic
) -> None:
    sign_in(app, "therapist")
    app.switch_page("pages/therapist_routines.py").run()
    app.button(key="builder.add.squat").click().run()
    app.text_input(key="builder.name").input("Hip week one").run()
    app.button(key="builder.save").click().run()
    assert not app.exception and app.success
    hip = _routine_id(clinic, "hip_week_one", 1)
    app.switch_page("pages/therapist_prescribe.py").run()
    for patient_id in (clinic.patient_id, clinic.second_patient_id):
        app.selectbox(key="prescribe.patient").select(patient_id).run()
        assert app.selectbox(key="prescribe.routine").value == hip, patient_id
    next(b for b in app.button if b.label == "Prescribe").click().run()
    assert app.success[0].value.startswith("Prescribed **Hip week one** to Paula Second")
    # Prescribed: the next patient's picker starts on their own current routine again.
    app.selectbox(key="prescribe.patient").select(clinic.patient_id).run()
    assert app.selectbox(key="prescribe.routine").value == _routine_id(clinic, "knee_start", 1)
