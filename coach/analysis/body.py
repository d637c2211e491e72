"""Body landmarks the balance and fall analyzers share (image pixels, y down)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from coach.kinematics import (
    DEFAULT_MIN_SCORE,
    confident_xy,
    midpoint_xy,
    segment_inclination_deg,
    spine_angle_from_vertical_deg,
)
from coach.pose.types import Pose

#: Shoulder height as a share of standing height (Drillis & Contini body-segment proportions),
#: used to estimate body height from the shoulder-to-ankle distance when the head is cut off.
SHOULDER_HEIGHT_FRACTION = 0.818


@dataclass(frozen=True, slots=True)
class BodyPoints:
    """Landmarks of one pose; any may be NaN when not confidently seen."""

    hip_centre: tuple[float, float]
    shoulder_centre: tuple[float, float]
    left_ankle: tuple[float, float]
    right_ankle: tuple[float, float]
    left_hip: tuple[float, float]
    right_hip: tuple[float, float]
    spine_angle_deg: float
    pelvic_tilt_deg: float

    @property
    def body_centre(self) -> tuple[float, float]:
        """Midpoint of the hip and shoulder centres, a proxy for the centre of mass."""
        return midpoint_xy(self.hip_centre, self.shoulder_centre)

    @property
    def torso_px(self) -> float:
        return math.hypot(
            self.shoulder_centre[0] - self.hip_centre[0],
            self.shoulder_centre[1] - self.hip_centre[1],
        )

    @property
    def body_height_px(self) -> float:
        """Standing height estimated from shoulders to the lower ankle (NaN if unseen)."""
        ankle_y = max(self.left_ankle[1], self.right_ankle[1])
        return (ankle_y - self.shoulder_centre[1]) / SHOULDER_HEIGHT_FRACTION


def body_points(pose: Pose, min_score: float = DEFAULT_MIN_SCORE) -> BodyPoints:
    """Extract the landmarks used by the balance and fall analyzers."""
    left_hip = confident_xy(pose, "left_hip", min_score)
    right_hip = confident_xy(pose, "right_hip", min_score)
    return BodyPoints(
        hip_centre=midpoint_xy(left_hip, right_hip),
        shoulder_centre=midpoint_xy(
            confident_xy(pose, "left_shoulder", min_score),
            confident_xy(pose, "right_shoulder", min_score),
        ),
        left_ankle=confident_xy(pose, "left_ankle", min_score),
        right_ankle=confident_xy(pose, "right_ankle", min_score),
        left_hip=left_hip,
        right_hip=right_hip,
        spine_angle_deg=spine_angle_from_vertical_deg(pose, min_score),
        pelvic_tilt_deg=segment_inclination_deg(
            pose, "left_hip", "right_hip", "horizontal", min_score
        ),
    )
