"""The patients page: the weekly overview and adding a patient."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from coach.store import ClinicService, authenticate
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in


def test_the_sign_in_address_is_the_apps_own_origin() -> None:
    from coach.app.widgets import app_address

    assert app_address("https://clinic.example.org/therapist_patients?x=1") == (
        "https://clinic.example.org"
    )
    assert app_address("") == "http://localhost:8501"


def test_the_list_shows_this_weeks_sessions_against_the_plan(app: AppTest) -> None:
    sign_in(app, "therapist")
    table = app.dataframe[0].value
    rows = {
        name: row for name, row in zip(table["User name"], table.to_dict("records"), strict=True)
    }
    assert rows["patient"]["This week"] == "1 of 3"
    assert round(rows["patient"]["Adherence"]) == 33
    assert rows["patient_two"]["This week"] == "0 (no plan)"
    assert rows["patient_two"]["Last session"] == "never"


def test_adding_a_patient_creates_the_account_linked_to_the_therapist(
    app: AppTest, clinic_db: Clinic
) -> None:
    sign_in(app, "therapist")
    next(t for t in app.text_input if t.label == "Full name").input("Nora New")
    next(t for t in app.text_input if t.label == "User name for signing in").input("nora")
    app.text_input(key="patients.pw").input("a good long password")
    next(b for b in app.button if b.label == "Add patient").click().run()
    assert not app.exception
    assert app.success[0].value == "Added **Nora New**. Give them these sign-in details:"
    card = app.code[0].value
    assert "User name: nora" in card and "Password:  a good long password" in card
    assert "Address:   http" in card
    # The form is empty again for the next patient.
    assert next(t for t in app.text_input if t.label == "Full name").value == ""
    nora = authenticate(clinic_db.db, "nora", "a good long password")
    therapist = ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist", PASSWORD))
    assert "nora" in [p.user.username for p in therapist.history.list_patients()]
    assert clinic_db.therapist_id in therapist.accounts.get_user(nora.user_id or -1).therapist_ids


def test_a_taken_user_name_is_refused_with_the_reason(app: AppTest) -> None:
    sign_in(app, "therapist")
    next(t for t in app.text_input if t.label == "Full name").input("Second Pat")
    next(t for t in app.text_input if t.label == "User name for signing in").input("patient")
    next(b for b in app.button if b.label == "Add patient").click().run()
    assert [e.value for e in app.error] == [
        "The patient was not added: user name 'patient' is already taken"
    ]
    # What was typed stays, so only the user name needs changing.
    assert next(t for t in app.text_input if t.label == "Full name").value == "Second Pat"
    assert next(t for t in app.text_input if t.label == "User name for signing in").value == (
        "patient"
    )


def test_who_needs_attention_comes_right_after_the_name_for_a_phone_screen(app: AppTest) -> None:
    sign_in(app, "therapist")
    columns = list(app.dataframe[0].value.columns)
    assert columns[:3] == ["Patient", "Status (last complete week)", "This week"]
