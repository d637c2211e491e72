"""Rep counter: a hysteresis state machine on one signal.

Phases: ``START`` (in the start position) → ``OUTWARD`` (left it) → ``TURN`` (reached the
turning threshold) → ``RETURN`` (coming back) → ``START``, at which point the rep counts. The
signal is flipped internally when it falls during a rep, so the logic is written once for
"rising". Leaving the start needs the signal past ``start_threshold``; coming back needs it past
``start_threshold`` by ``hysteresis`` (and likewise around the turn), so jitter around a threshold
cannot count twice. NaN (no confident pose) neither advances nor breaks a rep; a gap longer
than ``max_dropout_s`` drops the rep in progress without reporting it.

Every counter learns the patient's rest value of the signal while they are in the start
position (:class:`RestLevel`). With ``thresholds_from: rest`` the start and turn lines are
offsets from it, so a backend's bias or a slightly bent resting joint moves the lines with the
patient. Either way it measures each movement's excursion: a movement that does not count is
reported as a partial rep only when it went a real share of the patient's range
(``min_partial_share``) for a real time (``min_partial_s``); jitter is not an attempt.

With ``calibration`` in the rep definition the turn line then follows the patient's own range
(:class:`coach.analysis.calibration.TurnCalibration`), within the exercise's bounds.
"""

from __future__ import annotations

import enum
import logging
import math
import statistics
from collections import deque
from dataclasses import dataclass

from coach.analysis.calibration import TurnCalibration
from coach.analysis.events import Event, PartialReason, PartialRep, RepCompleted
from coach.analysis.rest import RestLevel
from coach.exercises.schema import RepDefinition

logger = logging.getLogger(__name__)

#: Completed reps whose excursion from rest makes the patient's own range (their median).
RANGE_REPS = 5


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

    def __init__(
        self, rep: RepDefinition, side: str = "both", *, calibration: TurnCalibration | None = None
    ) -> None:
        self.rep = rep
        self.side = side
        self._sign = 1.0 if rep.increasing else -1.0
        self._start = self._sign * rep.start_threshold
        self._turn = self._sign * rep.turn_threshold
        self._relative = rep.thresholds_from == "rest"
        self.rest = RestLevel()
        # A calibration handed in (an earlier set's, same exercise and side) keeps learning here.
        self.calibration = calibration or TurnCalibration(rep.calibration)
        self._excursions: deque[float] = deque(maxlen=RANGE_REPS)
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
        self._rep_rest = math.nan  # rest value when the current rep began

    @property
    def start_line(self) -> float:
        """Rising-normalised signal value at the edge of the start position (NaN: rest unknown)."""
        return self._start + self.rest.value if self._relative else self._start

    @property
    def turn_line(self) -> float:
        """Rising-normalised signal value of the turning point (calibrated once it is)."""
        if self.calibration.active:
            return self.rest.value + self.calibration.turn_excursion
        return self._declared_turn_line

    @property
    def _declared_turn_line(self) -> float:
        return self._turn + self.rest.value if self._relative else self._turn

    def _calibrate(self, excursion: float) -> None:
        """Let the turn line learn from one real movement's excursion from rest."""
        rest = self.rest.value
        if math.isnan(rest):
            return
        floor = self.start_line - rest + self.rep.hysteresis
        self.calibration.observe(excursion, self._declared_turn_line - rest, floor)

    @property
    def rest_value(self) -> float:
        """The patient's rest value in the signal's own unit (NaN until seen)."""
        return self._sign * self.rest.value

    @property
    def range_size(self) -> float:
        """The patient's range: median excursion from rest of their last completed reps.

        Before the first rep, the distance from rest to the turn line.
        """
        if self._excursions:
            return statistics.median(self._excursions)
        return self.turn_line - self.rest.value

    def update(self, timestamp_ms: float, signal: float, rom_deg: float = math.nan) -> list[Event]:
        """Feed one sample; ``signal`` NaN means no confident measurement this frame."""
        if math.isnan(signal):
            return self._dropout(timestamp_ms)
        self._last_valid_ms = timestamp_ms
        s = self._sign * signal
        if self.phase is RepPhase.START:
            return self._in_start(timestamp_ms, s, rom_deg)
        assert self._current is not None
        self.rest.skip(timestamp_ms)
        self._current.see(timestamp_ms, s, rom_deg)
        hysteresis = self.rep.hysteresis
        if s < self.start_line - hysteresis:
            reached = self.phase is not RepPhase.OUTWARD
            events = self._close(timestamp_ms, None if reached else PartialReason.TURN_NOT_REACHED)
            self._mark_start(timestamp_ms, rom_deg)
            return events
        if s >= self.turn_line:
            self.phase = RepPhase.TURN
        elif self.phase is RepPhase.TURN and s < self.turn_line - hysteresis:
            self.phase = RepPhase.RETURN
        return []

    def watch(self, timestamp_ms: float, signal: float, rom_deg: float = math.nan) -> bool:
        """Learn the rest value (and the resting ROM) without counting: the patient is not
        in position yet. Returns whether the signal is in the start position.
        """
        if math.isnan(signal):
            return False
        s = self._sign * signal
        self._learn_rest(timestamp_ms, s)
        at_start = s <= self.start_line
        if at_start and self._current is None:
            self._see_rest_rom(rom_deg)
        return at_start

    def _learn_rest(self, timestamp_ms: float, s: float) -> None:
        """Learn from samples in the start position only (or the first one, to begin with)."""
        if s > self.start_line:
            self.rest.skip(timestamp_ms)
        else:  # also when the line is NaN: the rest is not known yet
            self.rest.see(timestamp_ms, s)

    def abandon(self) -> None:
        """The patient left the exercise: drop a rep in progress unreported, wait for the start."""
        if self._current is not None:
            logger.debug("%s: rep in progress dropped, the patient left the position", self.side)
        self._current = None
        self._seen_start = False
        self.phase = RepPhase.START

    def _in_start(self, timestamp_ms: float, s: float, rom_deg: float) -> list[Event]:
        self._learn_rest(timestamp_ms, s)
        if s <= self.start_line:
            self._mark_start(timestamp_ms, rom_deg)
        elif self._seen_start:
            start_ms = self._last_start_ms
            self._current = _Rep(
                start_ms, start_ms, -math.inf, self._rest_rom_min, self._rest_rom_max
            )
            self._rep_rest = self.rest.value
            self._current.see(timestamp_ms, s, rom_deg)
            self.phase = RepPhase.TURN if s >= self.turn_line else RepPhase.OUTWARD
        return []

    def _mark_start(self, timestamp_ms: float, rom_deg: float) -> None:
        self._seen_start = True
        self._last_start_ms = timestamp_ms
        self._see_rest_rom(rom_deg)
        self.phase = RepPhase.START

    def _see_rest_rom(self, rom_deg: float) -> None:
        if not math.isnan(rom_deg):
            self._rest_rom_min = (
                rom_deg if not rom_deg >= self._rest_rom_min else self._rest_rom_min
            )
            self._rest_rom_max = (
                rom_deg if not rom_deg <= self._rest_rom_max else self._rest_rom_max
            )

    def _dropout(self, timestamp_ms: float) -> list[Event]:
        gap_s = (timestamp_ms - self._last_valid_ms) / 1000.0
        if self._current is not None and gap_s > self.rep.max_dropout_s:
            logger.debug("%s: rep in progress dropped after %.1f s unseen", self.side, gap_s)
            self.abandon()
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

    def _is_attempt(self, rep: _Rep, duration_s: float) -> bool:
        """Whether a movement that did not count was a real attempt (not jitter)."""
        excursion = rep.peak - self._rep_rest
        needed = self.rep.min_partial_share * self.range_size
        if duration_s >= self.rep.min_partial_s and not excursion < needed:
            return True
        logger.debug(
            "%s: %.2f s movement of %.1f (needs %.1f) is not an attempt",
            self.side, duration_s, excursion, needed,
        )  # fmt: skip
        return False

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
            if not self._is_attempt(rep, duration_s):
                return []
            self.partial_reps += 1
            self._calibrate(rep.peak - self._rep_rest)
            return [
                PartialRep(
                    timestamp_ms=end_ms,
                    side=self.side,
                    start_ms=rep.start_ms,
                    end_ms=end_ms,
                    reason=reason,
                    rom_min_deg=rep.rom_min_deg,
                    rom_max_deg=rep.rom_max_deg,
                    signal_peak=peak,
                )
            ]
        self.reps_completed += 1
        if not math.isnan(self._rep_rest):
            self._excursions.append(rep.peak - self._rep_rest)
            self._calibrate(rep.peak - self._rep_rest)
        out_s = (rep.peak_ms - rep.start_ms) / 1000.0
        back_s = (end_ms - rep.peak_ms) / 1000.0
        eccentric_s, concentric_s = (
            (out_s, back_s) if self.rep.outward_is == "eccentric" else (back_s, out_s)
        )
        return [
            RepCompleted(
                timestamp_ms=end_ms,
                index=self.reps_completed,
                side=self.side,
                start_ms=rep.start_ms,
                peak_ms=rep.peak_ms,
                end_ms=end_ms,
                rom_min_deg=rep.rom_min_deg,
                rom_max_deg=rep.rom_max_deg,
                signal_peak=peak,
                eccentric_s=eccentric_s,
                concentric_s=concentric_s,
            )
        ]
