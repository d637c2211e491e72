"""Typed events the analyzers emit. Times are stream timestamps in milliseconds."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from coach.kinematics.symmetry import symmetry_index_pct as _symmetry_index_pct


class PartialReason(enum.Enum):
    """Why a movement did not count as a rep."""

    TURN_NOT_REACHED = "turn_not_reached"  # left the start but never reached the turning point
    NOT_RETURNED = "not_returned"  # reached the turn but the set or clip ended first
    TOO_FAST = "too_fast"  # shorter than min_rep_duration_s
    TOO_SLOW = "too_slow"  # longer than max_rep_duration_s


@dataclass(frozen=True, slots=True, kw_only=True)
class RepCompleted:
    """A full repetition: left the start, reached the turn, came back.

    The one repetition type from the analyzer to the JSON report, the store and the screen
    (the store hands it back inside :class:`coach.store.dto.StoredRep`).

    Attributes:
        timestamp_ms: When the rep was counted (the frame that completed it).
        index: 1-based count of completed reps.
        side: ``left``/``right`` for one-sided or alternating exercises, ``both`` otherwise.
        rom_min_deg / rom_max_deg: range of the ROM measurement during the rep (NaN if it was
            never measured confidently).
        signal_peak: furthest value of the counting signal (its unit).
        eccentric_s: time from leaving the start to the turning point (peak).
        concentric_s: time from the turning point back to the start.
        rom_left_deg / rom_right_deg: arc of the ROM measurement on each side during the rep,
            for exercises done with both sides at once (NaN otherwise or when unseen).
    """

    timestamp_ms: float
    index: int
    side: str
    start_ms: float
    peak_ms: float
    end_ms: float
    rom_min_deg: float
    rom_max_deg: float
    signal_peak: float
    eccentric_s: float
    concentric_s: float
    rom_left_deg: float = math.nan
    rom_right_deg: float = math.nan

    @property
    def duration_s(self) -> float:
        """Whole rep, start to end, seconds."""
        return (self.end_ms - self.start_ms) / 1000.0

    @property
    def rom_deg(self) -> float:
        """Arc moved through, ``rom_max_deg - rom_min_deg`` (NaN when unmeasured)."""
        return self.rom_max_deg - self.rom_min_deg

    @property
    def symmetry_index_pct(self) -> float:
        """100·|L−R| / mean(L, R) of the two arcs (NaN unless both sides were measured)."""
        return _symmetry_index_pct(self.rom_left_deg, self.rom_right_deg)


@dataclass(frozen=True, slots=True)
class PartialRep:
    """A movement that left the start position but does not count; reported apart."""

    timestamp_ms: float
    side: str
    start_ms: float
    end_ms: float
    reason: PartialReason
    rom_min_deg: float
    rom_max_deg: float
    signal_peak: float


@dataclass(frozen=True, slots=True)
class RomRecord:
    """A new best range of motion in the current set (degrees of the ROM measurement)."""

    timestamp_ms: float
    best_rom_deg: float
    target_deg: float | None


@dataclass(frozen=True, slots=True)
class HoldProgress:
    """Held time so far (emitted once per whole second held)."""

    timestamp_ms: float
    held_s: float
    target_s: float | None


@dataclass(frozen=True, slots=True)
class HoldBroken:
    """The posture was lost for longer than the grace time."""

    timestamp_ms: float
    held_s: float


@dataclass(frozen=True, slots=True)
class HoldCompleted:
    """The hold target was reached."""

    timestamp_ms: float
    held_s: float


@dataclass(frozen=True, slots=True)
class BalanceLost:
    """Balance was lost; ``reason`` names the condition (foot_down, hip_drop, trunk_lean, step)."""

    timestamp_ms: float
    reason: str
    time_in_stance_s: float


@dataclass(frozen=True, slots=True)
class BalanceResult:
    """Outcome of one balance trial.

    Attributes:
        time_in_stance_s: from the stance being taken to loss of balance (or the end).
        lost: whether balance was lost (False: held to the target or the end).
        reason: loss condition, or ``target_reached`` / ``ended``.
        sway_path_per_height: path length of the body centre divided by body height.
        sway_area_per_height2: 95 % confidence-ellipse area of the body centre divided by the
            square of body height.
        sway_rms_pct: root-mean-square distance of the body centre from its mean position,
            percent of body height (the usual clinical sway figure).
        sway_max_pct: largest distance of the body centre from its mean position, percent of
            body height.
    """

    timestamp_ms: float
    time_in_stance_s: float
    lost: bool
    reason: str
    sway_path_per_height: float
    sway_area_per_height2: float
    sway_rms_pct: float = math.nan
    sway_max_pct: float = math.nan


@dataclass(frozen=True, slots=True)
class FallDetected:
    """A likely fall: the trunk tipped over and the hip centre dropped suddenly."""

    timestamp_ms: float
    spine_angle_deg: float
    hip_drop_torso: float


@dataclass(frozen=True, slots=True)
class CueRaised:
    """A form cue to show to the patient."""

    timestamp_ms: float
    rule_id: str
    text: str
    severity: str
    measurement: str
    value: float


Event = (
    RepCompleted
    | PartialRep
    | RomRecord
    | HoldProgress
    | HoldBroken
    | HoldCompleted
    | BalanceLost
    | BalanceResult
    | FallDetected
    | CueRaised
)
