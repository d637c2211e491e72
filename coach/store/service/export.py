"""Export of a patient's whole history: CSV (one row per event) or JSON (nested).

The CSV reads like the screens: sets and reps are counted from 1, times are in seconds, and
each rep carries the value its exercise's ROM target refers to (``rom_target_of``:
range, highest_angle or lowest_angle) beside the raw lowest and highest angles. A rep has the
fields of the ``coach analyze --json`` report (``rep_side`` in the CSV: ``side`` is the set's);
what was never measured, or not stored before migration 0005, is empty (``null`` in JSON).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from coach.exercises.rom_target import RomTargetMeasure, rom_target_measure
from coach.session.report import rep_document
from coach.store.csv_cells import csv_cell
from coach.store.dto import Actor, SessionDetail, SetInfo
from coach.store.enums import ExportFormat
from coach.store.errors import InvalidInputError
from coach.store.service.access import check_patient
from coach.store.service.audit import audit
from coach.store.service.convert import user_info
from coach.store.service.history import patient_session_details
from coach.store.service.scope import ServiceScope

#: Columns of the CSV export, one row per rep, hold, balance trial or cue. ``set`` and
#: ``number`` count from 1; ``start_s`` / ``end_s`` are seconds on the session clock.
CSV_COLUMNS = (
    "session_id", "session_started_at", "session_status", "session_counts", "backend",
    "is_demo", "exercise", "set", "side", "target_reps", "target_hold_s",
    "event", "number", "start_s", "end_s", "rom_min_deg", "rom_max_deg", "rom_target_of",
    "rom_target_value_deg", "concentric_s", "eccentric_s", "rep_side", "peak_s",
    "signal_peak", "rom_left_deg", "rom_right_deg", "symmetry_index_pct", "held_s", "duration_s",
    "sway_rms_pct", "sway_max_pct", "loss_count", "cue_code", "cue_message", "cue_severity",
    "recorded_at",
)  # fmt: skip


def parse_format(fmt: ExportFormat | str) -> ExportFormat:
    """An :class:`ExportFormat` from its name; InvalidInputError lists the valid ones."""
    try:
        return ExportFormat(str(fmt).strip().lower())
    except ValueError:
        valid = ", ".join(f.value for f in ExportFormat)
        raise InvalidInputError(f"unknown export format {fmt!r}: expected {valid}") from None


def export_history(
    db_session: Session,
    actor: Actor,
    patient_id: int,
    fmt: ExportFormat | str,
    measures: Mapping[str, RomTargetMeasure],
) -> str:
    """The patient's sessions with every event, oldest first; the export is audited.

    ``measures`` says per exercise which value its ROM target refers to.
    """
    kind = parse_format(fmt)
    patient = check_patient(db_session, actor, patient_id, "export the history of")
    details = sorted(
        patient_session_details(db_session, actor, patient_id, None),
        key=lambda detail: detail.session.started_at,
    )
    audit(db_session, actor, "history.export", f"patient {patient.username!r}", format=kind.value)
    if kind is ExportFormat.JSON:
        document = {
            "patient": {
                "username": patient.username,
                "display_name": patient.display_name,
                "is_demo": patient.is_demo,
            },
            "exported_at": datetime.now(UTC),
            "therapist_ids": list(user_info(db_session, patient).therapist_ids),
            "rom_targets": {
                key: {"of": measure.of, "measurement": measure.measurement}
                for key, measure in sorted(measures.items())
                if any(s.exercise_key == key for d in details for s in d.sets)
            },
            "sessions": [_json_session(detail, measures) for detail in details],
        }
        return json.dumps(document, default=_json_value, indent=2, ensure_ascii=False)
    return _csv(details, measures)


def _json_session(detail: SessionDetail, measures: Mapping[str, RomTargetMeasure]) -> Any:
    """A session as nested JSON, each rep with the value its ROM target refers to."""
    document = asdict(detail)
    document["session"]["counts"] = detail.session.counts
    for set_doc, set_info in zip(document["sets"], detail.sets, strict=True):
        measure = measures.get(set_info.exercise_key)
        set_doc["reps"] = [
            {
                **rep_document(stored.rep),
                "rom_target_value_deg": None
                if measure is None
                else measure.value(stored.rep.rom_min_deg, stored.rep.rom_max_deg),
                "recorded_at": stored.recorded_at,
            }
            for stored in set_info.reps
        ]
    return document


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    raise TypeError(f"cannot export {type(value).__name__}")


class _SafeWriter:
    """A DictWriter whose text cells cannot start a spreadsheet formula.

    Rows end in CRLF (RFC 4180): the csv module quotes only the line terminator's characters,
    so with a bare LF a carriage return inside a cue text would split the row.
    """

    def __init__(self, buffer: io.StringIO) -> None:
        self._writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        self._writer.writeheader()

    def writerow(self, row: dict[str, Any]) -> None:
        self._writer.writerow({key: csv_cell(value) for key, value in row.items()})


def _seconds(value_ms: int | None) -> float | None:
    return None if value_ms is None else value_ms / 1000.0


def _csv(details: list[SessionDetail], measures: Mapping[str, RomTargetMeasure]) -> str:
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    for detail in details:
        info = detail.session
        base = {
            "session_id": info.id,
            "session_started_at": info.started_at.isoformat(),
            "session_status": info.status.value,
            "session_counts": info.counts,
            "backend": info.backend,
            "is_demo": info.is_demo,
        }
        for exercise_set in detail.sets:
            for row in _set_rows(exercise_set, measures.get(exercise_set.exercise_key)):
                writer.writerow({**base, **row})
        for cue in detail.cues:
            writer.writerow(
                {
                    **base,
                    "event": "cue",
                    "start_s": _seconds(cue.at_ms),
                    "cue_code": cue.code,
                    "cue_message": cue.message,
                    "cue_severity": cue.severity,
                    "recorded_at": cue.recorded_at.isoformat(),
                }
            )
    return buffer.getvalue()


def _set_rows(exercise_set: SetInfo, measure: RomTargetMeasure | None) -> list[dict[str, Any]]:
    base = {
        "exercise": exercise_set.exercise_key,
        "set": exercise_set.set_index + 1,
        "side": exercise_set.side or "",
        "target_reps": exercise_set.target_reps,
        "target_hold_s": exercise_set.target_hold_s,
    }
    rows: list[dict[str, Any]] = []
    for stored in exercise_set.reps:
        rep = stored.rep
        rows.append(
            {**base, "event": "rep", "number": rep.index, "rep_side": rep.side,
             "start_s": rep.start_ms / 1000.0, "peak_s": rep.peak_ms / 1000.0,
             "end_s": rep.end_ms / 1000.0, "rom_min_deg": rep.rom_min_deg,
             "rom_max_deg": rep.rom_max_deg, "rom_target_of": measure.of if measure else "",
             "rom_target_value_deg": measure.value(rep.rom_min_deg, rep.rom_max_deg)
             if measure else None,
             "concentric_s": rep.concentric_s, "eccentric_s": rep.eccentric_s,
             "signal_peak": rep.signal_peak, "rom_left_deg": rep.rom_left_deg,
             "rom_right_deg": rep.rom_right_deg, "symmetry_index_pct": rep.symmetry_index_pct,
             "recorded_at": stored.recorded_at.isoformat()}
        )  # fmt: skip
    for index, hold in enumerate(exercise_set.holds):
        rows.append(
            {**base, "event": "hold", "number": index + 1, "held_s": hold.held_s,
             "recorded_at": hold.recorded_at.isoformat()}
        )  # fmt: skip
    for index, trial in enumerate(exercise_set.balances):
        rows.append(
            {**base, "event": "balance", "number": index + 1, "duration_s": trial.duration_s,
             "sway_rms_pct": trial.sway_rms_pct, "sway_max_pct": trial.sway_max_pct,
             "loss_count": trial.loss_count, "recorded_at": trial.recorded_at.isoformat()}
        )  # fmt: skip
    return rows


class HistoryExport(ServiceScope):
    """A patient's whole history as CSV or JSON (each export is audited)."""

    def export_history(self, patient_id: int, fmt: ExportFormat | str) -> str:
        """A patient's whole history as CSV (one row per event), JSON (nested) or a FHIR R4
        Bundle of outcome measures (:class:`~coach.store.service.fhir_export.FhirExport`)."""
        if parse_format(fmt) is ExportFormat.FHIR:
            from coach.store.service.fhir_export import FhirExport

            return FhirExport(self.db, self.actor).export_bundle(patient_id)
        measures = {
            key: measure
            for key, exercise in self.library.exercises.items()
            if (measure := rom_target_measure(exercise)) is not None
        }
        # A write transaction: the export itself is recorded in the audit log.
        return self.db.write(lambda s: export_history(s, self.actor, patient_id, fmt, measures))
