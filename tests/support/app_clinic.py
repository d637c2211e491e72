"""A small clinic for the app tests, built through the service layer only.

One admin, two therapists, three patients (two linked to the first therapist), the squat
routine prescribed to the first patient and one completed session with real rep rows, so every
page has something to show; and a helper that signs in through the real form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coach.store import Actor, ClinicService, Database, Role, authenticate, open_database
from tests.support.accounts import PASSWORD
from tests.support.reps import completed_rep

MAIN_SCRIPT = Path(__file__).resolve().parents[2] / "coach" / "app" / "main.py"
ROUTINE_YAML = """\
id: knee_start
name: Knee start
description: First week after the knee check.
exercises:
  - exercise: squat
    sets: 2
    reps: 8
    rom_target_deg: 75
"""


@dataclass(frozen=True)
class Clinic:
    """What the fixture created (ids for assertions)."""

    url: str
    db: Database
    therapist_id: int
    patient_id: int
    second_patient_id: int
    foreign_patient_id: int
    session_id: int
    reps_recorded: int


def _record_session(clinic: ClinicService, patient_id: int, prescription_id: int) -> int:
    session_id = clinic.recording.start_session(patient_id, backend="movenet-lightning",
                                      prescription_id=prescription_id)  # fmt: skip
    for set_index, reps in enumerate((8, 6)):
        set_id = clinic.recording.record_set_start(
            session_id, "squat", set_index=set_index, target_reps=8
        )
        for rep in range(reps):
            start_ms = 60_000 * set_index + 3_000 * rep
            clinic.recording.record_rep(set_id, completed_rep(
                rep + 1, start_ms, start_ms + 2_500, rom_min_deg=5.0, rom_max_deg=60.0 + rep,
                concentric_s=1.1, eccentric_s=1.4,
            ))  # fmt: skip
        clinic.recording.finish_set(set_id)
    clinic.recording.record_cue(session_id, at_ms=4_200, code="chest_up",
                      message="Keep your chest up and look ahead.", severity="warning")  # fmt: skip
    clinic.recording.finish_session(session_id)
    return session_id


def build_clinic(url: str) -> Clinic:
    """Create the clinic described in this module's docstring in a new database at ``url``."""
    db = open_database(url, upgrade=True)
    admin = ClinicService(db, Actor.system("tests"))
    admin.accounts.create_user("admin", PASSWORD, Role.ADMIN, "Ada Admin")
    therapist = admin.accounts.create_user("therapist", PASSWORD, Role.THERAPIST, "Theo Therapist")
    admin.accounts.create_user("other_therapist", PASSWORD, Role.THERAPIST, "Olga Other")
    as_therapist = ClinicService(db, authenticate(db, "therapist", PASSWORD))
    patient = as_therapist.accounts.create_patient("patient", PASSWORD, "Pat Patient")
    second = as_therapist.accounts.create_patient("patient_two", PASSWORD, "Paula Second")
    as_other = ClinicService(db, authenticate(db, "other_therapist", PASSWORD))
    foreign = as_other.accounts.create_patient("foreign_patient", PASSWORD, "Fred Foreign")
    routine = as_therapist.plans.save_routine(ROUTINE_YAML, source="tests")
    prescription = as_therapist.plans.assign_routine(
        patient.id, routine.id, days_per_week=3, start_date=datetime.now(UTC).date()
    )
    session_id = _record_session(as_therapist, patient.id, prescription.id)
    return Clinic(url, db, therapist.id, patient.id, second.id, foreign.id,
                  session_id, reps_recorded=14)  # fmt: skip


def started_app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app on ``database_url``, run once (the sign-in page), with the default idle limit."""
    monkeypatch.setenv("COACH_DATABASE_URL", database_url)
    monkeypatch.delenv("COACH_SESSION_IDLE_MIN", raising=False)
    return AppTest.from_file(str(MAIN_SCRIPT), default_timeout=60).run()


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    """Fill and submit the sign-in form."""
    at.text_input(key="sign_in.username").input(username)
    at.text_input(key="sign_in.password").input(password)
    at.button[0].click()
    return at.run()
