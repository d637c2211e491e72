"""Keypoint look-up with confidence gating, midpoints and body-size-normalised distances.

Coordinates are image pixels (x right, y down). Distances are divided by the torso length (the
distance from the shoulder centre to the hip centre), which stays nearly constant while limbs
move and so makes thresholds independent of how far the patient stands from the camera.
"""

from __future__ import annotations

import math

from coach.pose.types import Pose

#: Keypoints below this confidence are treated as missing (NaN results).
DEFAULT_MIN_SCORE = 0.3

NAN_XY: tuple[float, float] = (math.nan, math.nan)


def confident_xy(
    pose: Pose, name: str, min_score: float = DEFAULT_MIN_SCORE
) -> tuple[float, float]:
    """Pixel position of keypoint ``name``, or ``(nan, nan)`` if absent or below ``min_score``.

    A keypoint the backend does not produce (a BlazePose-only name on a MoveNet pose) is also
    treated as missing, so one exercise definition runs on every backend.
    """
    if not pose.has(name):
        return NAN_XY
    row = pose.keypoints[pose.index_of(name)]
    if not float(row[2]) >= min_score:
        return NAN_XY
    return float(row[0]), float(row[1])


def midpoint_xy(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Midpoint of two pixel positions (NaN if either is NaN)."""
    return (a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0


def torso_length_px(pose: Pose, min_score: float = DEFAULT_MIN_SCORE) -> float:
    """Distance in pixels from the shoulder centre to the hip centre (NaN if any is missing)."""
    shoulders = midpoint_xy(
        confident_xy(pose, "left_shoulder", min_score),
        confident_xy(pose, "right_shoulder", min_score),
    )
    hips = midpoint_xy(
        confident_xy(pose, "left_hip", min_score), confident_xy(pose, "right_hip", min_score)
    )
    return math.hypot(shoulders[0] - hips[0], shoulders[1] - hips[1])


def normalised_distance(pose: Pose, a: str, b: str, min_score: float = DEFAULT_MIN_SCORE) -> float:
    """Distance between keypoints ``a`` and ``b`` in torso lengths (NaN if any is missing).

    Returns NaN as well when the torso length is zero (a degenerate detection).
    """
    pa = confident_xy(pose, a, min_score)
    pb = confident_xy(pose, b, min_score)
    torso = torso_length_px(pose, min_score)
    if not torso > 0.0:
        return math.nan
    return math.hypot(pa[0] - pb[0], pa[1] - pb[1]) / torso
