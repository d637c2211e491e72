"""Pure geometry on one pose: joint and segment angles, normalised distances, symmetry.

Every function works in image pixels (x right, y down, origin top-left). Pixels are square, so
angles computed here are aspect-correct whatever the frame's width and height; never feed these
functions coordinates normalised to ``0..1`` of a non-square frame. Any keypoint whose confidence
is below ``min_score`` (0.3 by default) makes the result NaN rather than a made-up number.
"""

from __future__ import annotations

from coach.kinematics.angles import (
    angle_between_points_deg,
    joint_angle_deg,
    segment_inclination_deg,
    spine_angle_from_vertical_deg,
)
from coach.kinematics.distances import (
    DEFAULT_MIN_SCORE,
    confident_xy,
    midpoint_xy,
    normalised_distance,
    torso_length_px,
)
from coach.kinematics.symmetry import symmetry_index_pct

__all__ = [
    "DEFAULT_MIN_SCORE",
    "angle_between_points_deg",
    "confident_xy",
    "joint_angle_deg",
    "midpoint_xy",
    "normalised_distance",
    "segment_inclination_deg",
    "spine_angle_from_vertical_deg",
    "symmetry_index_pct",
    "torso_length_px",
]
