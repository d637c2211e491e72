"""Joint angles and segment inclinations in degrees.

Image frame: pixels, x to the right, y **down**. "Up" in this module means towards the top of
the image (negative y), as the camera is assumed level.
"""

from __future__ import annotations

import math
from typing import Literal

from coach.kinematics.distances import DEFAULT_MIN_SCORE, confident_xy, midpoint_xy
from coach.pose.types import Pose

#: Reference direction of a segment inclination: towards the image top, bottom, or the
#: horizontal (unsigned, 0..90 degrees).
Reference = Literal["up", "down", "horizontal"]

_REFERENCE_VECTORS: dict[str, tuple[float, float]] = {"up": (0.0, -1.0), "down": (0.0, 1.0)}


def angle_between_points_deg(
    a: tuple[float, float], vertex: tuple[float, float], c: tuple[float, float]
) -> float:
    """Included angle ``a–vertex–c`` in degrees, ``0..180``; NaN if a point is NaN or coincides."""
    v1x, v1y = a[0] - vertex[0], a[1] - vertex[1]
    v2x, v2y = c[0] - vertex[0], c[1] - vertex[1]
    n1 = math.hypot(v1x, v1y)
    n2 = math.hypot(v2x, v2y)
    if not (n1 > 0.0 and n2 > 0.0):
        return math.nan
    # atan2 of cross and dot is exact near 0 and 180 degrees, where acos loses precision.
    return math.degrees(math.atan2(abs(v1x * v2y - v1y * v2x), v1x * v2x + v1y * v2y))


def joint_angle_deg(
    pose: Pose, a: str, vertex: str, c: str, min_score: float = DEFAULT_MIN_SCORE
) -> float:
    """Included angle at keypoint ``vertex`` between the segments to ``a`` and ``c``.

    Args:
        pose: the pose, keypoints in image pixels.
        a: name of the keypoint at the far end of the first segment (e.g. ``left_hip``).
        vertex: name of the joint (e.g. ``left_knee``).
        c: name of the far end of the second segment (e.g. ``left_ankle``).
        min_score: keypoints below this confidence make the result NaN.

    Returns:
        Degrees in ``0..180`` (180 = straight limb), or NaN.
    """
    return angle_between_points_deg(
        confident_xy(pose, a, min_score),
        confident_xy(pose, vertex, min_score),
        confident_xy(pose, c, min_score),
    )


def inclination_of_vector_deg(dx: float, dy: float, reference: Reference) -> float:
    """Angle of the pixel vector ``(dx, dy)`` against ``reference`` in degrees.

    ``up``/``down`` give ``0..180`` (0 = pointing exactly that way); ``horizontal`` gives the
    unsigned tilt from the horizontal, ``0..90``. NaN for a zero or NaN vector.
    """
    norm = math.hypot(dx, dy)
    if not norm > 0.0:
        return math.nan
    if reference == "horizontal":
        return math.degrees(math.atan2(abs(dy), abs(dx)))
    rx, ry = _REFERENCE_VECTORS[reference]
    return math.degrees(math.atan2(abs(dx * ry - dy * rx), dx * rx + dy * ry))


def segment_inclination_deg(
    pose: Pose,
    start: str,
    end: str,
    reference: Reference = "up",
    min_score: float = DEFAULT_MIN_SCORE,
) -> float:
    """Inclination of the segment ``start → end`` against the vertical or horizontal.

    Examples: trunk lean is ``hip → shoulder`` against ``up`` (0 = upright); the upper arm is
    ``shoulder → elbow`` against ``down`` (0 = arm hanging, 90 = horizontal, 180 = overhead);
    the shank is ``ankle → knee`` against ``up``; pelvic tilt is ``left_hip → right_hip``
    against ``horizontal``.

    Returns:
        Degrees (``0..180``, or ``0..90`` for ``horizontal``), or NaN.
    """
    s = confident_xy(pose, start, min_score)
    e = confident_xy(pose, end, min_score)
    return inclination_of_vector_deg(e[0] - s[0], e[1] - s[1], reference)


def spine_angle_from_vertical_deg(pose: Pose, min_score: float = DEFAULT_MIN_SCORE) -> float:
    """Angle of the hip-centre → shoulder-centre line from upright, degrees ``0..180``.

    0 is standing tall, 90 is lying flat; the fall detector watches this.
    """
    hips = midpoint_xy(
        confident_xy(pose, "left_hip", min_score), confident_xy(pose, "right_hip", min_score)
    )
    shoulders = midpoint_xy(
        confident_xy(pose, "left_shoulder", min_score),
        confident_xy(pose, "right_shoulder", min_score),
    )
    return inclination_of_vector_deg(shoulders[0] - hips[0], shoulders[1] - hips[1], "up")
