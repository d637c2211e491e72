"""Recording sessions and reading them back: detail, trends, adherence, export, versions."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

from coach.store import (
    InvalidInputError,
    InvalidStateError,
    SessionStatus,
    mark_dangling_sessions_interrupted,
)
from tests.support.reps import completed_rep
from tests.support.store_clinic import TEST_EXERCISES, Clinic


@pytest.fixture
def prescribed(clinic: Clinic) -> Clinic:
    """The clinic with the knee routine (sit-to-stand, wall sit) prescribed to the patient."""
    clinic.therapist.plans.assign_routine(
        clinic.patient_user.id, clinic.routine_id, days_per_week=3, start_date=date.today()
    )
    return clinic


def _record_session(clinic: Clinic, reps: list[tuple[float, float]]) -> int:
    """A completed session: one set of sit-to-stands with the given (min, max) ROM, one hold,
    one balance trial and one cue. Returns the session id."""
    patient = clinic.patient
    session_id = patient.recording.start_session(clinic.patient_user.id, backend="blazepose")
    set_id = patient.recording.record_set_start(
        session_id, "sit_to_stand", set_index=0, target_reps=10
    )
    for index, (low, high) in enumerate(reps):
        patient.recording.record_rep(
            set_id,
            completed_rep(
                index + 1,
                index * 3000,
                index * 3000 + 2400,
                rom_min_deg=low,
                rom_max_deg=high,
                concentric_s=1.1,
                eccentric_s=1.3,
            ),
        )
    patient.recording.record_cue(
        session_id,
        at_ms=1500,
        code="knees_in",
        message="Push your knees out",
        severity="warning",
        set_id=set_id,
    )
    patient.recording.finish_set(set_id)
    hold_id = patient.recording.record_set_start(
        session_id, "wall_sit", set_index=0, target_hold_s=30
    )
    patient.recording.record_hold(hold_id, held_s=27.5, completed=False, target_s=30)
    patient.recording.record_balance(
        hold_id, duration_s=12.0, sway_rms_pct=1.5, sway_max_pct=4.0, loss_count=1
    )
    patient.recording.finish_session(session_id)
    return session_id


def test_session_detail_returns_targets_achieved_reps_and_cues(prescribed: Clinic) -> None:
    clinic = prescribed
    session_id = _record_session(clinic, [(80.0, 170.0), (85.0, 168.0), (90.0, 165.0)])
    detail = clinic.therapist.history.session_detail(session_id)
    assert detail.session.status is SessionStatus.COMPLETED
    assert (detail.session.set_count, detail.session.rep_count) == (2, 3)
    reps_set, hold_set = detail.sets
    assert (reps_set.target_reps, reps_set.achieved_reps) == (10, 3)
    assert [s.rep.rom_max_deg for s in reps_set.reps] == [170.0, 168.0, 165.0]
    assert reps_set.reps[1].rep.duration_s == 2.4
    assert (hold_set.target_hold_s, hold_set.achieved_hold_s) == (30.0, 27.5)
    assert hold_set.balances[0].loss_count == 1
    assert [(c.code, c.severity, c.set_id) for c in detail.cues] == [
        ("knees_in", "warning", reps_set.id)
    ]
    assert detail.session.started_at.tzinfo is not None


def test_trends_give_reps_and_rom_per_session_and_exercise(prescribed: Clinic) -> None:
    clinic = prescribed
    first = _record_session(clinic, [(80.0, 150.0), (90.0, 160.0)])
    second = _record_session(clinic, [(70.0, 170.0)])
    points = clinic.therapist.history.exercise_trends(clinic.patient_user.id, "sit_to_stand")
    assert [(p.session_id, p.reps) for p in points] == [(first, 2), (second, 1)]
    assert points[0].rom_max_deg_mean == pytest.approx(155.0)
    assert points[0].rom_max_deg_best == pytest.approx(160.0)
    assert points[0].rom_range_deg_mean == pytest.approx(70.0)
    holds = clinic.therapist.history.exercise_trends(clinic.patient_user.id, "wall_sit")
    assert [p.hold_s_total for p in holds] == [27.5, 27.5]


def test_adherence_counts_completed_sessions_against_the_weekly_prescription(
    clinic: Clinic,
) -> None:
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    clinic.therapist.plans.assign_routine(
        clinic.patient_user.id,
        clinic.routine_id,
        days_per_week=3,
        start_date=monday - timedelta(weeks=1),
    )
    _record_session(clinic, [(80.0, 160.0)])
    _record_session(clinic, [(80.0, 160.0)])
    abandoned = clinic.patient.recording.start_session(clinic.patient_user.id, backend="movenet")
    weeks = clinic.therapist.history.adherence(clinic.patient_user.id, weeks=3, today=today)
    assert [(w.week_start, w.sessions_done, w.sessions_prescribed) for w in weeks] == [
        (monday - timedelta(weeks=2), 0, 0),
        (monday - timedelta(weeks=1), 0, 3),
        (monday, 2, 3),
    ]
    assert weeks[-1].ratio == pytest.approx(2 / 3)
    assert weeks[0].ratio is None
    row = clinic.therapist.history.list_patients(today=today)[0]
    assert (row.sessions_this_week, row.prescribed_this_week) == (2, 3)
    assert row.missed_plan  # nothing done last week against 3 prescribed
    assert row.last_session_at is not None
    assert abandoned  # an active session does not count as done


def test_saving_a_routine_again_creates_the_next_version(clinic: Clinic) -> None:
    text = (TEST_EXERCISES / "routines" / "knee_basics.yaml").read_text()
    same = clinic.therapist.plans.save_routine(text)
    assert (same.id, same.version) == (clinic.routine_id, 1)
    changed = clinic.therapist.plans.save_routine(text.replace("reps: 10", "reps: 12"))
    assert (changed.version, changed.routine_key) == (2, "knee_basics")
    assert [r.version for r in clinic.therapist.plans.list_routines()] == [2]
    assert [r.version for r in clinic.therapist.plans.list_routines(latest_only=False)] == [1, 2]
    assert clinic.therapist.plans.get_routine(clinic.routine_id).yaml_text == text


def test_invalid_routine_yaml_names_the_line_and_field(clinic: Clinic) -> None:
    bad = "id: knee_basics\nname: Knee\nexercises:\n  - exercise: moonwalk\n"
    with pytest.raises(InvalidInputError, match=r"my.yaml:4:.*unknown exercise 'moonwalk'"):
        clinic.therapist.plans.save_routine(bad, source="my.yaml")


def test_prescriptions_validate_the_schedule(clinic: Clinic) -> None:
    patient_id = clinic.patient_user.id
    with pytest.raises(InvalidInputError, match="sessions per week must be between 1 and 7, got 9"):
        clinic.therapist.plans.assign_routine(
            patient_id, clinic.routine_id, days_per_week=9, start_date=date(2026, 1, 5)
        )
    with pytest.raises(InvalidInputError, match="01 Jan 2026 is before the start date"):
        clinic.therapist.plans.assign_routine(
            patient_id,
            clinic.routine_id,
            days_per_week=3,
            start_date=date(2026, 1, 5),
            end_date=date(2026, 1, 1),
        )
    rx = clinic.therapist.plans.assign_routine(
        patient_id, clinic.routine_id, days_per_week=3, start_date=date(2026, 1, 5)
    )
    paused = clinic.therapist.plans.set_prescription_active(rx.id, False)
    assert not paused.active
    assert clinic.patient.plans.prescriptions_for(patient_id, active_only=True) == []
    assert [p.id for p in clinic.patient.plans.prescriptions_for(patient_id)] == [rx.id]


def test_finished_session_refuses_more_events(prescribed: Clinic) -> None:
    clinic = prescribed
    session_id = _record_session(clinic, [(80.0, 160.0)])
    with pytest.raises(InvalidStateError, match=f"session {session_id} is completed"):
        clinic.patient.recording.record_cue(session_id, at_ms=1, code="late", message="too late")


def test_bad_event_values_are_refused(prescribed: Clinic) -> None:
    clinic = prescribed
    session_id = clinic.patient.recording.start_session(clinic.patient_user.id, backend="movenet")
    set_id = clinic.patient.recording.record_set_start(session_id, "sit_to_stand", set_index=0)
    with pytest.raises(InvalidInputError, match="0 <= start_ms <= end_ms"):
        clinic.patient.recording.record_rep(set_id, completed_rep(1, 500, 100))
    with pytest.raises(InvalidInputError, match="rom_max_deg must be a finite number"):
        clinic.patient.recording.record_rep(
            set_id, completed_rep(1, 0, 1, rom_max_deg=float("inf"))
        )
    with pytest.raises(InvalidInputError, match="rep side must be one of left, right, both"):
        clinic.patient.recording.record_rep(set_id, completed_rep(1, 0, 1, side="up"))
    clinic.patient.recording.record_rep(set_id, completed_rep(1, 0, 1))
    with pytest.raises(InvalidInputError, match=r"rep 1 of set \d+ is already recorded"):
        clinic.patient.recording.record_rep(set_id, completed_rep(1, 0, 1))
    with pytest.raises(InvalidInputError, match="cue severity must be one of"):
        clinic.patient.recording.record_cue(
            session_id, at_ms=0, code="x", message="y", severity="loud"
        )
    assert clinic.patient.history.session_detail(session_id).sets[0].achieved_reps == 1


def test_interrupted_session_can_be_resumed_or_closed(prescribed: Clinic) -> None:
    clinic = prescribed
    patient_id = clinic.patient_user.id
    first = clinic.patient.recording.start_session(patient_id, backend="movenet")
    second = clinic.patient.recording.start_session(patient_id, backend="movenet")
    assert mark_dangling_sessions_interrupted(clinic.db) == 2
    assert {s.id for s in clinic.therapist.recording.interrupted_sessions()} == {first, second}
    resumed = clinic.patient.recording.resume_session(first)
    assert resumed.status is SessionStatus.ACTIVE
    clinic.patient.recording.record_set_start(first, "sit_to_stand", set_index=0)
    closed = clinic.patient.recording.close_session(second)
    assert (closed.status, closed.ended_at) == (SessionStatus.INTERRUPTED, closed.last_activity_at)
    assert clinic.patient.recording.interrupted_sessions(patient_id) == []
    with pytest.raises(InvalidStateError, match="only open interrupted sessions resume"):
        clinic.patient.recording.resume_session(second)


def test_export_as_csv_has_one_row_per_event(prescribed: Clinic) -> None:
    clinic = prescribed
    _record_session(clinic, [(80.0, 170.0), (85.0, 168.0)])
    rows = list(
        csv.DictReader(
            io.StringIO(clinic.therapist.exports.export_history(clinic.patient_user.id, "csv"))
        )
    )
    assert [r["event"] for r in rows] == ["rep", "rep", "hold", "balance", "cue"]
    assert rows[1]["rom_max_deg"] == "168.0"
    assert rows[2]["held_s"] == "27.5"
    # Counted from 1 and in seconds, as on the screens; the ROM value its target refers to.
    assert [(r["set"], r["number"]) for r in rows[:2]] == [("1", "1"), ("1", "2")]
    assert (rows[1]["start_s"], rows[1]["end_s"], rows[1]["eccentric_s"]) == ("3.0", "5.4", "1.3")
    assert (rows[1]["rom_target_of"], rows[1]["rom_target_value_deg"]) == ("range", "83.0")
    assert rows[4]["start_s"] == "1.5" and rows[0]["session_counts"] == "True"


def test_export_as_json_nests_sets_reps_and_cues(prescribed: Clinic) -> None:
    clinic = prescribed
    _record_session(clinic, [(80.0, 170.0)])
    document = json.loads(clinic.patient.exports.export_history(clinic.patient_user.id, "json"))
    assert document["patient"]["username"] == "pat"
    session = document["sessions"][0]
    assert session["session"]["status"] == "completed"
    assert session["sets"][0]["reps"][0]["rom_max_deg"] == 170.0
    assert session["sets"][0]["reps"][0]["rom_target_value_deg"] == 90.0  # range 80..170
    assert document["rom_targets"]["sit_to_stand"] == {"of": "range", "measurement": "knee"}
    assert session["session"]["counts"] is True
    assert session["cues"][0]["message"] == "Push your knees out"
    actions = [e.action for e in clinic.admin.admin.audit_log()]
    assert "history.export" in actions


def test_unknown_export_format_is_refused(clinic: Clinic) -> None:
    with pytest.raises(InvalidInputError, match="unknown export format 'xml': expected csv, json"):
        clinic.therapist.exports.export_history(clinic.patient_user.id, "xml")
