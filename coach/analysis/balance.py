"""Static balance: single-leg and tandem stance.

A trial starts when the stance is taken (single leg: the free ankle lifts above the stance
ankle; tandem: the ankles line up) and ends at the first loss of balance that lasts
``loss_confirm_s`` — the lifted foot back down, a hip drop (pelvic tilt), a trunk lean, or a
step out of tandem — or when the target time is reached. Sway is the path of the body centre
(mid hips/shoulders) and its 95 % confidence-ellipse area, normalised by body height so that it
does not depend on the distance to the camera.
"""

from __future__ import annotations

import enum
import math

import numpy as np

from coach.analysis.body import BodyPoints
from coach.analysis.events import BalanceLost, BalanceResult, Event
from coach.exercises.schema import BalanceDefinition

#: Chi-square quantile for 95 % with 2 degrees of freedom (confidence-ellipse scale).
_CHI2_95_2DOF = 5.991


class BalancePhase(enum.Enum):
    """Progress of a balance trial."""

    WAITING = "waiting"  # stance not yet taken
    IN_STANCE = "in_stance"
    LOST = "lost"
    DONE = "done"  # target time reached


class BalanceAnalyzer:
    """One balance trial for a stance leg ``side`` (``left``/``right``; front leg in tandem)."""

    def __init__(self, balance: BalanceDefinition, side: str, target_s: float | None) -> None:
        self.balance = balance
        self.side = side if side in ("left", "right") else "left"
        self.target_s = target_s
        self.phase = BalancePhase.WAITING
        self.result: BalanceResult | None = None
        self._start_ms = math.nan
        self._fault_since_ms: dict[str, float] = {}
        self._leg_ref_px = math.nan
        self._height_ref_px = math.nan
        self._centres: list[tuple[float, float]] = []

    def time_in_stance_s(self, timestamp_ms: float) -> float:
        """Seconds since the stance was taken (0 before)."""
        if math.isnan(self._start_ms):
            return 0.0
        end = self.result.timestamp_ms if self.result is not None else timestamp_ms
        return (end - self._start_ms) / 1000.0

    def update(self, timestamp_ms: float, body: BodyPoints | None) -> list[Event]:
        """Feed one frame's landmarks (``None``: nobody seen; the clock keeps running)."""
        if body is None or self.phase in (BalancePhase.LOST, BalancePhase.DONE):
            return []
        self._update_references(body)
        if self.phase is BalancePhase.WAITING:
            if self._stance_taken(body):
                self.phase = BalancePhase.IN_STANCE
                self._start_ms = timestamp_ms
            return []
        centre = body.body_centre
        if not math.isnan(centre[0] + centre[1]):
            self._centres.append(centre)
        events = self._check_loss(timestamp_ms, body)
        target = self.target_s
        if not events and target is not None and self.time_in_stance_s(timestamp_ms) >= target:
            self.phase = BalancePhase.DONE
            events.append(self._result(timestamp_ms, lost=False, reason="target_reached"))
        return events

    def finish(self, timestamp_ms: float) -> list[Event]:
        """End of the trial: report the result if the stance was taken and not yet reported."""
        if self.phase is not BalancePhase.IN_STANCE:
            return []
        self.phase = BalancePhase.DONE
        return [self._result(timestamp_ms, lost=False, reason="ended")]

    def _update_references(self, body: BodyPoints) -> None:
        stance_ankle = body.left_ankle if self.side == "left" else body.right_ankle
        stance_hip = body.left_hip if self.side == "left" else body.right_hip
        leg = stance_ankle[1] - stance_hip[1]
        if leg > 0.0 and not leg <= self._leg_ref_px:
            self._leg_ref_px = leg
        height = body.body_height_px
        if height > 0.0 and not height <= self._height_ref_px:
            self._height_ref_px = height

    def _lift_leg(self, body: BodyPoints) -> float:
        """Height of the free ankle above the stance ankle, in leg lengths (NaN if unseen)."""
        stance, free = (
            (body.left_ankle, body.right_ankle)
            if self.side == "left"
            else (body.right_ankle, body.left_ankle)
        )
        return (stance[1] - free[1]) / self._leg_ref_px

    def _foot_separation_torso(self, body: BodyPoints) -> float:
        return abs(body.left_ankle[0] - body.right_ankle[0]) / body.torso_px

    def _stance_taken(self, body: BodyPoints) -> bool:
        if self.balance.stance == "single_leg":
            return self._lift_leg(body) > self.balance.lift_threshold_leg
        return self._foot_separation_torso(body) < self.balance.max_foot_separation_torso / 2

    def _faults(self, body: BodyPoints) -> dict[str, bool]:
        b = self.balance
        faults = {
            "hip_drop": body.pelvic_tilt_deg > b.max_hip_drop_deg,
            "trunk_lean": body.spine_angle_deg > b.max_trunk_lean_deg,
        }
        if b.stance == "single_leg":
            faults["foot_down"] = self._lift_leg(body) < b.foot_down_threshold_leg
        else:
            faults["step"] = self._foot_separation_torso(body) > b.max_foot_separation_torso
        return faults  # NaN comparisons are False: an unseen landmark is never a fault

    def _check_loss(self, timestamp_ms: float, body: BodyPoints) -> list[Event]:
        for reason, faulty in self._faults(body).items():
            if not faulty:
                self._fault_since_ms.pop(reason, None)
                continue
            since = self._fault_since_ms.setdefault(reason, timestamp_ms)
            if (timestamp_ms - since) / 1000.0 >= self.balance.loss_confirm_s:
                self.phase = BalancePhase.LOST
                # Balance was lost when the fault began, not when it was confirmed.
                held_s = (since - self._start_ms) / 1000.0
                result = self._result(since, lost=True, reason=reason)
                return [BalanceLost(since, reason, held_s), result]
        return []

    def _result(self, timestamp_ms: float, *, lost: bool, reason: str) -> BalanceResult:
        path, area, rms, peak = self._sway()
        self.result = BalanceResult(
            timestamp_ms, (timestamp_ms - self._start_ms) / 1000.0, lost, reason, path, area,
            sway_rms_pct=rms, sway_max_pct=peak,
        )  # fmt: skip
        return self.result

    def _sway(self) -> tuple[float, float, float, float]:
        """Path per height, ellipse area per height², RMS and max distance from the mean (%)."""
        height = self._height_ref_px
        if len(self._centres) < 3 or not height > 0.0:
            return math.nan, math.nan, math.nan, math.nan
        points = np.asarray(self._centres, dtype=np.float64)
        path = float(np.sum(np.hypot(*np.diff(points, axis=0).T)))
        covariance = np.cov(points.T)
        area = math.pi * _CHI2_95_2DOF * math.sqrt(max(float(np.linalg.det(covariance)), 0.0))
        distances = np.hypot(*(points - points.mean(axis=0)).T)
        rms = float(np.sqrt(np.mean(distances**2)))
        peak = float(distances.max())
        return path / height, area / height**2, 100.0 * rms / height, 100.0 * peak / height
