"""Signing in and out, the idle timeout, and which pages each role can reach."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from coach.app import navigation, state
from coach.app.navigation import PAGES_DIR
from coach.store import ClinicService, PermissionDeniedError, authenticate
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [e.value for e in at.error] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def test_the_sign_in_page_is_all_a_visitor_sees(app: AppTest) -> None:
    assert not app.exception
    assert [t.value for t in app.title] == ["Coach"]
    assert app.text_input(key="sign_in.username") is not None


def test_a_therapist_signs_in_and_lands_on_the_patients_page(app: AppTest) -> None:
    sign_in(app, "therapist")
    assert not app.exception
    assert [t.value for t in app.title] == ["Patients"]
    table = app.dataframe[0].value
    assert list(table["User name"]) == ["patient", "patient_two"]


def test_a_wrong_password_is_refused_with_a_plain_message(app: AppTest) -> None:
    sign_in(app, "therapist", "not the password")
    assert [e.value for e in app.error] == [
        "That user name and password do not match. Please try again."
    ]
    assert [t.value for t in app.title] == ["Coach"]


def test_a_patient_sees_no_clinic_page_in_the_navigation() -> None:
    patient_files = {spec.file_name for spec in navigation.specs_for("patient")}
    therapist_files = {spec.file_name for spec in navigation.specs_for("therapist")}
    assert "account.py" in patient_files
    assert not patient_files & {s.file_name for s in navigation.PAGES if "patient" not in s.roles}
    assert {"therapist_patients.py", "therapist_progress.py", "therapist_routines.py",
            "therapist_prescribe.py"} <= therapist_files  # fmt: skip
    assert "admin_users.py" not in therapist_files
    assert [s.file_name for s in navigation.specs_for(None)] == ["sign_in.py"]


def test_a_patient_opening_a_therapist_page_by_url_gets_no_patient_data(app: AppTest) -> None:
    sign_in(app, "patient")
    assert not app.exception
    app.switch_page("pages/therapist_progress.py").run()
    assert not app.exception
    shown = _texts(app)
    assert [e.value for e in app.error] == ["This page is not available for your account."]
    assert "Paula Second" not in shown and "Pat Patient (patient)" not in shown
    assert not app.get("plotly_chart")


def test_a_therapist_page_stops_a_patient_even_when_run_directly(
    clinic_db: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DATABASE_URL", clinic_db.url)
    at = AppTest.from_file(str(PAGES_DIR / "therapist_progress.py"), default_timeout=60)
    at.session_state["coach.actor"] = authenticate(clinic_db.db, "patient", PASSWORD)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["This page is not available for your account."]
    assert not at.get("plotly_chart")


def test_the_service_refuses_a_patient_another_patients_history(clinic_db: Clinic) -> None:
    patient = ClinicService(clinic_db.db, authenticate(clinic_db.db, "patient_two",
                                                       PASSWORD))  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        patient.history.sessions_for(clinic_db.patient_id)
    with pytest.raises(PermissionDeniedError):
        patient.history.session_detail(clinic_db.session_id)
    with pytest.raises(PermissionDeniedError):
        patient.history.list_patients()


def test_a_therapist_cannot_open_another_therapists_patient(clinic_db: Clinic) -> None:
    therapist = ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist",
                                                         PASSWORD))  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        therapist.history.sessions_for(clinic_db.foreign_patient_id)


def test_signing_out_returns_to_the_sign_in_page(app: AppTest) -> None:
    sign_in(app, "therapist")
    app.button(key="coach.sign_out").click().run()
    assert [t.value for t in app.title] == ["Coach"]
    assert "You have signed out." in [i.value for i in app.info]


def test_an_idle_session_expires_and_asks_to_sign_in_again(app: AppTest) -> None:
    sign_in(app, "therapist")
    app.session_state["coach.last_seen_s"] = 0.0  # last activity long ago
    app.run()
    assert [t.value for t in app.title] == ["Coach"]
    minutes = round(state.idle_timeout_s() / 60)
    assert [i.value for i in app.info] == [
        f"You were signed out after {minutes} minutes without activity."
    ]


def test_an_admin_sees_every_account_and_the_clinic_pages(app: AppTest) -> None:
    sign_in(app, "admin")
    assert not app.exception
    assert [t.value for t in app.title] == ["Patients"]
    # An admin sees every patient, not only one therapist's.
    assert set(app.dataframe[0].value["User name"]) == {"patient", "patient_two", "foreign_patient"}
    app.switch_page("pages/admin_users.py").run()
    assert not app.exception
    assert {"admin", "therapist", "other_therapist"} <= set(app.dataframe[0].value["User name"])


def test_repeated_failures_are_slowed_down_with_a_plain_message(app: AppTest) -> None:
    for _ in range(3):
        sign_in(app, "intruder", "guess guess guess")
        assert [e.value for e in app.error] == [
            "That user name and password do not match. Please try again."
        ]
    sign_in(app, "intruder", "guess guess guess")
    (message,) = [e.value for e in app.error]
    assert message.startswith("Too many failed sign\\-ins: please wait")


@pytest.mark.parametrize("change", ["password", "deactivate"])
def test_a_password_change_or_deactivation_ends_the_users_open_session(
    app: AppTest, clinic_db: Clinic, change: str
) -> None:
    from coach.store import Actor, Role

    admin = ClinicService(clinic_db.db, Actor.system("tests"))
    user = admin.accounts.create_user(f"leaver_{change}", PASSWORD, Role.THERAPIST, "Lee Leaver")
    sign_in(app, user.username)
    assert [t.value for t in app.title] == ["Patients"]
    if change == "password":
        admin.accounts.set_password(user.id, "a brand new passphrase")
    else:
        admin.accounts.set_active(user.id, False)
    app.run()
    assert [t.value for t in app.title] == ["Coach"]
    assert [i.value for i in app.info] == [
        "Your password was changed or your account was deactivated. Please sign in again."
    ]
