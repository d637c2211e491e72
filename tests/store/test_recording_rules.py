"""Only prescribed or allowed exercises are recorded, whoever records them; nothing already
stored is lost when a plan or an allowance ends."""

from __future__ import annotations

from datetime import date

import pytest

from coach.store import InvalidStateError, PermissionDeniedError
from tests.support.reps import completed_rep
from tests.support.store_clinic import Clinic

REFUSED = (
    "may not record exercise 'wall_sit' for patient 'pat': it is not in their active plans and "
    "not on their allowed exercises"
)


def test_a_patient_with_no_plan_and_no_allowance_may_record_no_exercise(clinic: Clinic) -> None:
    patient_id = clinic.patient_user.id
    session_id = clinic.patient.recording.start_session(patient_id, backend="movenet")
    with pytest.raises(PermissionDeniedError, match=f"patient 'pat' {REFUSED}"):
        clinic.patient.recording.record_set_start(session_id, "wall_sit", set_index=0)
    assert clinic.therapist.history.session_detail(session_id).sets == ()


def test_an_allowed_exercise_is_recorded_and_refused_again_once_the_allowance_is_revoked(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    allowance = clinic.therapist.allowances.allow_exercise(patient_id, "wall_sit")
    session_id = clinic.patient.recording.start_session(patient_id, backend="movenet")
    set_id = clinic.patient.recording.record_set_start(session_id, "wall_sit", set_index=0)
    clinic.patient.recording.record_hold(set_id, held_s=20.0, completed=False, target_s=30.0)
    clinic.therapist.allowances.revoke_exercise(allowance.id)
    # The open set carries on (nothing the patient is doing now is lost)...
    clinic.patient.recording.record_hold(set_id, held_s=25.0, completed=False, target_s=30.0)
    # ...but no new set of it starts.
    with pytest.raises(PermissionDeniedError, match=REFUSED):
        clinic.patient.recording.record_set_start(session_id, "wall_sit", set_index=1)
    clinic.patient.recording.finish_session(session_id)
    (stored,) = clinic.therapist.history.session_detail(session_id).sets
    assert (stored.exercise_key, stored.achieved_hold_s) == ("wall_sit", 25.0)


def test_the_exercises_of_an_active_plan_are_recorded_and_a_paused_plan_is_not_followed(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    plan = clinic.therapist.plans.assign_routine(
        patient_id, clinic.routine_id, days_per_week=3, start_date=date.today()
    )
    session_id = clinic.patient.recording.start_session(
        patient_id, backend="movenet", prescription_id=plan.id
    )
    for index, key in enumerate(("sit_to_stand", "wall_sit")):  # both exercises of the routine
        clinic.patient.recording.record_set_start(session_id, key, set_index=index)
    clinic.patient.recording.finish_session(session_id)
    clinic.therapist.plans.set_prescription_active(plan.id, False)
    with pytest.raises(InvalidStateError, match=f"prescription {plan.id} .* is no longer active"):
        clinic.patient.recording.start_session(
            patient_id, backend="movenet", prescription_id=plan.id
        )
    later = clinic.patient.recording.start_session(patient_id, backend="movenet")
    with pytest.raises(PermissionDeniedError, match=REFUSED):
        clinic.patient.recording.record_set_start(later, "wall_sit", set_index=0)
    # what was recorded under the plan stays in the history
    done = clinic.therapist.history.session_detail(session_id)
    assert [s.exercise_key for s in done.sets] == ["sit_to_stand", "wall_sit"]


def test_a_therapist_or_admin_recording_for_the_patient_follows_the_same_rule(
    clinic: Clinic,
) -> None:
    patient_id = clinic.patient_user.id
    for staff, name in ((clinic.therapist, "therapist 'thera'"), (clinic.admin, "admin 'admin'")):
        session_id = staff.recording.start_session(patient_id, backend="movenet")
        with pytest.raises(PermissionDeniedError, match=f"{name} {REFUSED}"):
            staff.recording.record_set_start(session_id, "wall_sit", set_index=0)
    clinic.admin.allowances.allow_exercise(patient_id, "wall_sit")
    session_id = clinic.therapist.recording.start_session(patient_id, backend="movenet")
    set_id = clinic.therapist.recording.record_set_start(session_id, "wall_sit", set_index=0)
    clinic.therapist.recording.record_rep(set_id, completed_rep(1, 0, 900))
    assert clinic.patient.history.session_detail(session_id).sets[0].achieved_reps == 1


def test_another_patients_allowance_does_not_let_this_patient_record(clinic: Clinic) -> None:
    clinic.other_therapist.allowances.allow_exercise(clinic.other_patient_user.id, "wall_sit")
    session_id = clinic.patient.recording.start_session(clinic.patient_user.id, backend="movenet")
    with pytest.raises(PermissionDeniedError, match=REFUSED):
        clinic.patient.recording.record_set_start(session_id, "wall_sit", set_index=0)
