"""The demo history has plausible angles per exercise that improve the way a patient does."""

from __future__ import annotations

import math
from pathlib import Path

from coach.exercises.library import load_library
from coach.exercises.rom_target import rom_target_measure
from coach.store import Actor, ClinicService, open_database
from coach.store.demo import DEMO_ROM_DEG, seed_demo


def test_every_library_exercise_with_reps_has_plausible_demo_angles() -> None:
    library = load_library()
    with_reps = {e.id for e in library.exercises.values() if e.rep is not None}
    assert set(DEMO_ROM_DEG) == with_reps
    for key, (rest, first, improved) in DEMO_ROM_DEG.items():
        measure = rom_target_measure(library.exercise(key))
        assert measure is not None
        assert all(0.0 <= angle <= 180.0 for angle in (rest, first, improved)), key
        # Improving moves the end range away from rest, and so improves the target's value.
        before = measure.value(*sorted((rest, first)))
        after = measure.value(*sorted((rest, improved)))
        assert before is not None and after is not None
        assert measure.is_better(after, before), key


def test_the_demo_patients_rom_values_improve_and_stay_physiological(tmp_path: Path) -> None:
    library = load_library()
    db = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        seed_demo(db, library)
        clinic = ClinicService(db, Actor.system("test"), library=library)
        checked = 0
        for patient in clinic.history.list_patients():
            details = [
                clinic.history.session_detail(s.id)
                for s in reversed(clinic.history.sessions_for(patient.user.id))
            ]
            keys = {s.exercise_key for d in details for s in d.sets if s.reps}
            for key in keys:
                measure = rom_target_measure(library.exercise(key))
                assert measure is not None
                per_session = [
                    measure.best(
                        measure.value(r.rep.rom_min_deg, r.rep.rom_max_deg)
                        for s in d.sets
                        if s.exercise_key == key
                        for r in s.reps
                    )
                    for d in details
                ]
                values = [v for v in per_session if v is not None]
                assert measure.is_better(values[-1], values[0]), (key, values)
                checked += 1
        assert checked >= 2
        squat = [
            r.rep.rom_max_deg
            for p in clinic.history.list_patients()
            for s in clinic.history.sessions_for(p.user.id)
            for st in clinic.history.session_detail(s.id).sets
            if st.exercise_key == "squat"
            for r in st.reps
        ]
        # The knee rehab routine has squats: they bend the knee 50-90°, never the 173° that an
        # interior hip-knee-ankle angle would read.
        assert squat and all(50.0 <= v <= 90.0 for v in squat)  # NaN fails
        reps = [
            r.rep
            for p in clinic.history.list_patients()
            for d in clinic.history.patient_session_details(p.user.id)
            for st in d.sets
            for r in st.reps
        ]
        # every field of a rep is seeded: its side, the turn inside it, the signal's peak, and
        # for exercises done with both sides at once, two arcs a few percent apart
        assert reps and all(r.start_ms < r.peak_ms < r.end_ms for r in reps)
        assert all(math.isfinite(r.signal_peak) for r in reps)
        assert {r.side for r in reps} >= {"both", "left"}
        sided = [r.symmetry_index_pct for r in reps if not math.isnan(r.symmetry_index_pct)]
        assert sided and all(0.0 <= pct <= 7.0 for pct in sided)
    finally:
        db.close()


def test_the_demo_allows_ana_one_extra_exercise_once_however_often_it_is_seeded(
    tmp_path: Path,
) -> None:
    library = load_library()
    db = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        seed_demo(db, library)
        seed_demo(db, library)
        clinic = ClinicService(db, Actor.system("test"), library=library)
        ana = clinic.accounts.find_user("demo_ana")
        (allowed,) = clinic.allowances.allowed_exercises(ana.id)
        assert (allowed.exercise_key, allowed.note, allowed.allowed_by) == (
            "standing_hip_abduction", "Hold on to a chair back for balance.", "demo_therapist",
        )  # fmt: skip
        ben = clinic.accounts.find_user("demo_ben")
        assert clinic.allowances.allowed_exercises(ben.id) == []
    finally:
        db.close()


def test_the_demo_patients_have_outcome_measures_with_raw_events_pain_and_psfs(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime, timedelta

    library = load_library()
    db = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        first = seed_demo(db, library)
        assert first.outcome_records_added == 2
        assert seed_demo(db, library).outcome_records_added == 0  # seeding twice adds nothing
        clinic = ClinicService(db, Actor.system("test"), library=library)
        today = datetime.now(UTC).date()
        by_name = {p.user.username: p.user.id for p in clinic.history.list_patients()}
        ana = clinic.reports.build(by_name["demo_ana"], today - timedelta(weeks=8), today)
        assert (ana.sex, ana.age is not None and 65 <= ana.age <= 79) == ("female", True)
        chair = next(s for s in ana.assessments if s.assessment_id == "chair_stand_30s")
        assert len(chair.points) == 3
        assert "FLAG: Below average" in chair.points[0].reading  # below the band at first
        assert "a real change" in chair.change_note
        assert any("Pain before sessions" in f and "clinically important improvement" in f
                   for f in ana.change_flags)  # fmt: skip
        assert any("PSFS average score" in f for f in ana.change_flags)
        for result in clinic.assessments.results(by_name["demo_ana"]):
            if result.assessment_key == "chair_stand_30s":
                assert len(result.events["stands"]) == result.scores["result"]
        ben_id = by_name["demo_ben"]
        staged = [r for r in clinic.assessments.results(ben_id)
                  if r.assessment_key == "four_stage_balance"]  # fmt: skip
        assert [r.scores["result"] for r in staged] == [2.0, 3.0, 4.0]
        legs = [t["trial"] for t in staged[-1].events["trials"]]
        assert legs[-2:] == ["single_leg_left", "single_leg_right"]
        pain = clinic.proms.pain_ratings(ben_id)
        sessions = {s.id for s in clinic.history.sessions_for(ben_id)}
        assert pain and all(p.session_id in sessions for p in pain)
        assert {p.moment for p in pain} == {"before", "after"}
        assert len(clinic.proms.psfs_activities(ben_id)) == 2
        assert len(clinic.assessments.due(ben_id)) == 2
    finally:
        db.close()
