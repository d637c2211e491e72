"""Patient-reported outcomes: pain (0-10 numeric rating scale) before and after a session, and
the Patient-Specific Functional Scale (PSFS).

PSFS (Stratford et al., Physiotherapy Canada 1995;47:258-263): the therapist names up to five
activities the patient has difficulty with; the patient rates each 0 (unable to perform) to 10
(able to perform at the level before the problem), weekly by default. Access: the patient rates
their own; the therapist of a linked patient (or an admin) names activities and may also enter
ratings; everyone reads only whom they may see. Every change is audited.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.store.enums import Role
from coach.store.errors import InvalidInputError, InvalidStateError, NotFoundError
from coach.store.models import PainRating, PsfsActivity, PsfsRating
from coach.store.outcome_dto import (
    PainMoment,
    PainRatingInfo,
    PsfsActivityInfo,
    PsfsRatingInfo,
)
from coach.store.service.access import check_patient, check_session, require_role
from coach.store.service.audit import audit
from coach.store.service.scope import ServiceScope

#: The PSFS asks for up to five activities.
MAX_PSFS_ACTIVITIES = 5
#: PSFS is asked weekly unless the therapist says otherwise.
PSFS_INTERVAL_DAYS = 7


def _check_score(score: int, what: str) -> None:
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
        raise InvalidInputError(f"{what} must be a whole number from 0 to 10, not {score!r}")


def _pain_info(row: PainRating) -> PainRatingInfo:
    return PainRatingInfo(row.id, row.patient_id, row.session_id,
                          cast(PainMoment, row.moment), row.score, row.recorded_at)  # fmt: skip


def _activity_info(row: PsfsActivity) -> PsfsActivityInfo:
    return PsfsActivityInfo(row.id, row.patient_id, row.name, row.active, row.created_by,
                            row.created_at)  # fmt: skip


class PatientReportedOutcomes(ServiceScope):
    """Pain ratings and PSFS activities and ratings of patients."""

    def record_pain(
        self,
        patient_id: int,
        moment: PainMoment,
        score: int,
        *,
        session_id: int | None = None,
        recorded_at: datetime | None = None,
    ) -> PainRatingInfo:
        """Store a 0-10 pain rating taken ``before`` or ``after`` a session."""
        if moment not in ("before", "after"):
            raise InvalidInputError(f"moment must be 'before' or 'after', not {moment!r}")
        _check_score(score, "pain")

        def work(db_session: Session) -> PainRatingInfo:
            check_patient(db_session, self.actor, patient_id, "record pain for")
            if session_id is not None:
                row_session = check_session(db_session, self.actor, session_id, "record pain for")
                if row_session.patient_id != patient_id:
                    raise InvalidInputError(f"session {session_id} is not this patient's")
            row = PainRating(patient_id=patient_id, session_id=session_id, moment=moment,
                             score=score, recorded_at=recorded_at or datetime.now(UTC))  # fmt: skip
            db_session.add(row)
            db_session.flush()
            audit(db_session, self.actor, "pain.record", f"patient {patient_id}", moment=moment,
                  score=score, session_id=session_id)  # fmt: skip
            return _pain_info(row)

        return self.db.write(work)

    def pain_ratings(self, patient_id: int) -> list[PainRatingInfo]:
        """Every pain rating of a patient, oldest first."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "see the pain ratings of")
            rows = s.scalars(
                select(PainRating)
                .where(PainRating.patient_id == patient_id)
                .order_by(PainRating.recorded_at, PainRating.id)
            )
            return [_pain_info(r) for r in rows]

    def add_psfs_activity(self, patient_id: int, name: str) -> PsfsActivityInfo:
        """Name an activity for the patient's PSFS (therapist or admin; at most five active)."""
        require_role(self.actor, "name PSFS activities", Role.THERAPIST, Role.ADMIN)
        label = " ".join(name.split())
        if not 1 <= len(label) <= 200:
            raise InvalidInputError("a PSFS activity needs a name of 1-200 characters")

        def work(db_session: Session) -> PsfsActivityInfo:
            check_patient(db_session, self.actor, patient_id, "name PSFS activities for")
            active = db_session.scalars(
                select(PsfsActivity).where(
                    PsfsActivity.patient_id == patient_id, PsfsActivity.active
                )
            ).all()
            if len(active) >= MAX_PSFS_ACTIVITIES:
                raise InvalidStateError(
                    f"the PSFS takes at most {MAX_PSFS_ACTIVITIES} activities; retire one first"
                )
            row = PsfsActivity(
                patient_id=patient_id, name=label, active=True, created_by=self.actor.username,
                created_at=datetime.now(UTC),
            )  # fmt: skip
            db_session.add(row)
            db_session.flush()
            audit(db_session, self.actor, "psfs.activity_add", f"patient {patient_id}", name=label)
            return _activity_info(row)

        return self.db.write(work)

    def retire_psfs_activity(self, activity_id: int) -> PsfsActivityInfo:
        """Stop asking about an activity (its ratings are kept)."""
        require_role(self.actor, "retire PSFS activities", Role.THERAPIST, Role.ADMIN)

        def work(db_session: Session) -> PsfsActivityInfo:
            row = self._activity(db_session, activity_id, "retire PSFS activities of")
            row.active = False
            audit(db_session, self.actor, "psfs.activity_retire", f"patient {row.patient_id}",
                  activity=activity_id)  # fmt: skip
            return _activity_info(row)

        return self.db.write(work)

    def _activity(self, db_session: Session, activity_id: int, action: str) -> PsfsActivity:
        row = db_session.get(PsfsActivity, activity_id)
        if row is None:
            raise NotFoundError(f"no PSFS activity with id {activity_id}")
        check_patient(db_session, self.actor, row.patient_id, action)
        return row

    def psfs_activities(
        self, patient_id: int, *, active_only: bool = True
    ) -> list[PsfsActivityInfo]:
        """The patient's PSFS activities (active ones by default), in the order named."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "see the PSFS of")
            query = select(PsfsActivity).where(PsfsActivity.patient_id == patient_id)
            if active_only:
                query = query.where(PsfsActivity.active)
            return [_activity_info(r) for r in s.scalars(query.order_by(PsfsActivity.id))]

    def rate_psfs(
        self, activity_id: int, score: int, *, recorded_at: datetime | None = None
    ) -> PsfsRatingInfo:
        """Store the patient's 0-10 rating of one activity."""
        _check_score(score, "a PSFS rating")

        def work(db_session: Session) -> PsfsRatingInfo:
            activity = self._activity(db_session, activity_id, "rate the PSFS of")
            if not activity.active:
                raise InvalidStateError(f"PSFS activity {activity.name!r} was retired")
            row = PsfsRating(activity_id=activity_id, score=score,
                             recorded_at=recorded_at or datetime.now(UTC))  # fmt: skip
            db_session.add(row)
            db_session.flush()
            audit(db_session, self.actor, "psfs.rate", f"patient {activity.patient_id}",
                  activity=activity_id, score=score)  # fmt: skip
            return PsfsRatingInfo(row.id, activity_id, activity.name, score, row.recorded_at)

        return self.db.write(work)

    def psfs_ratings(self, patient_id: int) -> list[PsfsRatingInfo]:
        """Every PSFS rating of a patient (retired activities too), oldest first."""
        with self.db.reading() as s:
            check_patient(s, self.actor, patient_id, "see the PSFS of")
            rows = s.execute(
                select(PsfsRating, PsfsActivity.name)
                .join(PsfsActivity, PsfsActivity.id == PsfsRating.activity_id)
                .where(PsfsActivity.patient_id == patient_id)
                .order_by(PsfsRating.recorded_at, PsfsRating.id)
            )
            return [
                PsfsRatingInfo(r.id, r.activity_id, name, r.score, r.recorded_at)
                for r, name in rows
            ]

    def psfs_due(self, patient_id: int, *, now: datetime | None = None) -> bool:
        """Whether to prompt the patient for PSFS ratings: active activities, and none rated
        in the last :data:`PSFS_INTERVAL_DAYS` days."""
        if not self.psfs_activities(patient_id):
            return False
        ratings = self.psfs_ratings(patient_id)
        if not ratings:
            return True
        moment = now or datetime.now(UTC)
        return moment - ratings[-1].recorded_at >= timedelta(days=PSFS_INTERVAL_DAYS)
