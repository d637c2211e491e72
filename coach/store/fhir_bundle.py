"""A patient's outcome record as a FHIR R4 Bundle (type ``collection``), as plain JSON data.

Resources: one ``Patient`` and ``Observation`` resources for
* assessment results: local code ``urn:coach:assessment|<id>`` (no LOINC code has been checked
  for these tests), category ``exam``, the score as ``valueQuantity`` (per-leg tests: one
  ``component`` per leg), the norm band as ``referenceRange`` (with the age range and source),
  ``interpretation`` L/N/H against the band, and the flagged cut-offs as notes;
* pain before and after a session: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating
  [Score] - Reported" (https://loinc.org/72514-3), category ``survey``, ``valueInteger``;
* PSFS ratings: local code ``urn:coach:prom|psfs-activity``, the activity as ``code.text``;
* per-session exercise results: local code ``urn:coach:exercise|<id>``, category ``activity``,
  components for repetitions, best ROM and mean ROM arc (UCUM ``deg``).

Units are UCUM (https://ucum.org): ``s``, ``deg``, ``a`` (years) and annotations ``{stands}``,
``{stage}``, ``{reps}``. The JSON validates against the ``fhir.resources`` R4B models (R4B
changed no element of Patient, Observation or Bundle from R4 4.0.1).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from coach.exercises.assessment_library import AssessmentLibrary
from coach.exercises.norms import NormPosition, interpret
from coach.store.dto import TrendPoint, UserInfo
from coach.store.outcome_dto import (
    AssessmentResultInfo,
    PainRatingInfo,
    PatientProfileInfo,
    PsfsRatingInfo,
)

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
LOCAL_ASSESSMENT = "urn:coach:assessment"
LOCAL_PROM = "urn:coach:prom"
LOCAL_EXERCISE = "urn:coach:exercise"
LOCAL_PART = "urn:coach:assessment-part"
#: LOINC 72514-3: Pain severity - 0-10 verbal numeric rating [Score] - Reported.
PAIN_NRS_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
_UCUM_UNITS = {"s": "s", "stands": "{stands}", "stage": "{stage}", "deg": "deg", "reps": "{reps}"}
_NAMESPACE = uuid.UUID("6f1c2a52-5a0e-4d8e-9d43-4bd1f5a0c0de")


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, ':'.join(str(p) for p in parts))}"


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": round(value, 3), "unit": unit, "system": UCUM,
            "code": _UCUM_UNITS.get(unit, unit)}  # fmt: skip


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code, "display": display}]}]


def _time(moment: datetime) -> str:
    return moment.isoformat()


def patient_resource(user: UserInfo, profile: PatientProfileInfo) -> dict[str, Any]:
    """The ``Patient``: local identifier (sign-in name), name, sex and date of birth if known."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:coach:username", "value": user.username}],
        "name": [{"text": user.display_name}],
        "active": user.active,
    }
    if profile.sex is not None:
        resource["gender"] = profile.sex
    if profile.date_of_birth is not None:
        resource["birthDate"] = profile.date_of_birth.isoformat()
    return resource


def _observation(
    subject: str, code: dict[str, Any], category: list[dict[str, Any]], when: datetime
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": category,
        "code": code,
        "subject": {"reference": subject},
        "effectiveDateTime": _time(when),
    }


def assessment_observation(
    subject: str,
    result: AssessmentResultInfo,
    assessments: AssessmentLibrary,
    age: int | None,
    sex: str | None,
) -> dict[str, Any]:
    """One assessment run: score(s), norm band, interpretation and flags."""
    test = assessments.assessments.get(result.assessment_key)
    name = test.name if test is not None else result.assessment_key
    codings: list[dict[str, Any]] = [
        {"system": LOCAL_ASSESSMENT, "code": result.assessment_key, "display": name}
    ]
    if test is not None and test.code is not None:
        codings.insert(0, test.code.model_dump())
    code: dict[str, Any] = {"coding": codings, "text": name}
    obs = _observation(subject, code, _category("exam", "Exam"), result.performed_at)
    notes = [{"text": result.note}] if result.note else []
    parts = {k: v for k, v in result.scores.items()}
    sex_value = sex if sex in ("female", "male") else None
    if list(parts) == ["result"]:
        value = parts["result"]
        if value is None:
            obs["dataAbsentReason"] = {"text": "test not completed"}
        else:
            obs["valueQuantity"] = _quantity(value, result.unit)
            if test is not None:
                notes += _read(obs, test, value, age, sex_value)
    else:
        obs["component"] = [
            _component(part, value, result.unit) for part, value in sorted(parts.items())
        ]
        if test is not None:
            for part, value in sorted(parts.items()):
                if value is not None:
                    notes += [{"text": f"{part}: {n['text']}"}
                              for n in _read({}, test, value, age, sex_value)]  # fmt: skip
    if notes:
        obs["note"] = notes
    return obs


def _component(part: str, value: float | None, unit: str) -> dict[str, Any]:
    component: dict[str, Any] = {
        "code": {"coding": [{"system": LOCAL_PART, "code": part}], "text": f"{part} leg"}
    }
    if value is None:
        component["dataAbsentReason"] = {"text": "not completed"}
    else:
        component["valueQuantity"] = _quantity(value, unit)
    return component


def _read(
    obs: dict[str, Any], test: Any, value: float, age: int | None, sex: Any
) -> list[dict[str, str]]:
    """Set referenceRange and interpretation on ``obs``; return the flags as notes."""
    reading = interpret(test, value, age, sex)
    band = reading.band
    unit = test.scoring.unit
    if band is not None and test.norms is not None:
        reference: dict[str, Any] = {
            "age": {"low": _quantity(band.age_min, "a") | {"unit": "years"},
                    "high": _quantity(band.age_max, "a") | {"unit": "years"}},
            "text": f"{test.norms.description} Source: {test.norms.source.citation}",
        }  # fmt: skip
        # FHIR's low/high and L/N/H mean a normal range; a published average (or one edge of it)
        # is not one, so it stays in the text and the value gets no interpretation code.
        if band.is_range:
            assert band.low is not None and band.high is not None
            reference["low"] = _quantity(band.low, unit)
            reference["high"] = _quantity(band.high, unit)
        else:
            reference["text"] = (
                f"Published average {band.reference_value:g} {unit}. " + reference["text"]
            )
        obs["referenceRange"] = [reference]
        if band.is_range and reading.position is not None:
            obs["interpretation"] = [_interpretation(reading.position, test)]
    return [{"text": f"{flag.label} (source: {flag.source.citation})"} for flag in reading.flags]


def _interpretation(position: NormPosition, test: Any) -> dict[str, Any]:
    # L/H say where the value lies; "below" the norm means a high time when lower is better.
    better = test.scoring.higher_is_better
    code = {NormPosition.WITHIN: ("N", "Normal"),
            NormPosition.BELOW: ("L", "Low") if better else ("H", "High"),
            NormPosition.ABOVE: ("H", "High") if better else ("L", "Low")}[position]  # fmt: skip
    return {"coding": [{"system": INTERPRETATION, "code": code[0], "display": code[1]}]}


def pain_observation(subject: str, rating: PainRatingInfo) -> dict[str, Any]:
    """A 0-10 pain rating (LOINC 72514-3), before or after a session."""
    code = {
        "coding": [
            {"system": LOINC, "code": PAIN_NRS_LOINC[0], "display": PAIN_NRS_LOINC[1]},
            {"system": LOCAL_PROM, "code": f"pain-nrs-{rating.moment}"},
        ],
        "text": f"Pain (0-10) {rating.moment} the session",
    }
    obs = _observation(subject, code, _category("survey", "Survey"), rating.recorded_at)
    obs["valueInteger"] = rating.score
    return obs


def psfs_observation(subject: str, rating: PsfsRatingInfo) -> dict[str, Any]:
    """One PSFS rating (0 = unable, 10 = as before); the activity is the code's text."""
    code = {"coding": [{"system": LOCAL_PROM, "code": "psfs-activity",
                        "display": "Patient-Specific Functional Scale activity rating"}],
            "text": f"PSFS: {rating.activity_name}"}  # fmt: skip
    obs = _observation(subject, code, _category("survey", "Survey"), rating.recorded_at)
    obs["valueInteger"] = rating.score
    return obs


def session_observation(subject: str, point: TrendPoint) -> dict[str, Any]:
    """One exercise in one session: repetitions, best ROM, mean ROM arc."""
    code = {"coding": [{"system": LOCAL_EXERCISE, "code": point.exercise_key}],
            "text": f"Exercise {point.exercise_key} (session {point.session_id})"}  # fmt: skip
    obs = _observation(subject, code, _category("activity", "Activity"), point.started_at)
    components = [("reps", "Repetitions completed", float(point.reps), "reps")]
    if point.rom_max_deg_best is not None:
        components.append(("rom-best", "Best range of motion", point.rom_max_deg_best, "deg"))
    if point.rom_range_deg_mean is not None:
        components.append(("rom-arc-mean", "Mean arc of motion", point.rom_range_deg_mean, "deg"))
    obs["component"] = [
        {"code": {"coding": [{"system": LOCAL_EXERCISE, "code": key}], "text": text},
         "valueQuantity": _quantity(value, unit)}
        for key, text, value, unit in components
    ]  # fmt: skip
    return obs


def build_bundle(
    *,
    user: UserInfo,
    profile: PatientProfileInfo,
    age: int | None,
    results: Sequence[AssessmentResultInfo],
    pain: Sequence[PainRatingInfo],
    psfs: Sequence[PsfsRatingInfo],
    sessions: Sequence[TrendPoint],
    assessments: AssessmentLibrary,
    exported_at: datetime,
) -> dict[str, Any]:
    """The ``collection`` Bundle: the Patient first, then observations oldest first."""
    subject = _urn("patient", user.id)
    observations: list[tuple[str, dict[str, Any]]] = []
    for result in results:
        obs = assessment_observation(subject, result, assessments, age, profile.sex)
        observations.append((_urn("assessment", result.id), obs))
    observations += [(_urn("pain", r.id), pain_observation(subject, r)) for r in pain]
    observations += [(_urn("psfs", r.id), psfs_observation(subject, r)) for r in psfs]
    observations += [
        (_urn("session", p.session_id, p.exercise_key), session_observation(subject, p))
        for p in sessions
    ]
    observations.sort(key=lambda item: str(item[1]["effectiveDateTime"]))
    entries = [{"fullUrl": subject, "resource": patient_resource(user, profile)}]
    entries += [{"fullUrl": url, "resource": obs} for url, obs in observations]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _time(exported_at),
        "entry": entries,
    }
