"""Hold timer: counts time only while every posture rule of the hold is satisfied."""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping

from coach.analysis.events import Event, HoldBroken, HoldCompleted, HoldProgress
from coach.exercises.schema import HoldDefinition


class HoldPhase(enum.Enum):
    """Whether the patient is in the held position."""

    WAITING = "waiting"  # not (yet, or no longer) in the posture
    HOLDING = "holding"  # in the posture, time is counting
    PAUSED = "paused"  # briefly out of posture or unseen, within the grace time


class HoldTimer:
    """Accumulates held time between consecutive in-posture samples.

    Time between two samples counts only if both were in posture, so a dropout or a wobble
    never adds time; an interruption shorter than ``grace_s`` pauses the bout, a longer one
    breaks it (the best bout is kept).
    """

    def __init__(self, hold: HoldDefinition, target_s: float | None) -> None:
        self.hold = hold
        self.target_s = target_s
        self.phase = HoldPhase.WAITING
        self.held_s = 0.0
        self.best_hold_s = 0.0
        self.completed = False
        self._last_ok_ms = math.nan
        self._previous_ok = False

    def in_posture(self, values: Mapping[str, float]) -> bool:
        """Whether every posture rule holds for these measurement values (NaN = no)."""
        return all(
            rule.contains(values.get(rule.measurement, math.nan)) for rule in self.hold.posture
        )

    def update(self, timestamp_ms: float, values: Mapping[str, float]) -> list[Event]:
        """Feed one frame's measurement values."""
        if self.in_posture(values):
            return self._ok(timestamp_ms)
        self._previous_ok = False
        if self.phase is HoldPhase.WAITING:
            return []
        if (timestamp_ms - self._last_ok_ms) / 1000.0 <= self.hold.grace_s:
            self.phase = HoldPhase.PAUSED
            return []
        return self._break(timestamp_ms)

    def _ok(self, timestamp_ms: float) -> list[Event]:
        events: list[Event] = []
        if self._previous_ok:
            before = self.held_s
            self.held_s += (timestamp_ms - self._last_ok_ms) / 1000.0
            if math.floor(self.held_s) > math.floor(before):
                events.append(HoldProgress(timestamp_ms, self.held_s, self.target_s))
            self.best_hold_s = max(self.best_hold_s, self.held_s)
            if self.target_s is not None and not self.completed and self.held_s >= self.target_s:
                self.completed = True
                events.append(HoldCompleted(timestamp_ms, self.held_s))
        self.phase = HoldPhase.HOLDING
        self._previous_ok = True
        self._last_ok_ms = timestamp_ms
        return events

    def _break(self, timestamp_ms: float) -> list[Event]:
        held = self.held_s
        self.phase = HoldPhase.WAITING
        self.held_s = 0.0
        self.completed = False
        return [HoldBroken(timestamp_ms, held)] if held > 0.0 else []

    def finish(self, timestamp_ms: float) -> list[Event]:
        """End of the set: the current bout ends (reported as broken only if not completed)."""
        events: list[Event] = []
        if self.held_s > 0.0 and not self.completed:
            events.append(HoldBroken(timestamp_ms, self.held_s))
        self.phase = HoldPhase.WAITING
        self.held_s = 0.0
        self._previous_ok = False
        return events
