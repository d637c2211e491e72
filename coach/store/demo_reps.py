"""Plausible completed repetitions for the demo clinic (seeded, never real measurements)."""

from __future__ import annotations

import math
import random

from coach.analysis.events import RepCompleted
from coach.exercises.schema import ExerciseDefinition


def demo_rep_side(exercise: ExerciseDefinition, set_side: str | None, index: int) -> str:
    """The side a demo rep is done on: the set's, alternating from the left, or both."""
    if set_side in ("left", "right"):
        return set_side
    if exercise.side == "alternating":
        return "left" if index % 2 == 1 else "right"
    return "both"


def demo_rep(
    rng: random.Random,
    exercise: ExerciseDefinition,
    *,
    index: int,
    side: str,
    start_ms: int,
    rom_span_deg: tuple[float, float] | None,
) -> RepCompleted:
    """Rep ``index`` (from 1), starting at ``start_ms`` on the session clock.

    ``rom_span_deg`` is (rest, end range) of the ROM angle this session; without it no angles
    are recorded. Lowering (start to turn) takes 50–60 % of the rep. A two-sided exercise done
    with both sides at once gets a left and a right arc a few percent apart, as people are
    rarely exactly symmetric.
    """
    duration_ms = int(rng.uniform(1800, 3200))
    eccentric_ms = int(duration_ms * rng.uniform(0.5, 0.6))
    low = high = end_seen = math.nan
    if rom_span_deg is not None:
        rest, end = rom_span_deg
        rest_seen = rest + rng.uniform(-3.0, 3.0)
        end_seen = end - (end - rest) * rng.uniform(0.0, 0.06)  # some reps fall short
        low, high = (round(max(0.0, min(180.0, v)), 1) for v in sorted((rest_seen, end_seen)))
    left = right = math.nan
    rom = exercise.measurements.get(exercise.rom_measurement or "")
    if side == "both" and rom is not None and rom.sided and not math.isnan(high):
        arc = high - low
        left = round(arc * rng.uniform(0.94, 1.0), 1)
        right = round(arc * rng.uniform(0.94, 1.0), 1)
    end_ms = start_ms + duration_ms
    return RepCompleted(
        timestamp_ms=float(end_ms),
        index=index,
        side=side,
        start_ms=float(start_ms),
        peak_ms=float(start_ms + eccentric_ms),
        end_ms=float(end_ms),
        rom_min_deg=low,
        rom_max_deg=high,
        signal_peak=_signal_peak(rng, exercise, end_seen),
        eccentric_s=eccentric_ms / 1000.0,
        concentric_s=(duration_ms - eccentric_ms) / 1000.0,
        rom_left_deg=left,
        rom_right_deg=right,
    )


def _signal_peak(rng: random.Random, exercise: ExerciseDefinition, end_deg: float) -> float:
    """Furthest counting-signal value: the end angle when the signal is the ROM angle, else a
    little past the turn threshold (in the signal's own unit)."""
    rep = exercise.rep
    if rep is None:
        return math.nan
    if rep.rom_measurement in (None, rep.signal) and not math.isnan(end_deg):
        return round(end_deg, 1)
    overshoot = (rep.turn_threshold - rep.start_threshold) * rng.uniform(0.0, 0.15)
    return round(rep.turn_threshold + overshoot, 2)
