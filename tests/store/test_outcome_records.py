"""Clinical outcome measures in the store: profile, assessment results, pain, PSFS, notes, the
0002 migration, and who may see and change what (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from coach.session.assessments import AssessmentOutcome, StandEvent
from coach.store import (
    Actor,
    ClinicService,
    InvalidInputError,
    InvalidStateError,
    PermissionDeniedError,
    current_revision,
)
from coach.store.migrate import head_revision, upgrade
from tests.support.database_fixtures import (
    MIGRATION_BACKENDS,
    database_at_revision,
    insert_therapist_and_patient,
)
from tests.support.store_clinic import Clinic

FIVE_STANDS = AssessmentOutcome(
    assessment_id="five_times_sit_to_stand",
    scores={"result": 11.8},
    unit="s",
    start_source="cue",
    stands=tuple(
        StandEvent(i, 2.2 * i - 2.0, 2.2 * i - 1.0, 2.2 * i + 0.2, True) for i in range(1, 6)
    ),
    trials=(),
    note="5 stands in 11.8 s; timed from the Go cue",
)


def test_assessment_result_is_stored_with_its_raw_stand_events(clinic: Clinic) -> None:
    patient_id = clinic.patient_user.id
    stored = clinic.patient.assessments.record_result(patient_id, FIVE_STANDS, mode="recording")
    again = clinic.therapist.assessments.result(stored.id)
    assert again.scores == {"result": 11.8}
    assert [s["index"] for s in again.events["stands"]] == [1, 2, 3, 4, 5]
    assert again.events["stands"][4]["seated_s"] == pytest.approx(11.2)
    assert again.recorded_by == "pat" and again.mode == "recording"
    entries = clinic.admin.admin.audit_log()
    assert any(e.action == "assessment.record" for e in entries)


def test_unknown_assessment_and_mode_are_refused_with_the_valid_choices(clinic: Clinic) -> None:
    bad = AssessmentOutcome("chair_stand_60s", {"result": 3.0}, "stands", "cue", (), (), "")
    with pytest.raises(
        InvalidInputError,
        match=r"unknown assessment 'chair_stand_60s'; expected one of: chair_stand_30s",
    ):
        clinic.therapist.assessments.record_result(clinic.patient_user.id, bad, mode="live")
    with pytest.raises(InvalidInputError, match="mode must be one of live, recording"):
        clinic.therapist.assessments.record_result(clinic.patient_user.id, FIVE_STANDS, mode="x")


def test_patients_and_other_therapists_cannot_reach_another_patients_outcomes(
    clinic: Clinic,
) -> None:
    other = clinic.other_patient_user.id
    with pytest.raises(PermissionDeniedError, match="patients can only see their own data"):
        clinic.patient.assessments.results(other)
    with pytest.raises(PermissionDeniedError, match="is linked to you"):
        clinic.therapist.proms.pain_ratings(other)
    with pytest.raises(PermissionDeniedError, match="is linked to you"):
        clinic.therapist.notes.add_note(other, "Doing well")
    with pytest.raises(PermissionDeniedError, match="only therapist or admin"):
        clinic.patient.assessments.assign(clinic.patient_user.id, "chair_stand_30s")
    with pytest.raises(PermissionDeniedError, match="only therapist or admin"):
        clinic.patient.proms.add_psfs_activity(clinic.patient_user.id, "Climbing stairs")


def test_profile_assignment_and_due_date(clinic: Clinic) -> None:
    patient_id = clinic.patient_user.id
    profile = clinic.therapist.assessments.set_profile(
        patient_id, date_of_birth=date(1952, 3, 14), sex="female"
    )
    assert clinic.patient.assessments.profile(patient_id) == profile
    with pytest.raises(InvalidInputError, match="sex must be 'female' or 'male'"):
        clinic.therapist.assessments.set_profile(patient_id, date_of_birth=None, sex="f")  # type: ignore[arg-type]
    start = date(2026, 11, 2)
    assignment = clinic.therapist.assessments.assign(
        patient_id, "five_times_sit_to_stand", start_date=start
    )
    assert assignment.interval_days == 14  # the test's default schedule
    assert clinic.patient.assessments.due(patient_id) == [(assignment, start)]
    performed = datetime(2026, 11, 5, 10, 0, tzinfo=UTC)
    clinic.patient.assessments.record_result(
        patient_id, FIVE_STANDS, mode="live", performed_at=performed
    )
    assert clinic.patient.assessments.due(patient_id) == [(assignment, date(2026, 11, 19))]


def test_pain_before_and_after_a_session_and_score_bounds(clinic: Clinic) -> None:
    patient_id = clinic.patient_user.id
    session_id = clinic.patient.recording.start_session(patient_id, backend="movenet")
    clinic.patient.proms.record_pain(patient_id, "before", 6, session_id=session_id)
    clinic.patient.proms.record_pain(patient_id, "after", 3, session_id=session_id)
    ratings = clinic.therapist.proms.pain_ratings(patient_id)
    assert [(r.moment, r.score, r.session_id) for r in ratings] == [
        ("before", 6, session_id), ("after", 3, session_id),
    ]  # fmt: skip
    for bad in (11, -1, 2.5):
        with pytest.raises(InvalidInputError, match="whole number from 0 to 10"):
            clinic.patient.proms.record_pain(patient_id, "after", bad)  # type: ignore[arg-type]


def test_psfs_takes_up_to_five_activities_rated_weekly(clinic: Clinic) -> None:
    patient_id = clinic.patient_user.id
    names = ["Climbing stairs", "Getting out of a car", "Gardening", "Walking 1 km", "Dancing"]
    activities = [clinic.therapist.proms.add_psfs_activity(patient_id, n) for n in names]
    with pytest.raises(InvalidStateError, match="at most 5 activities"):
        clinic.therapist.proms.add_psfs_activity(patient_id, "Cycling")
    assert clinic.patient.proms.psfs_due(patient_id)
    monday = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    for activity, score in zip(activities, [3, 4, 5, 6, 2], strict=True):
        clinic.patient.proms.rate_psfs(activity.id, score, recorded_at=monday)
    assert not clinic.patient.proms.psfs_due(patient_id, now=monday + timedelta(days=6))
    assert clinic.patient.proms.psfs_due(patient_id, now=monday + timedelta(days=7))
    clinic.therapist.proms.retire_psfs_activity(activities[4].id)
    with pytest.raises(InvalidStateError, match="was retired"):
        clinic.patient.proms.rate_psfs(activities[4].id, 5)
    assert len(clinic.therapist.proms.psfs_ratings(patient_id)) == 5
    assert len(clinic.patient.proms.psfs_activities(patient_id)) == 4


def test_notes_are_written_by_therapists_and_read_by_the_patient(clinic: Clinic) -> None:
    patient_id = clinic.patient_user.id
    clinic.therapist.notes.add_note(patient_id, "Knee pain settling; progress to step-ups.")
    with pytest.raises(PermissionDeniedError, match="only therapist or admin"):
        clinic.patient.notes.add_note(patient_id, "I feel better")
    assert [n.author for n in clinic.patient.notes.notes(patient_id)] == ["thera"]


@pytest.mark.parametrize("backend", MIGRATION_BACKENDS)
def test_migration_0003_upgrades_a_0002_database_with_its_history_intact(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    # the schema before the outcome-measure tables
    db = database_at_revision(request, tmp_path, backend, "0002")
    try:
        # Rows written as that schema's code wrote them (plain SQL: today's models know later
        # columns): a therapist, a patient, one completed session with a set of three reps.
        with db.engine.execution_options(coach_write=True).begin() as conn:
            insert_therapist_and_patient(conn)
            conn.execute(text(
                "INSERT INTO sessions (id, patient_id, backend, status, started_at,"
                " last_activity_at, is_demo) VALUES (7, 2, 'movenet', 'completed',"
                " '2026-01-02 10:00:00', '2026-01-02 10:30:00', false)"))
            conn.execute(text(
                "INSERT INTO sets (id, session_id, exercise_key, set_index, achieved_reps,"
                " started_at) VALUES (3, 7, 'sit_to_stand', 0, 3, '2026-01-02 10:01:00')"))
            for index in range(3):
                conn.execute(text(
                    "INSERT INTO rep_events (set_id, rep_index, start_ms, end_ms, rom_min_deg,"
                    " rom_max_deg, recorded_at) VALUES (3, :i, :start, :end, 10.0, 95.0,"
                    " '2026-01-02 10:02:00')"),
                    {"i": index, "start": index * 1000, "end": index * 1000 + 800})  # fmt: skip
        with db.engine.connect() as conn:
            tables = set(conn.execute(text("SELECT * FROM alembic_version")).scalars())
            assert tables == {"0002"}
        upgrade(db)
        assert current_revision(db) == head_revision()
        system = ClinicService(db, Actor.system("t"))
        detail = system.history.session_detail(7)
        assert [r.rep.index for r in detail.sets[0].reps] == [1, 2, 3]
        assert system.accounts.find_user("pat").id == 2
        system.proms.record_pain(2, "after", 2, session_id=7)
        assert [p.score for p in system.proms.pain_ratings(2)] == [2]
    finally:
        db.close()
