"""RestLevel: follows a lower rest within a fraction of a second, a higher one over seconds."""

from __future__ import annotations

import math

import pytest

from coach.analysis.rest import REST_UP_TAU_S, RestLevel


def _hold(rest: RestLevel, value: float, start_ms: float, seconds: float) -> float:
    t = start_ms
    while t < start_ms + seconds * 1000.0:
        rest.see(t, value)
        t += 1000.0 / 30
    return t


def test_a_lower_rest_is_taken_within_a_second_and_a_higher_one_only_slowly() -> None:
    rest = RestLevel()
    assert math.isnan(rest.value)
    t = _hold(rest, 20.0, 0.0, 1.0)
    assert rest.value == pytest.approx(20.0)
    t = _hold(rest, 10.0, t, 1.0)
    assert rest.value == pytest.approx(10.0, abs=0.5)
    _hold(rest, 20.0, t, REST_UP_TAU_S)  # one time constant: about 63 % of the way up
    assert rest.value == pytest.approx(10.0 + 10.0 * (1 - math.exp(-1)), abs=0.5)


def test_time_spent_mid_rep_does_not_count_as_rest() -> None:
    rest = RestLevel()
    _hold(rest, 10.0, 0.0, 1.0)
    rest.skip(5000.0)  # a five-second rep elsewhere
    rest.see(5033.0, 15.0)  # the first resting sample after it moves the rest only a little
    assert rest.value < 10.1
