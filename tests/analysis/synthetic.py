"""A 2-D stick figure with known joint angles, for scripted keypoint sequences.

Image pixels, y down. The left leg is anchored at its ankle (feet on the floor), so bending the
knee lowers the hips exactly as in a real squat; every other point follows by forward kinematics
from segment angles in degrees. Angles "from up"/"from down" are signed, positive towards +x.
``mirror`` places the right side as the mirror image about the body's midline (front view);
without it the right side overlaps the left (side view).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from coach.pose.types import Pose

BLAZEPOSE_NAMES: tuple[str, ...] = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
    "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
    "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
    "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
    "right_heel", "left_foot_index", "right_foot_index",
)  # fmt: skip

SHANK, THIGH, TRUNK, UPPER_ARM, FOREARM = 180.0, 190.0, 250.0, 140.0, 120.0
HALF_HIP, HALF_SHOULDER = 40.0, 70.0
#: Foot: the toes (ball of the foot) lie TOE_AHEAD in front of and TOE_BELOW below the ankle,
#: and the heel FOOT behind the toes on the floor; proportions of an adult foot to its shank
#: (ankle ≈ 0.17 shank above the floor, ≈ 0.4 shank behind the ball of the foot).
TOE_AHEAD, TOE_BELOW, FOOT = 70.0, 30.0, 90.0


@dataclass(frozen=True)
class Figure:
    """Segment angles (degrees) of the stick figure; ``r_*`` are the right side's."""

    shank_up: float = 0.0  # left shank from vertical-up, anchored at the ankle
    thigh_up: float = 0.0  # left thigh from vertical-up
    trunk_up: float = 0.0
    upper_arm_down: float = 0.0  # from vertical-down, positive = away from the body midline
    forearm_down: float = 0.0
    r_upper_arm_down: float | None = None  # None: same as the left
    r_forearm_down: float | None = None
    r_thigh_down: float | None = None  # right leg hangs from its hip; None: mirror the left
    r_shank_down: float | None = None
    foot_tilt: float = 0.0  # heel raise: foot angle from the floor
    leg_abduction: float = 0.0  # left leg out to the side (front view), degrees
    rotate: float = 0.0  # whole-body rotation (lying exercises), degrees
    mirror: bool = True


def _down(angle: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return math.sin(rad), math.cos(rad)


def _up(angle: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return math.sin(rad), -math.cos(rad)


def _add(p: tuple[float, float], d: tuple[float, float], length: float) -> tuple[float, float]:
    return p[0] + d[0] * length, p[1] + d[1] * length


def _toe_offset(foot_tilt: float) -> tuple[float, float]:
    """Toes relative to the ankle when the foot is tilted ``foot_tilt`` degrees off the floor."""
    c, s = math.cos(math.radians(foot_tilt)), math.sin(math.radians(foot_tilt))
    return TOE_AHEAD * c - TOE_BELOW * s, TOE_AHEAD * s + TOE_BELOW * c


def ankle_rise_px(foot_tilt: float) -> float:
    """How far the ankle rises (pixels) when the foot pivots ``foot_tilt`` degrees on its toes."""
    return _toe_offset(foot_tilt)[1] - TOE_BELOW


def figure_points(
    f: Figure, origin: tuple[float, float] = (600.0, 1100.0)
) -> dict[str, tuple[float, float]]:
    """Keypoint positions of figure ``f`` (left ankle at ``origin`` while the heels are down)."""
    side = 1.0 if f.mirror else 0.0
    toe = _toe_offset(f.foot_tilt)
    # Heel raise: the toes stay on the floor and the whole body rises with the ankle.
    la = (origin[0] + TOE_AHEAD - toe[0], origin[1] + TOE_BELOW - toe[1])
    lk = _add(la, _up(f.shank_up - f.leg_abduction), SHANK)
    lh = _add(lk, _up(f.thigh_up - f.leg_abduction), THIGH)
    hip_c = (lh[0] - HALF_HIP * side, lh[1])
    rh = (hip_c[0] - HALF_HIP * side, hip_c[1])
    r_thigh = (
        f.r_thigh_down
        if f.r_thigh_down is not None
        else (f.thigh_up if f.mirror else -f.thigh_up)  # mirror of down(-thigh_up)
    )
    r_shank = (
        f.r_shank_down if f.r_shank_down is not None else (f.shank_up if f.mirror else -f.shank_up)
    )
    rk = _add(rh, _down(r_thigh), THIGH)
    ra = _add(rk, _down(r_shank), SHANK)
    sh_c = _add(hip_c, _up(f.trunk_up), TRUNK)
    ls = (sh_c[0] + HALF_SHOULDER * side, sh_c[1])
    rs = (sh_c[0] - HALF_SHOULDER * side, sh_c[1])
    le = _add(ls, _down(f.trunk_up + f.upper_arm_down), UPPER_ARM)
    lw = _add(le, _down(f.trunk_up + f.forearm_down), FOREARM)
    r_up = f.r_upper_arm_down if f.r_upper_arm_down is not None else f.upper_arm_down
    r_fo = f.r_forearm_down if f.r_forearm_down is not None else f.forearm_down
    sign = -1.0 if f.mirror else 1.0
    re = _add(rs, _down(f.trunk_up + sign * r_up), UPPER_ARM)
    rw = _add(re, _down(f.trunk_up + sign * r_fo), FOREARM)
    nose = _add(sh_c, _up(f.trunk_up), 60.0)
    points = {
        "nose": nose, "left_shoulder": ls, "right_shoulder": rs, "left_elbow": le,
        "right_elbow": re, "left_wrist": lw, "right_wrist": rw, "left_hip": lh, "right_hip": rh,
        "left_knee": lk, "right_knee": rk, "left_ankle": la, "right_ankle": ra,
    }  # fmt: skip
    for name, ankle in (("left", la), ("right", ra)):
        toes = (ankle[0] + toe[0], ankle[1] + toe[1])
        heel = _add(
            toes, (-math.cos(math.radians(f.foot_tilt)), -math.sin(math.radians(f.foot_tilt))), FOOT
        )
        points[f"{name}_foot_index"], points[f"{name}_heel"] = toes, heel
    if f.rotate:
        rad = math.radians(f.rotate)
        c, s = math.cos(rad), math.sin(rad)
        points = {
            k: (origin[0] + c * (x - origin[0]) - s * (y - origin[1]),
                origin[1] + s * (x - origin[0]) + c * (y - origin[1]))
            for k, (x, y) in points.items()
        }  # fmt: skip
    return points


def figure_pose(
    f: Figure,
    score: float = 0.9,
    jitter_px: float = 0.0,
    rng: np.random.Generator | None = None,
    names: tuple[str, ...] = BLAZEPOSE_NAMES,
    scale: float = 1.0,
) -> Pose:
    """Pose of ``f`` named like a backend (BlazePose by default; ``COCO17_NAMES`` for MoveNet).

    Landmarks the figure does not model sit at the nose with low confidence. ``scale`` shrinks
    or grows the figure about the left ankle's standing position (a smaller or more distant
    patient); ``jitter_px`` is Gaussian noise added to every coordinate after scaling.
    """
    points = figure_points(f)
    keypoints = np.zeros((len(names), 3), np.float32)
    for i, name in enumerate(names):
        if name in points:
            x, y = points[name]
            keypoints[i] = (x, y, score)
        else:
            keypoints[i] = (*points["nose"], 0.05)
    origin = np.asarray(figure_points(Figure())["left_ankle"], np.float32)
    keypoints[:, :2] = origin + (keypoints[:, :2] - origin) * scale
    if jitter_px and rng is not None:
        keypoints[:, :2] += rng.normal(0.0, jitter_px, (len(names), 2)).astype(np.float32)
    return Pose(keypoints=keypoints, names=names, score=score)


def interpolate(a: Figure, b: Figure, u: float) -> Figure:
    """Figure ``u`` of the way from ``a`` to ``b`` (numeric fields only)."""
    fields: dict[str, Any] = {}  # float fields of Figure only
    for name in a.__dataclass_fields__:
        va, vb = getattr(a, name), getattr(b, name)
        if isinstance(va, int | float) and isinstance(vb, int | float) and not isinstance(va, bool):
            fields[name] = va + (vb - va) * u
        elif va is None and isinstance(vb, int | float):
            raise ValueError(f"{name}: give it in both figures to interpolate")
    return replace(a, **fields)


def rep_sequence(
    start: Figure,
    turn: Figure,
    reps: int,
    rep_s: float = 2.0,
    fps: float = 30.0,
    rest_s: float = 1.0,
) -> Iterator[tuple[float, Figure]]:
    """``(timestamp_ms, figure)``: rest at start, then ``reps`` smooth start→turn→start cycles."""
    t = 0.0
    step = 1000.0 / fps
    for _ in range(int(rest_s * fps)):
        yield t, start
        t += step
    for _ in range(reps):
        for i in range(int(rep_s * fps)):
            u = (1.0 - math.cos(2.0 * math.pi * i / (rep_s * fps))) / 2.0
            yield t, interpolate(start, turn, u)
            t += step
        for _ in range(int(rest_s * fps)):
            yield t, start
            t += step
