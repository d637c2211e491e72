"""A stored rep is the analyzer's ``RepCompleted`` again: every field written, read back and
exported; migration 0007 keeps reps recorded before it (on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from sqlalchemy import text

from coach.analysis.events import RepCompleted
from coach.store import Actor, ClinicService, current_revision
from coach.store.migrate import head_revision, upgrade
from tests.support.database_fixtures import MIGRATION_BACKENDS, database_at_revision
from tests.support.store_clinic import Clinic

#: Two reps of a squat done with both legs: the right knee bends 8° less than the left.
SQUATS = (
    RepCompleted(
        timestamp_ms=2_950.0, index=1, side="both", start_ms=400.0, peak_ms=1_610.4,
        end_ms=2_950.0, rom_min_deg=4.5, rom_max_deg=91.0, signal_peak=91.0,
        eccentric_s=1.21, concentric_s=1.34, rom_left_deg=86.0, rom_right_deg=78.0,
    ),
    RepCompleted(
        timestamp_ms=6_100.0, index=2, side="both", start_ms=3_500.0, peak_ms=4_700.0,
        end_ms=6_100.0, rom_min_deg=5.0, rom_max_deg=math.nan, signal_peak=88.5,
        eccentric_s=1.2, concentric_s=1.4,
    ),
)  # fmt: skip


def _record(clinic: Clinic, reps: tuple[RepCompleted, ...]) -> int:
    clinic.therapist.allowances.allow_exercise(clinic.patient_user.id, "sit_to_stand")
    recording = clinic.patient.recording
    session_id = recording.start_session(clinic.patient_user.id, backend="blazepose-full")
    set_id = recording.record_set_start(session_id, "sit_to_stand", set_index=0, target_reps=5)
    for rep in reps:
        recording.record_rep(set_id, rep)
    recording.finish_session(session_id)
    return session_id


def test_a_stored_rep_comes_back_with_every_field_of_the_analyzers_rep(clinic: Clinic) -> None:
    session_id = _record(clinic, SQUATS)
    (exercise_set,) = clinic.therapist.history.session_detail(session_id).sets
    first, second = (stored.rep for stored in exercise_set.reps)
    # whole milliseconds on the session clock, everything else as the analyzer gave it
    assert first == RepCompleted(
        timestamp_ms=2_950.0, index=1, side="both", start_ms=400.0, peak_ms=1_610.0,
        end_ms=2_950.0, rom_min_deg=4.5, rom_max_deg=91.0, signal_peak=91.0,
        eccentric_s=1.21, concentric_s=1.34, rom_left_deg=86.0, rom_right_deg=78.0,
    )  # fmt: skip
    assert first.symmetry_index_pct == pytest.approx(100 * 8 / 82)
    assert math.isnan(second.rom_max_deg) and math.isnan(second.rom_deg)  # unmeasured stays NaN
    assert math.isnan(second.rom_left_deg) and math.isnan(second.symmetry_index_pct)
    assert (second.index, second.peak_ms, second.signal_peak) == (2, 4_700.0, 88.5)


def test_exports_carry_side_turn_signal_peak_and_both_arcs(clinic: Clinic) -> None:
    _record(clinic, SQUATS)
    patient_id = clinic.patient_user.id
    rows = list(csv.DictReader(io.StringIO(clinic.therapist.exports.export_history(patient_id,
                                                                                  "csv"))))
    reps = [row for row in rows if row["event"] == "rep"]
    assert [(r["number"], r["rep_side"], r["peak_s"]) for r in reps] == [
        ("1", "both", "1.61"), ("2", "both", "4.7")]  # fmt: skip
    assert (reps[0]["rom_left_deg"], reps[0]["rom_right_deg"]) == ("86.0", "78.0")
    assert float(reps[0]["symmetry_index_pct"]) == pytest.approx(9.756, abs=0.001)
    # never measured: an empty cell, not "nan"
    assert (reps[1]["rom_max_deg"], reps[1]["rom_left_deg"], reps[1]["symmetry_index_pct"]) == (
        "", "", "")  # fmt: skip
    document = json.loads(clinic.therapist.exports.export_history(patient_id, "json"))
    first, second = document["sessions"][0]["sets"][0]["reps"]
    assert (first["index"], first["side"], first["signal_peak"]) == (1, "both", 91.0)
    assert (first["rom_deg"], first["duration_s"]) == (86.5, 2.55)
    assert first["symmetry_index_pct"] == pytest.approx(9.756, abs=0.001)
    assert second["rom_max_deg"] is None and second["rom_target_value_deg"] is None
    assert second["recorded_at"].endswith("+00:00")


@pytest.mark.parametrize("backend", MIGRATION_BACKENDS)
def test_migration_0007_keeps_reps_recorded_before_it_and_stores_every_field_after(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    db = database_at_revision(request, tmp_path, backend, "0006")  # before the rep details
    try:
        # Rows written as the code before 0007 wrote them (plain SQL: today's models know the new
        # columns): a patient with one left-leg set of two reps, one without angles.
        with db.engine.execution_options(coach_write=True).begin() as conn:
            conn.execute(text(
                "INSERT INTO users (id, username, display_name, role, password_hash, active,"
                " is_demo, created_at) VALUES (2, 'pat', 'Pat', 'patient', 'x', true, false,"
                " '2026-01-01 10:00:00')"))
            conn.execute(text(
                "INSERT INTO sessions (id, patient_id, backend, status, started_at,"
                " last_activity_at, is_demo) VALUES (7, 2, 'movenet', 'active',"
                " '2026-01-02 10:00:00', '2026-01-02 10:30:00', false)"))
            conn.execute(text(
                "INSERT INTO sets (id, session_id, exercise_key, set_index, side, achieved_reps,"
                " started_at) VALUES (3, 7, 'seated_knee_extension', 0, 'left', 2,"
                " '2026-01-02 10:01:00')"))
            conn.execute(text(
                "INSERT INTO rep_events (set_id, rep_index, start_ms, end_ms, rom_min_deg,"
                " rom_max_deg, concentric_ms, eccentric_ms, recorded_at) VALUES"
                " (3, 0, 1000, 3500, 12.0, 88.0, 1200, 1300, '2026-01-02 10:02:00'),"
                " (3, 1, 4000, 6000, NULL, NULL, NULL, NULL, '2026-01-02 10:02:05')"))
        upgrade(db)
        assert current_revision(db) == head_revision()
        system = ClinicService(db, Actor.system("t"))
        old = [stored.rep for stored in system.history.session_detail(7).sets[0].reps]
        assert [(r.index, r.side, r.start_ms, r.end_ms) for r in old] == [
            (1, "left", 1000.0, 3500.0), (2, "left", 4000.0, 6000.0)]  # fmt: skip
        assert (old[0].rom_min_deg, old[0].rom_max_deg, old[0].eccentric_s) == (12.0, 88.0, 1.3)
        assert math.isnan(old[0].peak_ms) and math.isnan(old[0].signal_peak)
        assert math.isnan(old[1].rom_max_deg) and math.isnan(old[1].concentric_s)
        # the same set goes on with reps that keep every field
        system.recording.record_rep(3, RepCompleted(
            timestamp_ms=9_000.0, index=3, side="left", start_ms=6_500.0, peak_ms=7_700.0,
            end_ms=9_000.0, rom_min_deg=10.0, rom_max_deg=90.0, signal_peak=90.0,
            eccentric_s=1.2, concentric_s=1.3,
        ))  # fmt: skip
        new = system.history.session_detail(7).sets[0].reps[-1].rep
        assert (new.index, new.peak_ms, new.signal_peak) == (3, 7_700.0, 90.0)
    finally:
        db.close()
