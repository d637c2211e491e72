"""``coach export --patient NAME --format csv|json [--out PATH]``: a patient's whole history."""

from __future__ import annotations

from pathlib import Path

import typer

from coach.cli.db import db_option, find_patient, operator_clinic, store_errors
from coach.cli.inputs import InputError, check_output_file
from coach.cli.output import err_console, fail


def export_command(
    patient: str = typer.Option(..., "--patient", help="The patient's sign-in name."),
    fmt: str = typer.Option(
        "csv", "--format", help="csv (one row per event), json, or fhir (FHIR R4 Bundle)."
    ),
    out: Path | None = typer.Option(None, "--out", help="Write here instead of stdout."),
    db: str | None = db_option(),
) -> None:
    """Export a patient's sessions, sets, reps, holds, balance results and cues (csv, json), or
    their outcome measures as a FHIR R4 Bundle (fhir)."""
    from coach.store.service.export import parse_format

    if out is not None:  # before the database is opened or the history read
        try:
            check_output_file(out, "--out")
        except InputError as exc:
            raise fail(str(exc)) from None
    with store_errors():
        kind = parse_format(fmt)
        with operator_clinic(db) as clinic:
            user = find_patient(clinic, patient)
            document = clinic.exports.export_history(user.id, kind)
    if out is None:
        typer.echo(document, nl=False)
        return
    try:
        out.write_text(document, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror}") from None
    err_console.print(
        f"wrote {kind.value} history of {patient!r} to {out}", soft_wrap=True, markup=False
    )
