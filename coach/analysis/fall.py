"""Fall detector: the trunk tips over and the hip centre drops suddenly.

Seed design: the spine angle from vertical (hip centre → shoulder centre) must exceed
``spine_angle_deg`` while the hip centre has dropped by more than ``hip_drop_torso`` torso
lengths within ``window_s``. Either alone is normal in exercise (a deep squat drops the hips, a
hip hinge tilts the trunk); both together in a short time are a fall. After a fall the detector
re-arms once the patient has been upright for ``rearm_s``.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from coach.analysis.body import BodyPoints
from coach.analysis.events import Event, FallDetected


@dataclass(frozen=True)
class FallParameters:
    """Thresholds of the fall detector (degrees, torso lengths, seconds)."""

    spine_angle_deg: float = 60.0
    hip_drop_torso: float = 0.8
    window_s: float = 1.5
    upright_deg: float = 30.0
    rearm_s: float = 2.0


class FallDetector:
    """Streams body points and emits :class:`FallDetected` once per fall."""

    def __init__(self, parameters: FallParameters | None = None) -> None:
        self.p = parameters or FallParameters()
        self._hip_history: deque[tuple[float, float]] = deque()
        self._torso_ref_px = math.nan
        self.fallen = False
        self._upright_since_ms = math.nan

    def update(self, timestamp_ms: float, body: BodyPoints | None) -> list[Event]:
        """Feed one frame's landmarks (``None`` when nobody was seen confidently)."""
        if body is None or math.isnan(body.hip_centre[1]):
            return []
        torso = body.torso_px
        if torso > 0.0 and body.spine_angle_deg < self.p.upright_deg:
            # Reference from upright frames only: a lying torso is foreshortened in the image.
            self._torso_ref_px = (
                torso if math.isnan(self._torso_ref_px) else max(self._torso_ref_px, torso)
            )
        hip_y = body.hip_centre[1]
        self._hip_history.append((timestamp_ms, hip_y))
        while self._hip_history and timestamp_ms - self._hip_history[0][0] > self.p.window_s * 1000:
            self._hip_history.popleft()
        if self.fallen:
            self._rearm(timestamp_ms, body.spine_angle_deg)
            return []
        if math.isnan(self._torso_ref_px) or not body.spine_angle_deg > self.p.spine_angle_deg:
            return []
        highest_y = min(y for _, y in self._hip_history)
        drop_torso = (hip_y - highest_y) / self._torso_ref_px
        if drop_torso > self.p.hip_drop_torso:
            self.fallen = True
            self._upright_since_ms = math.nan
            return [FallDetected(timestamp_ms, body.spine_angle_deg, drop_torso)]
        return []

    def _rearm(self, timestamp_ms: float, spine_angle_deg: float) -> None:
        if not spine_angle_deg < self.p.upright_deg:
            self._upright_since_ms = math.nan
            return
        if math.isnan(self._upright_since_ms):
            self._upright_since_ms = timestamp_ms
        if (timestamp_ms - self._upright_since_ms) / 1000.0 >= self.p.rearm_s:
            self.fallen = False
