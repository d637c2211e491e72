"""Offline analysis picks its inference threads from how busy the machine is."""

from __future__ import annotations

import pytest

from coach.session import offline as analyze


@pytest.mark.parametrize(
    ("cores", "load_1min", "expected"),
    [(2, 0.2, 2), (2, 0.99, 2), (2, 1.0, 1), (2, 6.5, 1), (1, 0.0, 1), (8, 3.0, 2)],
)
def test_two_threads_only_when_at_least_half_the_cores_are_free(
    monkeypatch: pytest.MonkeyPatch, cores: int, load_1min: float, expected: int
) -> None:
    monkeypatch.setattr(analyze.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(analyze.os, "getloadavg", lambda: (load_1min, 0.0, 0.0))
    assert analyze.default_inference_threads() == expected
