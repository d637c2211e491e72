"""The PDF progress report, read back with poppler's pdftotext and pdfinfo as a clinic would."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.exercises.library import load_library
from coach.store import ClinicService, InvalidInputError, PermissionDeniedError
from coach.store.service.progress_report import ProgressReports
from tests.store.outcomes_data import populate
from tests.support.reps import completed_rep
from tests.support.resources import require
from tests.support.store_clinic import Clinic


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    require(path is not None, f"{tool} not found; run scripts/ensure-system-deps.sh --test "
            "(Debian package poppler-utils)")  # fmt: skip
    assert path is not None
    return path


def _read_pdf(pdf: bytes, tmp_path: Path) -> tuple[str, int]:
    target = tmp_path / "report.pdf"
    target.write_bytes(pdf)
    text = subprocess.run([_poppler("pdftotext"), "-layout", str(target), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    info = subprocess.run([_poppler("pdfinfo"), str(target)], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    return text, pages


def _period() -> tuple[date, date]:
    today = datetime.now(UTC).date()
    return date(2026, 11, 1), max(today, date(2026, 11, 30))


def test_report_shows_adherence_rom_tests_against_norms_proms_and_notes(
    clinic: Clinic, tmp_path: Path
) -> None:
    patient_id = populate(clinic)
    first, last = _period()
    text, pages = _read_pdf(clinic.therapist.reports.render_pdf(patient_id, first, last), tmp_path)
    flat = " ".join(text.split())
    assert "Progress report" in flat and "Pat Patient (pat)" in flat
    assert "born 1953-06-01, age 73; sex: female" in flat
    # 5xSTS of 16.2 s at 73: slower than Bohannon's 12.6 s and at least Buatois' 15 s.
    assert "16.2 s; worse than average for 70–79 y (average 12.6 s)" in flat
    assert "recurrent falls more likely" in flat
    assert "right: 3.5 s; worse than average for 70–79 y (average 17.2 s); FLAG: Under 5 s" in flat
    assert "not completed" in flat  # the unfinished chair-stand run
    assert "Sit to stand" in flat and "4 repetitions" in flat
    # Four reps from 5° to 88–91°: the sit to stand's target is the range, best rep 86°.
    assert "Best rep 86° in the latest session" in flat
    assert "1 ratings before and 1 after sessions" in flat
    assert "PSFS average score (0-10): 4.0 → 7.0 (+3.0) — real improvement" in flat
    assert "Sit-to-stand without hands now; add step-ups." in flat
    assert "Bohannon RW. Reference values for the five-repetition sit-to-stand test" in flat
    assert "Farrar JT" in flat and "Stratford P" in flat
    assert 3 <= pages <= 8
    assert f"Page {pages} of {pages}" in flat
    assert any(e.action == "report.pdf" for e in clinic.admin.admin.audit_log())


def test_report_follows_the_access_rules_and_checks_the_period(clinic: Clinic) -> None:
    patient_id = populate(clinic)
    first, last = _period()
    assert clinic.patient.reports.render_pdf(patient_id, first, last).startswith(b"%PDF")
    with pytest.raises(PermissionDeniedError, match="is linked to you"):
        clinic.other_therapist.reports.render_pdf(patient_id, first, last)
    with pytest.raises(InvalidInputError, match="is before --from"):
        clinic.therapist.reports.render_pdf(patient_id, last, first)
    with pytest.raises(InvalidInputError, match="at most 366 days"):
        clinic.therapist.reports.render_pdf(patient_id, first - timedelta(days=400), last)


def test_coach_report_writes_a_pdf_and_rejects_bad_dates(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["demo", "seed", "--db", db_url]).exit_code == 0
    out = tmp_path / "ana.pdf"
    today = datetime.now(UTC).date()
    result = runner.invoke(app, ["report", "--patient", "demo_ana", "--from",
                                 str(today - timedelta(weeks=6)), "--to", str(today),
                                 "--out", str(out), "--db", db_url])  # fmt: skip
    assert result.exit_code == 0, result.output
    text, pages = _read_pdf(out.read_bytes(), tmp_path)
    assert "Adherence" in text and "Range of motion against target" in text and pages >= 2
    bad_date = ["report", "--patient", "demo_ana", "--from", "30/11/2026", "--to", str(today),
                "--out", str(out), "--db", db_url]  # fmt: skip
    result = runner.invoke(app, bad_date)
    assert result.exit_code == 2
    assert "--from '30/11/2026': expected a date as YYYY-MM-DD" in result.output


def test_four_stage_result_shows_each_leg_of_the_one_leg_stage_against_its_hold_time(
    clinic: Clinic,
) -> None:
    from coach.session.assessments import AssessmentOutcome, TrialEvent

    patient_id = clinic.patient_user.id
    held = [TrialEvent(stage, f"{stage}_stance", 10, 10.0, True, "target_reached")
            for stage in ("feet_together", "semi_tandem", "tandem")]  # fmt: skip
    legs = [TrialEvent("single_leg_left", "single_leg_stance", 10, 4.2, False, "foot_down"),
            TrialEvent("single_leg_right", "single_leg_stance", 10, 10.0, True, "target_reached")]
    outcome = AssessmentOutcome("four_stage_balance", {"result": 4.0}, "stage", "not_applicable",
                                (), (*held, *legs), "last stage held 10 s: 4")  # fmt: skip
    when = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
    clinic.patient.assessments.record_result(patient_id, outcome, mode="live", performed_at=when)
    data = clinic.therapist.reports.build(patient_id, *_period())
    (series,) = data.assessments
    assert series.points[0].reading == (
        "stage 4 of 4; one leg, left leg: 4.2 of 10 s (not held); "
        "one leg, right leg: 10.0 of 10 s (held)"
    )


def test_report_plots_what_each_target_refers_to_and_judges_adherence_on_ended_weeks(
    clinic: Clinic,
) -> None:
    patient_id = populate(clinic)
    patient = clinic.patient
    # the real library's knee extension, allowed by the therapist so that it may be recorded
    real = ClinicService(clinic.db, clinic.therapist.reports.actor, library=load_library())
    real.allowances.allow_exercise(patient_id, "seated_knee_extension")
    session_id = patient.recording.start_session(patient_id, backend="movenet")
    set_id = patient.recording.record_set_start(session_id, "seated_knee_extension", set_index=0)
    for index, lowest in enumerate((14.0, 9.0, 12.0)):  # knee bend left at full extension
        patient.recording.record_rep(set_id, completed_rep(
            index + 1, index * 3000, index * 3000 + 2500, rom_min_deg=lowest, rom_max_deg=80.0,
        ))  # fmt: skip
    patient.recording.finish_session(session_id)
    first, last = _period()
    made = datetime.combine(last, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    # the real library: the knee extension's target is the extension deficit
    reports = ProgressReports(clinic.db, clinic.therapist.reports.actor, library=load_library())
    data = reports.build(patient_id, first, last, now=made)
    knee = next(e for e in data.exercises if e.exercise_id == "seated_knee_extension")
    # The target is the extension deficit (at most 10°): the lowest angle, not the 66–71° arcs.
    assert knee.measure.label == "Lowest knee flexion (°)" and knee.measure.lower_is_better
    assert [p.best_deg for p in knee.points] == [9.0] and knee.target_reached
    # The last week had not ended when the report was made: shown, not judged.
    assert not data.adherence[-1].complete and all(w.complete for w in data.adherence[:-1])
    assert data.adherence[0].prescribed or data.adherence[0].done  # no empty weeks before
    assert "(in progress)" in data.adherence_line()
