"""Readiness gate driven by scripted posture values: nothing counts or cues out of position."""

from __future__ import annotations

import math

from coach.analysis.readiness import Readiness, ReadinessGate
from coach.exercises.schema import Bounds, StartPosture

PLANK = StartPosture(
    name="high plank",
    posture=(Bounds(measurement="tilt", max_value=40),),
    settle_s=1.0,
    leave_s=1.0,
)
LEVEL, UPRIGHT, UNSEEN = {"tilt": 20.0}, {"tilt": 80.0}, {"tilt": math.nan}


def _feed(gate: ReadinessGate, start_ms: float, end_ms: float, values: dict[str, float],
          at_start: bool = True) -> list[float]:  # fmt: skip
    """Feed 30 fps frames; returns the times at which the gate reported the set left."""
    left, t = [], start_ms
    while t < end_ms:
        if gate.update(t, values, at_start):
            left.append(t)
        t += 1000.0 / 30
    return left


def test_counting_starts_only_after_the_posture_is_held_at_the_start_for_settle_s() -> None:
    gate = ReadinessGate(PLANK)
    _feed(gate, 0, 2000, UPRIGHT)  # walking in
    assert gate.state is Readiness.WAITING and not gate.counting
    _feed(gate, 2000, 2500, LEVEL, at_start=False)  # in plank, arms bent: not at the start
    assert gate.state is Readiness.WAITING
    _feed(gate, 2500, 3400, LEVEL)
    assert gate.state is Readiness.SETTLING and not gate.counting
    _feed(gate, 3400, 3600, LEVEL)
    assert gate.counting


def test_a_brief_loss_of_posture_pauses_and_resumes_only_back_at_the_start() -> None:
    gate = ReadinessGate(PLANK)
    _feed(gate, 0, 1100, LEVEL)
    assert gate.counting
    assert _feed(gate, 1100, 1500, UPRIGHT) == []
    assert gate.state is Readiness.AWAY and not gate.counting
    _feed(gate, 1500, 1600, LEVEL, at_start=False)  # a flicker of posture mid-movement
    assert gate.state is Readiness.AWAY
    _feed(gate, 1600, 1700, LEVEL)
    assert gate.counting


def test_leaving_the_posture_for_leave_s_ends_the_set_once() -> None:
    gate = ReadinessGate(PLANK)
    _feed(gate, 0, 1100, LEVEL)
    left = _feed(gate, 1100, 4000, UPRIGHT)  # stands up and walks off
    assert len(left) == 1 and 2000 <= left[0] <= 2200
    assert gate.state is Readiness.WAITING


def test_unseen_frames_neither_break_settling_nor_the_set_until_leave_s() -> None:
    gate = ReadinessGate(PLANK)
    _feed(gate, 0, 500, LEVEL)
    _feed(gate, 500, 700, UNSEEN)  # two-tenths of a second without a confident pose
    _feed(gate, 700, 1100, LEVEL)
    assert gate.counting
    assert _feed(gate, 1100, 1900, UNSEEN) == [] and gate.counting
    left = _feed(gate, 1900, 2500, UNSEEN)
    assert len(left) == 1 and gate.state is Readiness.WAITING


def test_without_a_start_posture_the_gate_is_always_open() -> None:
    gate = ReadinessGate(None)
    assert _feed(gate, 0, 500, UNSEEN, at_start=False) == [] and gate.counting
