"""A few weeks of outcome measures for one patient (five-times sit-to-stand, pain, PSFS if
asked), so the Outcomes page draws its charts; recorded through the service layer only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.session.assessments import AssessmentOutcome
from coach.store import ClinicService


def record_outcome_history(
    clinic: ClinicService, patient_id: int, psfs_activity: str | None
) -> None:
    """Two test results (16.0 s 20 days ago, 12.5 s 6 days ago), three pairs of pain ratings
    (before 6, 5, 3) and, with ``psfs_activity``, three PSFS ratings of that activity."""
    now = datetime.now(UTC)
    for days_ago, seconds in ((20, 16.0), (6, 12.5)):
        outcome = AssessmentOutcome("five_times_sit_to_stand", {"result": seconds}, "s", "cue",
                                    (), (), f"5 stands in {seconds} s")  # fmt: skip
        performed = now - timedelta(days=days_ago)
        clinic.assessments.record_result(patient_id, outcome, mode="live", performed_at=performed)
    activity = None if psfs_activity is None else clinic.proms.add_psfs_activity(
        patient_id, psfs_activity
    )
    for days_ago, before, after, psfs in ((20, 6, 5, 3), (13, 5, 4, 5), (6, 3, 2, 7)):
        when = now - timedelta(days=days_ago)
        clinic.proms.record_pain(patient_id, "before", before, recorded_at=when)
        clinic.proms.record_pain(patient_id, "after", after, recorded_at=when + timedelta(hours=1))
        if activity is not None:
            clinic.proms.rate_psfs(activity.id, psfs, recorded_at=when)
