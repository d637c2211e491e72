"""What counts as a session, one active plan per routine, and adherence over complete weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from coach.store import (
    Actor,
    ClinicService,
    DuplicateError,
    InvalidStateError,
    PlanExistsError,
    PlanStatus,
    open_database,
    upgrade_database,
)
from coach.store.migrate import upgrade
from tests.support.reps import completed_rep
from tests.support.store_clinic import Clinic

TODAY = datetime.now(UTC).date()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def _session(clinic: Clinic, *, reps: int = 0, hold_s: float | None = None,
             balance_s: float | None = None, sha: str | None = None) -> int:  # fmt: skip
    """A completed session of the patient with the given events; returns its id."""
    recording = clinic.patient.recording
    session_id = recording.start_session(
        clinic.patient_user.id, backend="movenet", source_sha256=sha
    )
    set_id = recording.record_set_start(session_id, "sit_to_stand", set_index=0, target_reps=10)
    for index in range(reps):
        recording.record_rep(set_id, completed_rep(
            index + 1, index * 3000, index * 3000 + 2000, rom_min_deg=10.0, rom_max_deg=80.0,
        ))  # fmt: skip
    if hold_s is not None:
        recording.record_hold(set_id, held_s=hold_s, completed=True, target_s=hold_s)
    if balance_s is not None:
        recording.record_balance(set_id, duration_s=balance_s, sway_rms_pct=1.0)
    recording.finish_session(session_id)
    return session_id


def _prescribe(clinic: Clinic, start: date, days: int = 3, **kwargs: object) -> int:
    plan = clinic.therapist.plans.assign_routine(
        clinic.patient_user.id, clinic.routine_id, days_per_week=days, start_date=start,
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    return plan.id


def test_a_session_without_a_rep_hold_or_balance_trial_is_kept_but_not_counted(
    clinic: Clinic,
) -> None:
    _prescribe(clinic, MONDAY - timedelta(weeks=1))
    empty = _session(clinic)
    with_reps = _session(clinic, reps=2)
    hold_only = _session(clinic, hold_s=20.0)
    balance_only = _session(clinic, balance_s=15.0)
    sessions = {s.id: s for s in clinic.therapist.history.sessions_for(clinic.patient_user.id)}
    assert len(sessions) == 4  # the empty session stays visible to the therapist...
    assert not sessions[empty].counts  # ...marked as not counted
    assert [sessions[i].counts for i in (with_reps, hold_only, balance_only)] == [True] * 3
    assert sessions[hold_only].hold_count == 1 and sessions[balance_only].balance_count == 1
    (this_week,) = clinic.therapist.history.adherence(clinic.patient_user.id, weeks=1)
    assert (this_week.sessions_done, this_week.sessions_prescribed) == (3, 3)
    row = clinic.therapist.history.list_patients()[0]
    assert row.sessions_this_week == 3


def test_an_empty_session_and_a_repeated_upload_do_not_fill_a_new_patients_week(
    clinic: Clinic,
) -> None:
    _prescribe(clinic, TODAY)
    _session(clinic)  # a live session with 0 reps
    _session(clinic, reps=5, sha="a" * 64)  # the clip, uploaded once...
    with pytest.raises(DuplicateError, match="already uploaded on"):
        _session(clinic, reps=5, sha="a" * 64)  # ...and again
    row = clinic.therapist.history.list_patients()[0]
    assert row.sessions_this_week == 1
    assert len(clinic.therapist.history.sessions_for(clinic.patient_user.id)) == 2


def test_the_same_file_may_be_uploaded_by_two_patients(clinic: Clinic) -> None:
    _prescribe(clinic, TODAY)
    _session(clinic, reps=1, sha="b" * 64)
    other = clinic.other_patient_user.id
    other_thera = clinic.other_therapist.recording
    session_id = other_thera.start_session(other, backend="movenet", source_sha256="b" * 64)
    assert other_thera.uploaded_session(other, "b" * 64) is not None
    assert clinic.patient.recording.uploaded_session(clinic.patient_user.id, "c" * 64) is None
    assert session_id


def test_prescribing_an_active_routine_again_is_refused_unless_it_replaces_the_plan(
    clinic: Clinic,
) -> None:
    first = _prescribe(clinic, MONDAY - timedelta(weeks=2))
    with pytest.raises(PlanExistsError, match="already has 'Knee basics' as an active plan") as e:
        _prescribe(clinic, TODAY)
    assert e.value.existing_id == first
    plans = clinic.therapist.plans.prescriptions_for(clinic.patient_user.id, active_only=True)
    assert [p.id for p in plans] == [first]
    second = _prescribe(clinic, MONDAY, days=2, replace=True)
    by_id = {p.id: p for p in clinic.therapist.plans.prescriptions_for(clinic.patient_user.id)}
    assert by_id[first].status is PlanStatus.ENDED
    assert by_id[first].end_date == MONDAY - timedelta(days=1)
    assert (by_id[second].status, by_id[second].replaces_id) == (PlanStatus.ACTIVE, first)
    weeks = clinic.therapist.history.adherence(clinic.patient_user.id, weeks=3)
    # Past weeks keep the old schedule, this week has the new one: never the two added up.
    assert [w.sessions_prescribed for w in weeks] == [3, 3, 2]


def test_a_paused_plan_cannot_be_resumed_beside_an_active_plan_of_the_same_routine(
    clinic: Clinic,
) -> None:
    first = _prescribe(clinic, MONDAY)
    clinic.therapist.plans.set_prescription_active(first, False)
    _prescribe(clinic, MONDAY)  # nothing active any more: allowed
    with pytest.raises(PlanExistsError):
        clinic.therapist.plans.set_prescription_active(first, True)


def test_editing_a_running_plan_applies_from_today_and_keeps_the_old_version(
    clinic: Clinic,
) -> None:
    start = MONDAY - timedelta(weeks=2)
    first = _prescribe(clinic, start)
    edited = clinic.therapist.plans.update_prescription(
        first, days_per_week=2, start_date=start, end_date=TODAY + timedelta(weeks=4)
    )
    old = next(
        p for p in clinic.therapist.plans.prescriptions_for(clinic.patient_user.id) if p.id == first
    )
    assert (old.status, old.end_date) == (PlanStatus.ENDED, TODAY - timedelta(days=1))
    assert (edited.start_date, edited.days_per_week, edited.replaces_id) == (TODAY, 2, first)
    weeks = clinic.therapist.history.adherence(clinic.patient_user.id, weeks=3)
    assert [w.sessions_prescribed for w in weeks[:2]] == [3, 3]
    with pytest.raises(InvalidStateError, match="has ended"):
        clinic.therapist.plans.update_prescription(first, days_per_week=1, start_date=TODAY)


def test_an_ended_plan_counts_up_to_its_end_and_asks_nothing_after(clinic: Clinic) -> None:
    plan = _prescribe(clinic, MONDAY - timedelta(weeks=2))
    ended = clinic.therapist.plans.end_prescription(plan, last_day=MONDAY - timedelta(days=1))
    assert ended.status is PlanStatus.ENDED and not ended.active
    weeks = clinic.therapist.history.adherence(clinic.patient_user.id, weeks=3)
    assert [w.sessions_prescribed for w in weeks] == [3, 3, 0]
    assert clinic.patient.plans.prescriptions_for(clinic.patient_user.id, active_only=True) == []
    with pytest.raises(InvalidStateError, match="already ended"):
        clinic.therapist.plans.end_prescription(plan)
    row = clinic.therapist.history.list_patients()[0]
    assert not row.has_plan


def test_adherence_summary_uses_complete_weeks_inside_the_plan_only(clinic: Clinic) -> None:
    history = clinic.therapist.history
    patient_id = clinic.patient_user.id
    assert history.adherence_summary(patient_id).ratio is None  # no plan at all
    _prescribe(clinic, TODAY)
    _session(clinic, reps=3)
    day_one = history.adherence_summary(patient_id)
    assert (day_one.weeks, day_one.ratio) == ((), None)  # not 50 % on day 1
    next_monday = MONDAY + timedelta(weeks=1)
    one_week_on = history.adherence_summary(patient_id, today=next_monday)
    (week,) = one_week_on.weeks
    assert week.week_start == MONDAY  # the week in progress (next_monday) is left out
    assert week.sessions_done == 1
    row = history.list_patients(today=next_monday)[0]
    assert row.last_week is not None and row.last_week.week_start == MONDAY
    assert row.has_plan


def test_a_patient_without_a_plan_is_not_reported_as_missing_it(clinic: Clinic) -> None:
    row = clinic.therapist.history.list_patients()[0]
    assert (row.has_plan, row.missed_plan, row.prescribed_this_week) == (False, False, 0)


def test_upgrading_a_0001_database_keeps_its_data(db_url: str) -> None:
    db = open_database(db_url, upgrade=False)
    try:
        upgrade(db, "0001")
        with db.engine.execution_options(coach_write=True).begin() as conn:
            conn.execute(text(
                "INSERT INTO users (id, username, display_name, role, password_hash, active,"
                " is_demo, created_at) VALUES (1, 'pat', 'Pat', 'patient', 'x', true, false,"
                " '2026-01-01 10:00:00')"))  # fmt: skip
            conn.execute(text(
                "INSERT INTO sessions (id, patient_id, backend, status, started_at,"
                " last_activity_at, is_demo) VALUES (7, 1, 'movenet', 'completed',"
                " '2026-01-02 10:00:00', '2026-01-02 10:30:00', false)"))  # fmt: skip
        upgrade_database(db)
        service = ClinicService(db, Actor.system("test"))
        (stored,) = service.history.sessions_for(1)
        assert (stored.id, stored.backend, stored.source_sha256) == (7, "movenet", None)
        assert stored.started_at == datetime(2026, 1, 2, 10, 0, tzinfo=UTC)
    finally:
        db.close()
