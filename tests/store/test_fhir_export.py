"""FHIR R4 export of outcome measures, validated with the fhir.resources models."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from typer.testing import CliRunner

from coach.cli.main import app
from coach.session.assessments import AssessmentOutcome, StandEvent, TrialEvent
from coach.store import PermissionDeniedError
from tests.store.conftest import Clinic

WHEN = datetime(2026, 11, 10, 9, 30, tzinfo=UTC)


def _populate(clinic: Clinic) -> int:
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
    session_id = patient.recording.start_session(patient_id, backend="movenet")
    patient.proms.record_pain(patient_id, "before", 5, session_id=session_id)
    set_id = patient.recording.record_set_start(session_id, "sit_to_stand", set_index=0)
    for index in range(4):
        patient.recording.record_rep(set_id, rep_index=index, start_ms=index * 3000,
                                     end_ms=index * 3000 + 2500, rom_min_deg=5.0,
                                     rom_max_deg=88.0 + index)  # fmt: skip
    patient.recording.finish_session(session_id)
    patient.proms.record_pain(patient_id, "after", 2, session_id=session_id)
    activity = therapist.proms.add_psfs_activity(patient_id, "Climbing stairs")
    patient.proms.rate_psfs(activity.id, 4)
    return patient_id


def test_fhir_bundle_validates_and_carries_patient_assessments_proms_and_sessions(
    clinic: Clinic,
) -> None:
    patient_id = _populate(clinic)
    document = json.loads(clinic.therapist.fhir.export_bundle(patient_id))
    bundle = Bundle.model_validate(document)
    assert bundle.type == "collection"
    resources = [entry["resource"] for entry in document["entry"]]
    patient = Patient.model_validate(resources[0])
    assert patient.gender == "female" and str(patient.birthDate) == "1953-06-01"
    observations = [Observation.model_validate(r) for r in resources[1:]]
    subject = document["entry"][0]["fullUrl"]
    assert all(o.subject.reference == subject for o in observations)
    by_text = {o.code.text: o for o in observations}

    sts = by_text["Five times sit-to-stand"]
    assert float(sts.valueQuantity.value) == 16.2 and sts.valueQuantity.code == "s"
    assert sts.interpretation[0].coding[0].code == "H"  # slower than the 70-79 reference
    assert float(sts.referenceRange[0].high.value) == 12.6
    notes = " ".join(n.text for n in sts.note)
    assert "recurrent falls" in notes and "Buatois" in notes  # 16.2 s >= 15 s at age 73

    stance = by_text["Single-leg stance time"]
    assert {c.code.coding[0].code: float(c.valueQuantity.value) for c in stance.component} == {
        "left": 12.0, "right": 3.5,
    }  # fmt: skip
    assert any("right: Under 5 s" in n.text for n in stance.note)

    assert by_text["30-second chair stand"].dataAbsentReason.text == "test not completed"

    pain = [o for o in observations if o.code.coding[0].code == "72514-3"]
    assert [(o.code.coding[1].code, o.valueInteger) for o in pain] == [
        ("pain-nrs-before", 5), ("pain-nrs-after", 2),
    ]  # fmt: skip
    assert all(o.code.coding[0].system == "http://loinc.org" for o in pain)
    assert by_text["PSFS: Climbing stairs"].valueInteger == 4
    session = next(o for o in observations if o.code.text.startswith("Exercise sit_to_stand"))
    values = {c.code.coding[0].code: float(c.valueQuantity.value) for c in session.component}
    assert values["reps"] == 4 and values["rom-best"] == 91.0
    assert any(e.action == "record.export" for e in clinic.admin.history.audit_log())


def test_fhir_export_follows_the_access_rules(clinic: Clinic) -> None:
    patient_id = _populate(clinic)
    Bundle.model_validate_json(clinic.patient.fhir.export_bundle(patient_id))
    with pytest.raises(PermissionDeniedError, match="not linked to you"):
        clinic.other_therapist.fhir.export_bundle(patient_id)
    with pytest.raises(PermissionDeniedError, match="only see their own"):
        clinic.patient.exports.export_history(clinic.other_patient_user.id, "fhir")


def test_coach_export_format_fhir_writes_a_valid_bundle(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "seed", "--db", db_url]).exit_code == 0
    target = tmp_path / "ana.fhir.json"
    result = runner.invoke(
        app, ["export", "--patient", "demo_ana", "--format", "fhir", "--out", str(target),
              "--db", db_url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    bundle = Bundle.model_validate_json(target.read_text())
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds[0] == "Patient" and kinds.count("Observation") >= 8
