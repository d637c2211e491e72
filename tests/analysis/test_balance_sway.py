"""Balance sway figures stored for the therapist: RMS and max distance from the mean centre."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coach.analysis.balance import BalanceAnalyzer


def test_sway_rms_and_max_are_percent_of_body_height_from_the_mean_centre() -> None:
    analyzer = BalanceAnalyzer.__new__(BalanceAnalyzer)
    # Body centre on a circle of radius 9 px around (100, 200); body height 180 px.
    angles = np.linspace(0.0, 2.0 * math.pi, 72, endpoint=False)
    analyzer._centres = [(100 + 9 * math.cos(a), 200 + 9 * math.sin(a)) for a in angles]
    analyzer._height_ref_px = 180.0
    path, area, rms, peak = analyzer._sway()
    assert rms == pytest.approx(5.0, abs=1e-9)  # 9 / 180 = 5 %
    assert peak == pytest.approx(5.0, abs=1e-9)
    assert path == pytest.approx(2 * 71 * 9 * math.sin(math.pi / 72) / 180, rel=1e-9)
    assert area > 0.0


def test_sway_is_nan_without_enough_frames_rather_than_a_made_up_number() -> None:
    analyzer = BalanceAnalyzer.__new__(BalanceAnalyzer)
    analyzer._centres = [(1.0, 1.0), (2.0, 2.0)]
    analyzer._height_ref_px = 180.0
    assert all(math.isnan(v) for v in analyzer._sway())
