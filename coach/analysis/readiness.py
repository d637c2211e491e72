"""Readiness gate: counting and cues only while the patient is in the exercise's position.

A state machine fed ``(timestamp_ms, measurement values, at_start)``: ``WAITING`` until the
patient is in the declared start posture and in the rep's start position, ``SETTLING`` while
they hold both for ``settle_s``, ``READY`` (count and cue), ``AWAY`` while the posture is lost
for less than ``leave_s`` (counting pauses; it resumes once they are back in position and at
the start), and back to ``WAITING`` when it stays lost (they stood up or walked off). NaN
values (nobody seen) are out of position.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping

from coach.exercises.schema import StartPosture


class Readiness(enum.Enum):
    """Where the patient is relative to the exercise's position."""

    WAITING = "waiting"  # not in position: nothing is counted or cued
    SETTLING = "settling"  # in position, not yet for settle_s
    READY = "ready"  # counting and cueing
    AWAY = "away"  # out of position for less than leave_s: counting paused


class ReadinessGate:
    """Decides per frame whether the set is on.

    Args:
        posture: the exercise's start posture; ``None`` means always ready (no gate).
    """

    def __init__(self, posture: StartPosture | None) -> None:
        self.posture = posture
        self.state = Readiness.WAITING if posture is not None else Readiness.READY
        self._since_ms = math.nan
        self._unseen_since_ms = math.nan

    def in_posture(self, values: Mapping[str, float]) -> bool:
        """Whether every posture range holds for these values (NaN never holds)."""
        if self.posture is None:
            return True
        return all(b.contains(values.get(b.measurement, math.nan)) for b in self.posture.posture)

    def update(self, timestamp_ms: float, values: Mapping[str, float], at_start: bool) -> bool:
        """Advance with one frame; returns True when the patient has just left the set.

        A frame where a posture measurement is unseen (NaN: nobody detected, a keypoint below
        the confidence threshold) changes nothing by itself; the rep counter rides out short
        gaps on its own. Unseen for ``leave_s`` in a row, the patient has left.

        Args:
            timestamp_ms: stream time of the frame.
            values: this frame's measurement values (NaN when unseen).
            at_start: whether the rep signal is in its start position this frame.
        """
        if self.posture is None:
            return False
        if not all(values.get(b.measurement, math.nan) == values.get(b.measurement, math.nan)
                   for b in self.posture.posture):  # fmt: skip
            return self._unseen(timestamp_ms)
        self._unseen_since_ms = math.nan
        placed = self.in_posture(values)
        elapsed_s = (timestamp_ms - self._since_ms) / 1000.0
        if self.state is Readiness.WAITING and placed and at_start:
            self._enter(Readiness.SETTLING, timestamp_ms)
        elif self.state is Readiness.SETTLING:
            if not (placed and at_start):
                self._enter(Readiness.WAITING, timestamp_ms)
            elif elapsed_s >= self.posture.settle_s:
                self._enter(Readiness.READY, timestamp_ms)
        elif self.state is Readiness.READY and not placed:
            self._enter(Readiness.AWAY, timestamp_ms)
        elif self.state is Readiness.AWAY:
            # Back only in position *and* at the start: a posture glimpsed for a frame while
            # getting up (keypoints flicker then) must not reopen the set mid-movement.
            if placed and at_start:
                self._enter(Readiness.READY, timestamp_ms)
            elif elapsed_s >= self.posture.leave_s:
                return self._leave(timestamp_ms)
        return False

    def _unseen(self, timestamp_ms: float) -> bool:
        assert self.posture is not None
        if math.isnan(self._unseen_since_ms):
            self._unseen_since_ms = timestamp_ms
        unseen_s = (timestamp_ms - self._unseen_since_ms) / 1000.0
        if self.state is not Readiness.WAITING and unseen_s >= self.posture.leave_s:
            return self._leave(timestamp_ms)
        return False

    def _leave(self, timestamp_ms: float) -> bool:
        """Back to waiting; True when a set was on (READY or AWAY), i.e. the patient left it."""
        was_on = self.state in (Readiness.READY, Readiness.AWAY)
        self._enter(Readiness.WAITING, timestamp_ms)
        return was_on

    def _enter(self, state: Readiness, timestamp_ms: float) -> None:
        self.state = state
        self._since_ms = timestamp_ms

    @property
    def counting(self) -> bool:
        """Whether reps are counted and cues given this frame."""
        return self.state is Readiness.READY
