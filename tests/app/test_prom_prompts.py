"""Patient-reported outcomes and assigned tests on the patient's pages: pain with one tap,
weekly PSFS, the list of tests to run."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from coach.store import authenticate
from coach.store.service.clinic import ClinicService
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in
from tests.support.markdown import as_displayed


def test_pain_before_the_session_is_saved_with_one_tap(app: AppTest, clinic_db: Clinic) -> None:
    sign_in(app, "patient")
    app.switch_page("pages/patient_session.py").run()
    assert not app.exception
    app.segmented_control(key="live.pain_before").set_value(4).run()
    assert not app.exception
    therapist = ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist", PASSWORD))
    ratings = therapist.proms.pain_ratings(clinic_db.patient_id)
    assert [(r.moment, r.score) for r in ratings][-1:] == [("before", 4)]
    assert any("Pain before the session saved: 4 / 10" in c.value for c in app.caption)


def test_the_weekly_psfs_check_appears_on_today_and_saves_every_activity(
    app: AppTest, clinic_db: Clinic
) -> None:
    therapist = ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist", PASSWORD))
    stairs = therapist.proms.add_psfs_activity(clinic_db.patient_id, "Climbing stairs")
    garden = therapist.proms.add_psfs_activity(clinic_db.patient_id, "Gardening")
    sign_in(app, "patient")
    assert not app.exception
    assert "Your weekly check" in [h.value for h in app.subheader]
    app.segmented_control(key=f"psfs.{stairs.id}").set_value(3)
    app.button(key="psfs.save").click().run()
    assert "Please rate every activity" in app.warning[0].value
    assert therapist.proms.psfs_ratings(clinic_db.patient_id) == []
    app.segmented_control(key=f"psfs.{stairs.id}").set_value(3)
    app.segmented_control(key=f"psfs.{garden.id}").set_value(7)
    app.button(key="psfs.save").click().run()
    assert not app.exception
    ratings = therapist.proms.psfs_ratings(clinic_db.patient_id)
    assert {(r.activity_name, r.score) for r in ratings} == {("Climbing stairs", 3),
                                                              ("Gardening", 7)}  # fmt: skip
    assert "Your weekly check" not in [h.value for h in app.subheader]  # asked again in 7 days


def test_my_tests_lists_the_assigned_test_with_its_camera_set_up(
    app: AppTest, clinic_db: Clinic
) -> None:
    sign_in(app, "patient")
    app.switch_page("pages/patient_tests.py").run()
    assert not app.exception
    assert "Your therapist has not asked you to do a test" in app.info[0].value
    therapist = ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist", PASSWORD))
    therapist.assessments.assign(clinic_db.patient_id, "chair_stand_30s")
    app.run()
    assert [as_displayed(h.value) for h in app.subheader] == ["30-second chair stand"]
    # shown as escaped Markdown (no markup from data): read it as displayed
    assert any("Side-on, about 3 m away" in as_displayed(m.value) for m in app.markdown)
    assert app.button(key="tests.start.chair_stand_30s").label == "Set up the camera"
