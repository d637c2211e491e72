"""A few weeks of outcome measures for one patient (five-times sit-to-stand, pain, PSFS), so
the Outcomes page draws each of its charts; recorded through the service layer only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coach.session.assessments import AssessmentOutcome
from coach.store import ClinicService


def record_outcome_history(clinic: ClinicService, patient_id: int, psfs_activity: str) -> None:
    """Two test results, three pairs of pain ratings and three PSFS ratings of one activity."""
    now = datetime.now(UTC)
    for days_ago, seconds in ((20, 16.0), (6, 12.5)):
        outcome = AssessmentOutcome("five_times_sit_to_stand", {"result": seconds}, "s", "cue",
                                    (), (), f"5 stands in {seconds} s")  # fmt: skip
        performed = now - timedelta(days=days_ago)
        clinic.assessments.record_result(patient_id, outcome, mode="live", performed_at=performed)
    activity = clinic.proms.add_psfs_activity(patient_id, psfs_activity)
    for days_ago, before, after, psfs in ((20, 6, 5, 3), (13, 5, 4, 5), (6, 3, 2, 7)):
        when = now - timedelta(days=days_ago)
        clinic.proms.record_pain(patient_id, "before", before, recorded_at=when)
        clinic.proms.record_pain(patient_id, "after", after, recorded_at=when + timedelta(hours=1))
        clinic.proms.rate_psfs(activity.id, psfs, recorded_at=when)
