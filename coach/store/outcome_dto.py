"""Frozen records of clinical outcome measures: profiles, assessments, PROMs and notes.

Returned by the outcome services (:mod:`coach.store.service.assessments`,
:mod:`coach.store.service.proms`, :mod:`coach.store.service.notes`); never ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

Sex = Literal["female", "male"]
PainMoment = Literal["before", "after"]


@dataclass(frozen=True)
class PatientProfileInfo:
    """What the norms of a test need to know about a patient (either may be unknown)."""

    patient_id: int
    date_of_birth: date | None
    sex: Sex | None


@dataclass(frozen=True)
class AssignmentInfo:
    """A standard test assigned to a patient, repeated every ``interval_days``.

    ``ended_at``/``ended_by``: when and by whom it was ended or replaced (``None``: running);
    ``replaces_id``: the earlier assignment whose schedule this one replaced.
    """

    id: int
    patient_id: int
    assessment_key: str
    interval_days: int
    start_date: date
    active: bool
    assigned_by: str
    ended_at: datetime | None = None
    ended_by: str | None = None
    replaces_id: int | None = None


@dataclass(frozen=True)
class AssessmentResultInfo:
    """One stored run of a standard test.

    Attributes:
        scores: ``{"result": value}`` or per leg ``{"left": s, "right": s}`` (``None``: the
            part was not completed).
        events: the raw events: ``{"stands": [...], "trials": [...]}`` (seconds from the start).
        mode: ``live`` (guided in the app) or ``recording`` (``coach assess``).
    """

    id: int
    patient_id: int
    assessment_key: str
    performed_at: datetime
    mode: str
    unit: str
    scores: dict[str, float | None]
    events: dict[str, list[dict[str, Any]]]
    start_source: str
    note: str
    recorded_by: str


@dataclass(frozen=True)
class PainRatingInfo:
    """Pain on the 0-10 numeric rating scale, before or after a session."""

    id: int
    patient_id: int
    session_id: int | None
    moment: PainMoment
    score: int
    recorded_at: datetime


@dataclass(frozen=True)
class PsfsActivityInfo:
    """One activity of the Patient-Specific Functional Scale."""

    id: int
    patient_id: int
    name: str
    active: bool
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class PsfsRatingInfo:
    """A rating of one PSFS activity: 0 = unable to perform, 10 = as before the problem."""

    id: int
    activity_id: int
    activity_name: str
    score: int
    recorded_at: datetime


@dataclass(frozen=True)
class ClinicalNoteInfo:
    """A therapist's note about a patient."""

    id: int
    patient_id: int
    author: str
    text: str
    written_at: datetime
