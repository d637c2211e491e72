"""The JSON report writes the analyzer's ``RepCompleted`` itself: the schema-1 field names,
the derived fields, NaN as null, and it reads back to the same reps."""

from __future__ import annotations

import json
import math

import pytest

from coach.analysis.events import RepCompleted
from coach.session.report import REPORT_SCHEMA_VERSION, ExerciseReport

#: Rep fields of schema version 1 as ``coach analyze --json`` wrote them (docs/command-line.md).
SCHEMA_1_REP_FIELDS = {
    "index", "side", "start_ms", "peak_ms", "end_ms", "rom_min_deg", "rom_max_deg", "rom_deg",
    "signal_peak", "eccentric_s", "concentric_s", "duration_s", "rom_left_deg",
    "rom_right_deg", "symmetry_index_pct",
}  # fmt: skip

LEFT_HEAVY = RepCompleted(
    timestamp_ms=2_900.0, index=1, side="both", start_ms=400.0, peak_ms=1_600.0, end_ms=2_900.0,
    rom_min_deg=5.0, rom_max_deg=95.0, signal_peak=95.0, eccentric_s=1.2, concentric_s=1.3,
    rom_left_deg=90.0, rom_right_deg=80.0,
)  # fmt: skip
UNSEEN = RepCompleted(
    timestamp_ms=6_000.0, index=2, side="both", start_ms=3_400.0, peak_ms=4_500.0, end_ms=6_000.0,
    rom_min_deg=math.nan, rom_max_deg=math.nan, signal_peak=14.2, eccentric_s=1.1,
    concentric_s=1.5,
)  # fmt: skip


def _report(*reps: RepCompleted) -> ExerciseReport:
    return ExerciseReport(
        id="squat", name="Squat", kind="reps", side="both", reps_completed=len(reps),
        partial_reps=0, target_reps=10, reps=list(reps), partials=[], best_rom_deg=90.0,
        rom_target_deg=None, best_hold_s=None, target_hold_s=None, balance=None, cues=[],
        falls_ms=[],
    )  # fmt: skip


def test_reps_keep_the_schema_1_field_names_with_derived_fields_and_null_for_nan() -> None:
    document = json.loads(_report(LEFT_HEAVY, UNSEEN).model_dump_json())
    first, second = document["reps"]
    assert REPORT_SCHEMA_VERSION == 1
    assert set(first) == SCHEMA_1_REP_FIELDS | {"timestamp_ms"}  # one field added, none renamed
    assert (first["rom_deg"], first["duration_s"]) == (90.0, 2.5)
    assert first["symmetry_index_pct"] == pytest.approx(100 * 10 / 85)
    assert [second[k] for k in ("rom_min_deg", "rom_deg", "rom_left_deg", "symmetry_index_pct")]\
        == [None, None, None, None]  # fmt: skip
    assert second["signal_peak"] == 14.2


def test_a_report_reads_back_to_the_same_reps_and_refuses_unknown_fields() -> None:
    report = _report(LEFT_HEAVY)
    again = ExerciseReport.model_validate_json(report.model_dump_json())
    assert again.reps == [LEFT_HEAVY] and again == report
    broken = report.model_dump_json().replace('"signal_peak"', '"signal_top"')
    with pytest.raises(ValueError, match="unknown rep field"):
        ExerciseReport.model_validate_json(broken)
