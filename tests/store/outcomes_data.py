"""A patient's outcome record for the export and report tests: profile, three test results,
pain before and after a session with four reps, one PSFS activity rated twice, a note."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coach.session.assessments import AssessmentOutcome, StandEvent, TrialEvent
from tests.support.reps import completed_rep
from tests.support.store_clinic import Clinic

WHEN = datetime(2026, 11, 10, 9, 30, tzinfo=UTC)


def populate(clinic: Clinic) -> int:
    patient_id = clinic.patient_user.id
    therapist, patient = clinic.therapist, clinic.patient
    therapist.assessments.set_profile(patient_id, date_of_birth=date(1953, 6, 1), sex="female")
    stands = tuple(StandEvent(i, 3.0 * i - 3, 3.0 * i - 2, 3.0 * i, True) for i in range(1, 6))
    five_stands = AssessmentOutcome(
        "five_times_sit_to_stand", {"result": 16.2}, "s", "cue", stands, (), "5 stands in 16.2 s"
    )
    trials = (
        TrialEvent("left", "single_leg_stance", 45, 12.0, False, "foot_down"),
        TrialEvent("right", "single_leg_stance", 45, 3.5, False, "foot_down"),
    )
    stance = AssessmentOutcome(
        "single_leg_stance_time", {"left": 12.0, "right": 3.5}, "s", "not_applicable", (),
        trials, "left 12 s, right 3.5 s",
    )  # fmt: skip
    unfinished = AssessmentOutcome(
        "chair_stand_30s", {"result": None}, "stands", "cue", (), (), "ended after 20.0 s"
    )
    patient.assessments.record_result(patient_id, five_stands, mode="live", performed_at=WHEN)
    patient.assessments.record_result(patient_id, stance, mode="recording", performed_at=WHEN)
    patient.assessments.record_result(patient_id, unfinished, mode="live", performed_at=WHEN)
    therapist.allowances.allow_exercise(patient_id, "sit_to_stand")  # practised, not a plan
    session_id = patient.recording.start_session(patient_id, backend="movenet")
    patient.proms.record_pain(patient_id, "before", 5, session_id=session_id)
    set_id = patient.recording.record_set_start(session_id, "sit_to_stand", set_index=0)
    for index in range(4):
        patient.recording.record_rep(set_id, completed_rep(
            index + 1, index * 3000, index * 3000 + 2500, rom_min_deg=5.0,
            rom_max_deg=88.0 + index,
        ))  # fmt: skip
    patient.recording.finish_session(session_id)
    patient.proms.record_pain(patient_id, "after", 2, session_id=session_id)
    activity = therapist.proms.add_psfs_activity(patient_id, "Climbing stairs")
    patient.proms.rate_psfs(activity.id, 4, recorded_at=WHEN)
    patient.proms.rate_psfs(activity.id, 7)
    therapist.notes.add_note(patient_id, "Sit-to-stand without hands now; add step-ups.")
    return patient_id
