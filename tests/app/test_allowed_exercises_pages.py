"""Extra exercises on both screens: the therapist allows one on the Prescribe page, the patient
finds it after their prescribed ones under "Practise one exercise" and on "Upload a video",
labelled, with the note; taking it off the list removes it from the patient's screens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.app_clinic import MAIN_SCRIPT, Clinic, build_clinic, sign_in
from tests.support.markdown import as_displayed

HEEL_RAISE = "Heel raise (extra, allowed by your therapist)"


@pytest.fixture
def own_clinic(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
               ) -> Iterator[Clinic]:  # fmt: skip
    """A clinic of this test's own: allowances it makes must not leak into other tests."""
    clinic = build_clinic(f"sqlite:///{tmp_path_factory.mktemp('allow') / 'coach.db'}")
    monkeypatch.setenv("COACH_DATABASE_URL", clinic.url)
    monkeypatch.delenv("COACH_SESSION_IDLE_MIN", raising=False)
    yield clinic
    clinic.db.close()


def _signed_in(username: str, page: str) -> AppTest:
    app = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=60)
    app.run()
    sign_in(app, username)
    app.switch_page(page).run()
    assert not app.exception
    return app


def _practice_options() -> tuple[AppTest, list[str]]:
    patient = _signed_in("patient", "pages/patient_session.py")
    return patient, list(patient.selectbox(key="live.practice").options)


def test_an_exercise_the_therapist_allows_is_offered_after_the_prescribed_ones_until_revoked(
    own_clinic: Clinic,
) -> None:
    _, before = _practice_options()
    assert before == ["Squat"]

    therapist = _signed_in("therapist", "pages/therapist_prescribe.py")
    assert "Extra exercises for Pat Patient" in [as_displayed(h.value) for h in therapist.subheader]
    therapist.selectbox(key="allow.ex").select_index(
        therapist.selectbox(key="allow.ex").options.index("Heel raise")
    )
    therapist.text_input(key="allow.note").input("On days your knee feels good")
    next(b for b in therapist.button if b.label == "Allow this exercise").click().run()
    assert not therapist.exception
    done = as_displayed(therapist.success[0].value)
    assert done == "Pat Patient may now practise **Heel raise**."
    shown = [as_displayed(m.value) for m in therapist.markdown]
    assert any(line.startswith("**Heel raise** · allowed by therapist on ")
               and line.endswith("“On days your knee feels good”") for line in shown)  # fmt: skip
    assert "Heel raise" not in therapist.selectbox(key="allow.ex").options  # once only

    patient, options = _practice_options()
    assert options == ["Squat", HEEL_RAISE]  # prescribed first, then the extra, labelled
    assert [c.value for c in patient.caption] == [
        "The list also holds 1 extra exercise your therapist allowed you."
    ]
    patient.selectbox(key="live.practice").select_index(1).run()
    assert [as_displayed(c.value) for c in patient.caption] == [
        "Your therapist's note: On days your knee feels good"
    ]

    revoke = next(b for b in therapist.button if b.label == "Take off the list")
    revoke.click().run()
    assert not therapist.exception
    assert "Heel raise" in therapist.selectbox(key="allow.ex").options
    _, after = _practice_options()
    assert after == ["Squat"]


def test_the_second_patient_without_a_plan_sees_only_what_was_allowed_to_them(
    own_clinic: Clinic,
) -> None:
    from coach.store import ClinicService, authenticate
    from tests.support.accounts import PASSWORD

    therapist = ClinicService(own_clinic.db, authenticate(own_clinic.db, "therapist", PASSWORD))
    therapist.allowances.allow_exercise(own_clinic.second_patient_id, "wall_sit")
    _, mine = _practice_options()
    assert mine == ["Squat"]  # the first patient does not see the second one's extra
    second = _signed_in("patient_two", "pages/patient_session.py")
    assert second.selectbox(key="live.practice").options == [
        "Wall sit (extra, allowed by your therapist)"
    ]


def _upload_options(username: str = "patient") -> tuple[AppTest, list[str]]:
    patient = _signed_in(username, "pages/patient_upload.py")
    return patient, list(patient.selectbox(key="upload.exercise").options)


def test_upload_offers_the_same_exercises_as_practice_in_the_same_order_with_the_same_labels(
    own_clinic: Clinic,
) -> None:
    from coach.store import ClinicService, authenticate
    from tests.support.accounts import PASSWORD

    therapist = ClinicService(own_clinic.db, authenticate(own_clinic.db, "therapist", PASSWORD))
    therapist.allowances.allow_exercise(own_clinic.patient_id, "wall_sit", note="Back flat")
    heel = therapist.allowances.allow_exercise(own_clinic.patient_id, "heel_raise")
    therapist.allowances.allow_exercise(own_clinic.patient_id, "squat")  # prescribed already
    upload, offered = _upload_options()
    _, practised = _practice_options()
    assert offered == practised == [
        "Squat", HEEL_RAISE, "Wall sit (extra, allowed by your therapist)"
    ]  # fmt: skip
    assert not upload.caption  # the squat has no note
    upload.selectbox(key="upload.exercise").select_index(2).run()
    assert not upload.exception
    assert as_displayed(upload.caption[-1].value) == "Your therapist's note: Back flat"

    therapist.allowances.revoke_exercise(heel.id)
    _, after = _upload_options()
    assert after == ["Squat", "Wall sit (extra, allowed by your therapist)"]


def test_upload_tells_a_patient_with_nothing_prescribed_or_allowed_what_will_come(
    own_clinic: Clinic,
) -> None:
    upload = _signed_in("patient_two", "pages/patient_upload.py")
    assert not upload.selectbox
    assert not upload.get("file_uploader")
    assert [as_displayed(m.value) for m in upload.markdown][-1] == (
        "When your therapist gives you exercises, you can upload a video of them here."
    )
