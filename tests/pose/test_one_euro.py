"""The One Euro filter and its pixel-space keypoint smoother (pure math, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from coach.pose.filters import KeypointSmoother, LowPassFilter, OneEuroFilter, OneEuroParams
from coach.pose.movenet.constants import KEYPOINT_FILTER

STEP_MS = 1000.0 / 30.0
SMOOTHING = OneEuroParams(min_cutoff_hz=1.0, beta=0.0, derivative_cutoff_hz=1.0)


def test_first_sample_passes_through_unchanged() -> None:
    f = OneEuroFilter(SMOOTHING)
    np.testing.assert_array_equal(f.apply([3.0, -2.0], 0.0), [3.0, -2.0])


def test_noise_around_a_still_point_is_reduced() -> None:
    rng = np.random.default_rng(0)
    noisy = 100.0 + rng.normal(0.0, 2.0, size=300)
    f = OneEuroFilter(SMOOTHING)
    smoothed = np.array([f.apply(v, i * STEP_MS) for i, v in enumerate(noisy)])
    assert smoothed[50:].std() < 0.5 * noisy[50:].std()
    assert abs(smoothed[50:].mean() - 100.0) < 1.0


def test_higher_beta_lags_less_behind_fast_motion() -> None:
    ramp = np.arange(60) * 0.02  # 0.6 normalised units per second
    lags = []
    for beta in (0.0, 50.0):
        f = OneEuroFilter(OneEuroParams(min_cutoff_hz=1.0, beta=beta))
        out = [float(f.apply(v, i * STEP_MS)) for i, v in enumerate(ramp)]
        lags.append(ramp[-1] - out[-1])
    assert lags[1] < 0.5 * lags[0]


def test_filtering_pixels_with_value_scale_equals_filtering_normalised_values() -> None:
    rng = np.random.default_rng(1)
    width, height = 640.0, 360.0
    normalised = np.cumsum(rng.normal(0.0, 0.01, size=(40, 2)), axis=0) + 0.5
    pixels = normalised * [width, height]
    on_norm = OneEuroFilter(KEYPOINT_FILTER)
    on_pixels = OneEuroFilter(KEYPOINT_FILTER, value_scale=[1.0 / width, 1.0 / height])
    for i in range(len(normalised)):
        expected = on_norm.apply(normalised[i], i * STEP_MS) * [width, height]
        np.testing.assert_allclose(on_pixels.apply(pixels[i], i * STEP_MS), expected, rtol=1e-9)


def test_a_timestamp_that_does_not_advance_returns_the_input_and_keeps_state() -> None:
    f = OneEuroFilter(SMOOTHING)
    f.apply(0.0, 0.0)
    first = float(f.apply(10.0, STEP_MS))
    assert float(f.apply(50.0, STEP_MS)) == 50.0
    assert float(f.apply(10.0, 2 * STEP_MS)) > first  # continues from the state before


def test_reset_forgets_the_previous_values() -> None:
    f = OneEuroFilter(SMOOTHING)
    for i in range(10):
        f.apply(0.0, i * STEP_MS)
    f.reset()
    assert float(f.apply(42.0, 0.0)) == 42.0


def test_soft_threshold_limits_the_step_towards_an_outlier() -> None:
    plain = LowPassFilter(0.5)
    capped = LowPassFilter(0.5)
    plain.apply(0.0)
    capped.apply(0.0)
    assert float(plain.apply(100.0)) == 50.0
    assert float(capped.apply(100.0, threshold=np.array(1.0))) < 5.0


def test_invalid_parameters_are_rejected() -> None:
    with pytest.raises(ValueError, match="min_cutoff_hz must be > 0"):
        OneEuroParams(min_cutoff_hz=0.0)
    with pytest.raises(ValueError, match="value_scale must be > 0"):
        OneEuroFilter(SMOOTHING, value_scale=0.0)


def test_keypoint_smoother_filters_xy_and_keeps_scores() -> None:
    smoother = KeypointSmoother(OneEuroParams(min_cutoff_hz=0.5))
    still = np.array([[100.0, 200.0, 0.9]] * 17, dtype=np.float32)
    smoother.apply(still, 0.0, (640, 480))
    jumped = still.copy()
    jumped[:, :2] += 10.0
    jumped[:, 2] = 0.4
    out = smoother.apply(jumped, STEP_MS, (640, 480))
    assert np.all(out[:, 0] > 100.0) and np.all(out[:, 0] < 110.0)
    np.testing.assert_array_equal(out[:, 2], jumped[:, 2])
    assert out.dtype == np.float32 and out is not jumped
