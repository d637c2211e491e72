"""``coach report --patient NAME --from DATE --to DATE --out FILE.pdf``: the progress report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from coach.cli.db import db_option, find_patient, operator_clinic, store_errors
from coach.cli.output import err_console, fail


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r}: expected a date as YYYY-MM-DD") from None


def report_command(
    patient: str = typer.Option(..., "--patient", help="The patient's sign-in name."),
    date_from: str = typer.Option(..., "--from", help="First day of the period (YYYY-MM-DD)."),
    date_to: str = typer.Option(..., "--to", help="Last day of the period (YYYY-MM-DD)."),
    out: Path = typer.Option(..., "--out", help="PDF file to write."),
    db: str | None = db_option(),
) -> None:
    """Write a patient's PDF progress report: adherence, ROM against target, standard tests
    against norms, pain and PSFS, and the therapist's notes."""

    first, last = _day(date_from, "--from"), _day(date_to, "--to")
    with store_errors(), operator_clinic(db) as clinic:
        user = find_patient(clinic, patient)
        pdf = clinic.reports.render_pdf(user.id, first, last)
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror}") from None
    err_console.print(
        f"wrote the progress report of {patient!r} ({first} – {last}) to {out}",
        soft_wrap=True,
        markup=False,
    )
