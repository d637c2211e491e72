"""Extra exercises a therapist allows a patient: who may allow, revoke and read them, the audit
lines they leave, practice sessions of them, and upgrading a 0004 database to the new table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from coach.store import (
    Actor,
    ClinicService,
    DuplicateError,
    InvalidInputError,
    InvalidStateError,
    NotVisibleError,
    PermissionDeniedError,
    Role,
    open_database,
    upgrade_database,
)
from coach.store.migrate import upgrade
from tests.support.database_fixtures import insert_therapist_and_patient
from tests.support.reps import completed_rep
from tests.support.store_clinic import Clinic


def test_a_linked_therapist_allows_an_exercise_and_the_patient_reads_it_with_the_note(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    allowed = clinic.therapist.allowances.allow_exercise(
        patient_id, "wall_sit", note="  On days your knee feels good.  "
    )
    (listed,) = clinic.patient.allowances.allowed_exercises(patient_id)
    assert listed == allowed
    assert (listed.exercise_key, listed.note, listed.allowed_by) == (
        "wall_sit", "On days your knee feels good.", "thera",
    )  # fmt: skip
    assert clinic.therapist.allowances.allowed_exercises(patient_id) == [allowed]


def test_only_the_linked_therapist_or_an_admin_may_allow_and_each_patient_reads_only_their_own(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    with pytest.raises(NotVisibleError, match="no patient with this id is linked to you"):
        clinic.other_therapist.allowances.allow_exercise(patient_id, "wall_sit")
    with pytest.raises(PermissionDeniedError, match="only therapist or admin accounts"):
        clinic.patient.allowances.allow_exercise(patient_id, "wall_sit")
    clinic.admin.allowances.allow_exercise(patient_id, "sit_to_stand")
    with pytest.raises(NotVisibleError, match="no patient with this id is linked to you"):
        clinic.other_therapist.allowances.allowed_exercises(patient_id)
    with pytest.raises(NotVisibleError, match="patients can only see their own data"):
        clinic.patient.allowances.allowed_exercises(clinic.other_patient_user.id)
    assert [a.exercise_key for a in clinic.patient.allowances.allowed_exercises(patient_id)] == [
        "sit_to_stand"
    ]


def test_an_unknown_exercise_a_long_note_and_a_second_allowance_are_refused(
    clinic: Clinic,
) -> None:
    allowances = clinic.therapist.allowances
    patient_id = clinic.patient_user.id
    with pytest.raises(InvalidInputError, match="unknown exercise 'moonwalk'; known: sit_to_stand"):
        allowances.allow_exercise(patient_id, "moonwalk")
    with pytest.raises(InvalidInputError, match="at most 300 characters"):
        allowances.allow_exercise(patient_id, "wall_sit", note="x" * 301)
    allowances.allow_exercise(patient_id, "wall_sit")
    with pytest.raises(DuplicateError, match="'wall_sit' is already allowed"):
        allowances.allow_exercise(patient_id, "wall_sit")
    assert len(allowances.allowed_exercises(patient_id)) == 1


def test_revoking_takes_it_off_the_list_once_and_only_for_the_linked_therapist(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    allowed = clinic.therapist.allowances.allow_exercise(patient_id, "wall_sit")
    with pytest.raises(NotVisibleError):
        clinic.other_therapist.allowances.revoke_exercise(allowed.id)
    with pytest.raises(PermissionDeniedError):
        clinic.patient.allowances.revoke_exercise(allowed.id)
    clinic.therapist.allowances.revoke_exercise(allowed.id)
    assert clinic.patient.allowances.allowed_exercises(patient_id) == []
    with pytest.raises(InvalidStateError, match="already taken off the list"):
        clinic.therapist.allowances.revoke_exercise(allowed.id)
    again = clinic.therapist.allowances.allow_exercise(patient_id, "wall_sit")  # allowed anew
    assert again.id != allowed.id
    actions = [(e.action, e.detail["exercise"]) for e in clinic.admin.admin.audit_log()
               if e.action.startswith("exercise.")]  # fmt: skip
    assert actions == [
        ("exercise.allow", "wall_sit"), ("exercise.revoke", "wall_sit"),
        ("exercise.allow", "wall_sit"),
    ]  # newest first  # fmt: skip


def test_a_practice_session_of_an_allowed_exercise_counts_only_with_a_recorded_rep(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    clinic.therapist.allowances.allow_exercise(patient_id, "sit_to_stand")
    recording = clinic.patient.recording
    empty = recording.start_session(patient_id, backend="movenet")
    recording.record_set_start(empty, "sit_to_stand", set_index=0, target_reps=10)
    recording.finish_session(empty)
    done = recording.start_session(patient_id, backend="movenet")
    set_id = recording.record_set_start(done, "sit_to_stand", set_index=0, target_reps=10)
    recording.record_rep(set_id, completed_rep(1, 0, 2000, rom_min_deg=10.0, rom_max_deg=80.0))
    recording.finish_session(done)
    sessions = {s.id: s for s in clinic.therapist.history.sessions_for(patient_id)}
    assert (sessions[empty].counts, sessions[done].counts) == (False, True)
    assert sessions[done].prescription_id is None
    (row,) = [p for p in clinic.therapist.history.list_patients() if p.user.id == patient_id]
    assert row.sessions_this_week == 1


def test_upgrading_a_0004_database_keeps_its_data_and_adds_the_allowances(db_url: str) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        upgrade(db, "0004")
        with db.engine.execution_options(coach_write=True).begin() as conn:
            insert_therapist_and_patient(conn)
            conn.execute(text(
                "INSERT INTO therapist_patients (therapist_id, patient_id, created_at)"
                " VALUES (1, 2, '2026-01-01 10:00:00')"))
            conn.execute(text(
                "INSERT INTO sessions (id, patient_id, backend, status, started_at,"
                " last_activity_at, is_demo) VALUES (7, 2, 'movenet', 'completed',"
                " '2026-01-02 10:00:00', '2026-01-02 10:30:00', false)"))  # fmt: skip
        upgrade_database(db)
        therapist = ClinicService(db, Actor(user_id=1, username="thera", role=Role.THERAPIST))
        (stored,) = therapist.history.sessions_for(2)
        assert (stored.id, stored.started_at) == (7, datetime(2026, 1, 2, 10, 0, tzinfo=UTC))
        assert therapist.allowances.allowed_exercises(2) == []
        allowed = therapist.allowances.allow_exercise(2, "squat", note="Between sessions")
        assert therapist.allowances.allowed_exercises(2) == [allowed]
    finally:
        db.close()
