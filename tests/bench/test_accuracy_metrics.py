"""Counting metrics of ``coach bench accuracy`` (MAE and OBO) on hand-made results."""

from __future__ import annotations

import math

import pytest

from coach.bench.accuracy import ClipResult, cues_in_windows, summarise, with_rom_differences
from coach.session.report import CueReport, ExerciseReport


def _result(backend: str, expected: int, counted: int) -> ClipResult:
    return ClipResult("clip.mp4", backend, expected, counted, 0, 0)


def test_mae_is_the_mean_relative_error_and_obo_the_share_within_one_rep() -> None:
    results = [
        _result("a", 10, 10),
        _result("a", 10, 8),  # off by 2: 0.2 relative error, outside OBO
        _result("a", 4, 5),  # off by 1: 0.25 relative error, inside OBO
        _result("b", 2, 2),
    ]
    summaries = {s.backend: s for s in summarise(results)}
    assert summaries["a"].clips == 3
    assert summaries["a"].mae == pytest.approx((0.0 + 0.2 + 0.25) / 3)
    assert summaries["a"].obo == pytest.approx(2 / 3)
    assert (summaries["b"].mae, summaries["b"].obo) == (0.0, 1.0)


def test_rom_difference_is_the_largest_rep_peak_gap_from_the_reference_backend() -> None:
    results = [
        ClipResult("c", "movenet-lightning", 2, 2, 0, 0, rep_peak_rom_deg=(70.0, 78.0)),
        ClipResult("c", "blazepose-full", 2, 2, 0, 0, rep_peak_rom_deg=(81.0, 80.0)),
        ClipResult("c", "movenet-thunder", 2, 1, 0, 0, rep_peak_rom_deg=(71.0,)),
    ]
    diffs = {r.backend: r.rom_diff_deg for r in with_rom_differences(results)}
    assert diffs["blazepose-full"] == pytest.approx(11.0)
    assert math.isnan(diffs["movenet-lightning"])  # the reference itself
    assert math.isnan(diffs["movenet-thunder"])  # counts differ: reps cannot be paired


def test_cues_are_counted_only_inside_the_idle_windows() -> None:
    def cue(t_s: float) -> CueReport:
        return CueReport(timestamp_ms=t_s * 1000, rule_id="r", text="t", severity="info", value=1)

    report = ExerciseReport.model_construct(cues=[cue(0.6), cue(20.0), cue(49.3), cue(52.0)])
    assert cues_in_windows(report, ((0.0, 5.3), (48.6, 51.5))) == 2
