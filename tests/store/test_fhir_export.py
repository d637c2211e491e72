"""FHIR R4 export of outcome measures, validated with the fhir.resources models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from typer.testing import CliRunner

from coach.cli.main import app
from coach.store import PermissionDeniedError
from tests.store.outcomes_data import populate as _populate
from tests.support.store_clinic import Clinic


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
    # Bohannon's 12.6 s for 70-79 y is an average, not a normal range: no L/N/H code, no high.
    assert sts.interpretation is None and sts.referenceRange[0].high is None
    assert sts.referenceRange[0].text.startswith("Published average 12.6 s.")
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
    psfs = [o.valueInteger for o in observations if o.code.text == "PSFS: Climbing stairs"]
    assert psfs == [4, 7]
    session = next(o for o in observations if o.code.text.startswith("Exercise sit_to_stand"))
    values = {c.code.coding[0].code: float(c.valueQuantity.value) for c in session.component}
    assert values["reps"] == 4 and values["rom-best"] == 91.0
    assert any(e.action == "record.export" for e in clinic.admin.admin.audit_log())


def test_fhir_export_follows_the_access_rules(clinic: Clinic) -> None:
    patient_id = _populate(clinic)
    Bundle.model_validate_json(clinic.patient.fhir.export_bundle(patient_id))
    with pytest.raises(PermissionDeniedError, match="is linked to you"):
        clinic.other_therapist.fhir.export_bundle(patient_id)
    with pytest.raises(PermissionDeniedError, match="only see their own"):
        clinic.patient.exports.export_history(clinic.other_patient_user.id, "fhir")


def test_coach_export_format_fhir_writes_a_valid_bundle(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", db_url]).exit_code == 0
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
