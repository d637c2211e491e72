"""Building a routine, saving it as a version, YAML errors, and prescribing it."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from coach.store import ClinicService, authenticate
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in
from tests.support.markdown import as_displayed

BAD_YAML = """\
id: broken_routine
name: Broken
exercises:
  - exercise: squat
    sets: 0
"""


def _open_builder(app: AppTest) -> AppTest:
    sign_in(app, "therapist")
    return app.switch_page("pages/therapist_routines.py").run()


def _therapist(clinic_db: Clinic) -> ClinicService:
    return ClinicService(clinic_db.db, authenticate(clinic_db.db, "therapist", PASSWORD))


def test_a_therapist_builds_and_saves_a_routine_as_a_new_version(
    app: AppTest, clinic_db: Clinic
) -> None:
    _open_builder(app)
    assert not app.exception
    app.text_input(key="builder.search").input("squat").run()
    app.button(key="builder.add.squat").click().run()
    app.text_input(key="builder.name").input("Knee week one").run()
    reps = next(n for n in app.number_input if n.label == "Reps per set")
    reps.set_value(12).run()
    sets = next(n for n in app.number_input if n.label == "Sets")
    sets.set_value(4).run()
    next(b for b in app.button if b.label == "Save as new version").click().run()
    assert not app.exception
    assert "Saved **Knee week one** as version 1." in [s.value for s in app.success]

    saved = {r.routine_key: r for r in _therapist(clinic_db).plans.list_routines()}
    routine = saved["knee_week_one"]
    assert routine.exercise_keys == ("squat",)
    assert "reps: 12" in routine.yaml_text and "sets: 4" in routine.yaml_text

    # Saving again after a change makes version 2 of the same routine.
    next(n for n in app.number_input if n.label == "Reps per set").set_value(15).run()
    next(b for b in app.button if b.label == "Save as new version").click().run()
    assert "Saved **Knee week one** as version 2." in [s.value for s in app.success]


def test_the_draft_survives_a_visit_to_another_page(app: AppTest) -> None:
    _open_builder(app)
    app.button(key="builder.add.squat").click().run()
    app.text_input(key="builder.name").input("Keep me").run()
    app.switch_page("pages/therapist_patients.py").run()
    app.switch_page("pages/therapist_routines.py").run()
    assert app.text_input(key="builder.name").value == "Keep me"
    assert any(m.value == "**1. Squat**" for m in app.markdown)


def test_reordering_and_removing_items_changes_the_yaml(app: AppTest) -> None:
    _open_builder(app)
    app.button(key="builder.add.squat").click().run()
    app.button(key="builder.add.heel_raise").click().run()
    headers = [m.value for m in app.markdown if re.fullmatch(r"\*\*\d+\. [^*]+\*\*", m.value)]
    assert headers == ["**1. Squat**", "**2. Heel raise**"]
    downs = [b for b in app.button if b.key and b.key.startswith("builder.down.")]
    downs[0].click().run()
    assert re.findall(r"exercise: (\w+)", app.text_area(key="builder.yaml").value) == [
        "heel_raise",
        "squat",
    ]
    ups = [b for b in app.button if b.key and b.key.startswith("builder.up.")]
    ups[1].click().run()
    removes = [b for b in app.button if b.key and b.key.startswith("builder.remove.")]
    removes[0].click().run()
    assert re.findall(r"exercise: (\w+)", app.text_area(key="builder.yaml").value) == [
        "heel_raise"
    ]


def test_a_yaml_error_names_the_line_and_field(app: AppTest) -> None:
    _open_builder(app)
    app.text_area(key="builder.yaml").input(BAD_YAML).run()
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1
    assert errors[0].startswith("Line 5 · Exercise 1, sets: should be at least 1")


def test_a_builder_change_after_a_broken_yaml_edit_says_the_edit_was_replaced(
    app: AppTest,
) -> None:
    _open_builder(app)
    app.text_area(key="builder.yaml").input(BAD_YAML).run()
    app.button(key="builder.add.squat").click().run()
    assert not app.exception
    (warning,) = [w.value for w in app.warning]
    assert warning.startswith("Your last edit in the YAML tab had an error, so this change")
    assert "Line 5 · Exercise 1, sets: should be at least 1" in warning
    assert "sets: 0" not in app.text_area(key="builder.yaml").value
    assert app.error == []  # the box now holds the builder's routine, which is valid


def test_saving_while_the_yaml_has_an_error_saves_nothing_and_says_why(
    app: AppTest, clinic_db: Clinic
) -> None:
    before = [(r.routine_key, r.version) for r in _therapist(clinic_db).plans.list_routines()]
    _open_builder(app)
    app.button(key="builder.add.squat").click().run()  # a valid builder state to fall back on
    app.text_area(key="builder.yaml").input(BAD_YAML).run()
    app.button(key="builder.save").click().run()
    assert not app.exception and not app.success
    refusal = next(e.value for e in app.error if e.value.startswith("Not saved"))
    # It says where the error is and what it is, and the YAML tab is the one open.
    assert refusal.startswith("Not saved: the YAML tab has an error. Fix it in the YAML tab below")
    assert "Line 5 · Exercise 1, sets: should be at least 1" in refusal
    assert app.session_state["builder.tab"] == "YAML"
    after = [(r.routine_key, r.version) for r in _therapist(clinic_db).plans.list_routines()]
    assert after == before


HOSTILE_YAML = {
    "alias cycle": ("x: &x [*x]\n", "Line 1", "aliases (*x) are not allowed"),
    "alias in a mapping": ("x: &x\n  y: *x\n", "Line 2", "aliases (*x) are not allowed"),
    "billion laughs": (
        'a: &a ["lol","lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\n',
        "Line 2",
        "aliases (*a) are not allowed",
    ),
    "deep nesting": ("x: " + "[" * 5000 + "]" * 5000, "Line 1", "nested more than"),
    "control character": ("id: r\nname: \x07\n", "Line 2", "is not allowed"),
    "huge text": ("name: " + "a" * 300_000, "Line 1", "at most 256 KiB"),
    "out of range": (
        BAD_YAML.replace("sets: 0", "rom_target_deg: 1e29"),
        "Line 5",
        "should be at most 180",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
def test_hostile_yaml_in_the_editor_shows_a_located_error_not_a_traceback(
    app: AppTest, case: str
) -> None:
    text, where, problem = HOSTILE_YAML[case]
    _open_builder(app)
    app.text_area(key="builder.yaml").input(text).run()
    assert not app.exception
    # The message is shown as escaped Markdown (no markup from data); read it as displayed.
    errors = [as_displayed(e.value) for e in app.error]
    assert len(errors) == 1, errors
    assert errors[0].startswith(where), errors[0]
    assert problem in errors[0]


def test_valid_yaml_typed_in_the_editor_updates_the_builder(app: AppTest) -> None:
    _open_builder(app)
    app.text_area(key="builder.yaml").input(BAD_YAML.replace("sets: 0", "sets: 2")).run()
    assert not app.error
    assert app.text_input(key="builder.name").value == "Broken"
    sets = next(n for n in app.number_input if n.label == "Sets")
    assert sets.value == 2


def test_a_therapist_prescribes_a_routine_with_a_schedule(app: AppTest, clinic_db: Clinic) -> None:
    sign_in(app, "therapist")
    app.switch_page("pages/therapist_prescribe.py").run()
    assert not app.exception
    app.selectbox(key="prescribe.patient").select(clinic_db.second_patient_id).run()
    app.number_input[0].set_value(4)
    next(b for b in app.button if b.label == "Prescribe").click().run()
    assert not app.exception
    assert any("Squat: 2 sets of 8 reps" in m.value for m in app.markdown)
    assert app.success[0].value.startswith("Prescribed **Knee start** to Paula Second: 4 sessions")
    plans = _therapist(clinic_db).plans.prescriptions_for(clinic_db.second_patient_id)
    assert [(p.routine.routine_key, p.days_per_week, p.active) for p in plans] == [
        ("knee_start", 4, True)
    ]
