"""Prescribe page: a routine already active asks before it is replaced; plans end and edit."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from coach.store import ClinicService, PlanStatus, authenticate
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in


def _open_prescribe(app: AppTest) -> AppTest:
    sign_in(app, "therapist")
    return app.switch_page("pages/therapist_prescribe.py").run()


def _plans(clinic_db: Clinic) -> list[tuple[int, PlanStatus, int]]:
    therapist = ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist", PASSWORD))
    return [
        (p.id, p.status, p.days_per_week)
        for p in therapist.plans.prescriptions_for(clinic_db.patient_id)
    ]


def test_prescribing_an_active_routine_twice_asks_and_replaces_only_when_told(
    app: AppTest, clinic_db: Clinic
) -> None:
    before = _plans(clinic_db)
    assert [status for _, status, _ in before] == [PlanStatus.ACTIVE]
    _open_prescribe(app)
    next(b for b in app.button if b.label == "Prescribe").click().run()
    assert not app.exception
    assert "already has 'Knee start' as an active plan" in app.warning[0].value
    assert _plans(clinic_db) == before  # nothing created yet
    app.button(key="prescribe.keep").click().run()
    assert not app.warning and _plans(clinic_db) == before

    app.number_input[0].set_value(2)
    next(b for b in app.button if b.label == "Prescribe").click().run()
    app.button(key="prescribe.replace").click().run()
    assert not app.exception
    assert "replaces the previous plan" in app.success[0].value
    after = _plans(clinic_db)
    assert [(status, days) for _, status, days in after] == [
        (PlanStatus.ACTIVE, 2),
        (PlanStatus.ENDED, 3),
    ]
    assert any("Ended" in m.value for m in app.markdown)


def test_ending_a_plan_keeps_it_in_the_history(app: AppTest, clinic_db: Clinic) -> None:
    _open_prescribe(app)
    active = next(pid for pid, status, _ in _plans(clinic_db) if status is PlanStatus.ACTIVE)
    app.button(key=f"prescribe.end.{active}").click().run()
    assert not app.exception
    statuses = {pid: status for pid, status, _ in _plans(clinic_db)}
    assert statuses[active] is PlanStatus.ENDED
    assert PlanStatus.ACTIVE not in statuses.values()
