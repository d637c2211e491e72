"""Rep counter: a hysteresis state machine on one signal.

Phases: ``START`` (in the start position) → ``OUTWARD`` (left it) → ``TURN`` (reached the
turning threshold) → ``RETURN`` (coming back) → ``START``, at which point the rep counts. The
signal is flipped internally when it falls during a rep, so the logic is written once for
"rising". Leaving the start needs the signal past ``start_threshold``; coming back needs it past
``start_threshold`` by ``hysteresis`` (and likewise around the turn), so jitter around a threshold
cannot count twice. NaN (no confident pose) neither advances nor breaks a rep unless the gap
exceeds ``max_dropout_s``.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from coach.analysis.events import Event, PartialReason, PartialRep, RepCompleted
from coach.exercises.schema import RepDefinition


class RepPhase(enum.Enum):
    """Where in a repetition the patient is."""

    START = "start"
    OUTWARD = "outward"
    TURN = "turn"
    RETURN = "return"


@dataclass
class _Rep:
    start_ms: float
    peak_ms: float
    peak: float  # rising-normalised signal
    rom_min_deg: float
    rom_max_deg: float

    def see(self, timestamp_ms: float, s: float, rom_deg: float) -> None:
        if s > self.peak:
            self.peak, self.peak_ms = s, timestamp_ms
        if not math.isnan(rom_deg):
            # fmin/fmax-style: a NaN seed (start frame unmeasured) gives way to the first value.
            self.rom_min_deg = rom_deg if not rom_deg >= self.rom_min_deg else self.rom_min_deg
            self.rom_max_deg = rom_deg if not rom_deg <= self.rom_max_deg else self.rom_max_deg


class RepCounter:
    """Counts repetitions of one side (or both sides averaged) of an exercise.

    Args:
        rep: the exercise's rep definition (thresholds in the signal's unit).
        side: label put on every event (``left``, ``right`` or ``both``).
    """

    def __init__(self, rep: RepDefinition, side: str = "both") -> None:
        self.rep = rep
        self.side = side
        self._sign = 1.0 if rep.increasing else -1.0
        self._start = self._sign * rep.start_threshold
        self._turn = self._sign * rep.turn_threshold
        self.phase = RepPhase.START
        self.reps_completed = 0
        self.partial_reps = 0
        self._seen_start = False  # a rep may only begin after the start position was seen
        self._last_start_ms = math.nan
        # ROM range seen at rest since the last rep ended: a rep's range of motion runs from
        # the true rest position, not from where the signal crossed the start threshold.
        self._rest_rom_min = math.nan
        self._rest_rom_max = math.nan
        self._last_valid_ms = math.nan
        self._current: _Rep | None = None

    def update(self, timestamp_ms: float, signal: float, rom_deg: float = math.nan) -> list[Event]:
        """Feed one sample; ``signal`` NaN means no confident measurement this frame."""
        if math.isnan(signal):
            return self._dropout(timestamp_ms)
        self._last_valid_ms = timestamp_ms
        s = self._sign * signal
        if self.phase is RepPhase.START:
            return self._in_start(timestamp_ms, s, rom_deg)
        assert self._current is not None
        self._current.see(timestamp_ms, s, rom_deg)
        hysteresis = self.rep.hysteresis
        if s < self._start - hysteresis:
            reached = self.phase is not RepPhase.OUTWARD
            events = self._close(timestamp_ms, None if reached else PartialReason.TURN_NOT_REACHED)
            self._mark_start(timestamp_ms, rom_deg)
            return events
        if s >= self._turn:
            self.phase = RepPhase.TURN
        elif self.phase is RepPhase.TURN and s < self._turn - hysteresis:
            self.phase = RepPhase.RETURN
        return []

    def _in_start(self, timestamp_ms: float, s: float, rom_deg: float) -> list[Event]:
        if s <= self._start:
            self._mark_start(timestamp_ms, rom_deg)
        elif self._seen_start:
            start_ms = self._last_start_ms
            self._current = _Rep(
                start_ms, start_ms, -math.inf, self._rest_rom_min, self._rest_rom_max
            )
            self._current.see(timestamp_ms, s, rom_deg)
            self.phase = RepPhase.TURN if s >= self._turn else RepPhase.OUTWARD
        return []

    def _mark_start(self, timestamp_ms: float, rom_deg: float) -> None:
        self._seen_start = True
        self._last_start_ms = timestamp_ms
        if not math.isnan(rom_deg):
            self._rest_rom_min = (
                rom_deg if not rom_deg >= self._rest_rom_min else self._rest_rom_min
            )
            self._rest_rom_max = (
                rom_deg if not rom_deg <= self._rest_rom_max else self._rest_rom_max
            )
        self.phase = RepPhase.START

    def _dropout(self, timestamp_ms: float) -> list[Event]:
        gap_s = (timestamp_ms - self._last_valid_ms) / 1000.0
        if self._current is not None and gap_s > self.rep.max_dropout_s:
            events = self._close(timestamp_ms, PartialReason.TRACKING_LOST)
            self._seen_start = False  # position unknown: wait to see the start again
            self.phase = RepPhase.START
            return events
        return []

    def finish(self, timestamp_ms: float) -> list[Event]:
        """End of the set or clip: a rep in progress is reported as partial."""
        if self._current is None:
            return []
        reason = (
            PartialReason.TURN_NOT_REACHED
            if self.phase is RepPhase.OUTWARD
            else PartialReason.NOT_RETURNED
        )
        events = self._close(timestamp_ms, reason)
        self.phase = RepPhase.START
        return events

    def _close(self, end_ms: float, reason: PartialReason | None) -> list[Event]:
        rep = self._current
        assert rep is not None
        self._current = None
        self._rest_rom_min = self._rest_rom_max = math.nan
        duration_s = (end_ms - rep.start_ms) / 1000.0
        if reason is None and duration_s < self.rep.min_rep_duration_s:
            reason = PartialReason.TOO_FAST
        elif reason is None and duration_s > self.rep.max_rep_duration_s:
            reason = PartialReason.TOO_SLOW
        peak = self._sign * rep.peak
        if reason is not None:
            self.partial_reps += 1
            return [
                PartialRep(
                    end_ms,
                    self.side,
                    rep.start_ms,
                    end_ms,
                    reason,
                    rep.rom_min_deg,
                    rep.rom_max_deg,
                    peak,
                )
            ]
        self.reps_completed += 1
        out_s = (rep.peak_ms - rep.start_ms) / 1000.0
        back_s = (end_ms - rep.peak_ms) / 1000.0
        eccentric_s, concentric_s = (
            (out_s, back_s) if self.rep.outward_is == "eccentric" else (back_s, out_s)
        )
        return [
            RepCompleted(
                end_ms,
                self.reps_completed,
                self.side,
                rep.start_ms,
                rep.peak_ms,
                end_ms,
                rep.rom_min_deg,
                rep.rom_max_deg,
                peak,
                eccentric_s,
                concentric_s,
            )
        ]
