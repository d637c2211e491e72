"""Counting metrics of ``coach bench accuracy`` (MAE and OBO) on hand-made results."""

from __future__ import annotations

import pytest

from coach.bench.accuracy import ClipResult, summarise


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
