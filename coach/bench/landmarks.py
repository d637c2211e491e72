"""``coach bench landmarks``: where one backend puts the hips, knees and ankles relative to
another, in the body's own frame, and what that does to the knee flexion at depth.

Why: the squat's rep-peak knee flexion differs by ~10 degrees between MoveNet Lightning and
BlazePose. This measures which keypoint causes it (each joint of the reference is swapped for
the other backend's, one at a time), and whether the offset is a landmark-definition constant
that a correction could remove: a constant is fitted on *fit clips* and judged on a different
clip, never on the clip it is judged on.

Body frame (per frame, from the measured backend's own keypoints, as a correction at run time
would have to use): ``along`` = the trunk axis from mid-hip to mid-shoulder (positive towards the
head), ``outward`` = perpendicular to it in the image, positive away from the body's midline on
that side. Offsets are in pixels and in torso lengths (mid-hip to mid-shoulder).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coach.kinematics.angles import angle_between_points_deg

logger = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]

#: Joints compared (both sides).
JOINTS: tuple[str, ...] = ("shoulder", "hip", "knee", "ankle")
#: Keypoints below this confidence in either backend leave the frame out.
MIN_SCORE = 0.3
#: Frames "at depth": the reference's knee flexion above this share of its largest.
DEPTH_SHARE = 0.7


@dataclass(frozen=True)
class KeypointTrack:
    """One backend's keypoints over a clip: ``xy[frame, keypoint]`` in pixels (NaN when no
    pose or below :data:`MIN_SCORE`)."""

    backend: str
    names: tuple[str, ...]
    xy: FloatArray

    def point(self, name: str) -> FloatArray:
        return self.xy[:, self.names.index(name), :]

    def mid(self, joint: str) -> FloatArray:
        return (self.point(f"left_{joint}") + self.point(f"right_{joint}")) / 2.0


def track_keypoints(video: Path, backend: str) -> KeypointTrack:
    """Run ``backend`` on every frame of ``video`` (frames stay in memory)."""
    from coach.bench.frames import read_video_frames
    from coach.pose.factory import create_detector, keypoint_names

    names = keypoint_names(backend)
    frames = read_video_frames(video)
    xy = np.full((len(frames), len(names), 2), np.nan)
    with create_detector(backend) as detector:
        for i, frame in enumerate(frames):
            poses = detector.estimate(frame.rgb, frame.timestamp_ms)
            if poses:
                keypoints = poses[0].keypoints.astype(np.float64)
                confident = keypoints[:, 2] >= MIN_SCORE
                xy[i][confident] = keypoints[confident, :2]
    return KeypointTrack(backend, names, xy)


@dataclass(frozen=True)
class JointOffset:
    """Median offset of one keypoint of ``backend`` from the reference's, in the body frame."""

    joint: str
    side: str
    frames: int
    along_px: float
    outward_px: float
    along_torso: float
    outward_torso: float


def _body_frame(track: KeypointTrack) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Unit trunk axis (towards the head), its image perpendicular, torso length (px)."""
    axis = track.mid("shoulder") - track.mid("hip")
    torso = np.linalg.norm(axis, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        along = axis / torso[:, None]
    across = np.stack([-along[:, 1], along[:, 0]], axis=1)
    return along, across, torso


def joint_offsets(reference: KeypointTrack, other: KeypointTrack) -> list[JointOffset]:
    """Offsets of every joint of ``other`` from ``reference`` (medians over shared frames)."""
    along, across, torso = _body_frame(other)
    out = []
    for joint in JOINTS:
        for side, opposite in (("left", "right"), ("right", "left")):
            d = other.point(f"{side}_{joint}") - reference.point(f"{side}_{joint}")
            lateral = other.point(f"{side}_hip") - other.point(f"{opposite}_hip")
            sign = np.sign(np.sum(lateral * across, axis=1))
            a = np.sum(d * along, axis=1)
            o = np.sum(d * across, axis=1) * sign
            ok = np.isfinite(a) & np.isfinite(o) & (torso > 0)
            if not ok.any():
                continue
            out.append(
                JointOffset(
                    joint=joint,
                    side=side,
                    frames=int(ok.sum()),
                    along_px=float(np.median(a[ok])),
                    outward_px=float(np.median(o[ok])),
                    along_torso=float(np.median(a[ok] / torso[ok])),
                    outward_torso=float(np.median(o[ok] / torso[ok])),
                )
            )
    return out


def knee_flexion_deg(hip: FloatArray, knee: FloatArray, ankle: FloatArray) -> FloatArray:
    """Knee flexion per frame (180 - included angle at the knee), degrees; NaN if unseen."""
    return np.array(
        [180.0 - angle_between_points_deg(tuple(h), tuple(k), tuple(a))
         for h, k, a in zip(hip, knee, ankle, strict=True)]
    )  # fmt: skip


def both_sides_flexion(sources: dict[str, KeypointTrack], hip_shift: float = 0.0) -> FloatArray:
    """Knee flexion averaged over both sides (as the squat's ``side: both`` does), taking each
    joint from the track ``sources[joint]``; ``hip_shift`` moves the hips along the hip
    track's own trunk axis by that many torso lengths (the correction under test)."""
    along, _, torso = _body_frame(sources["hip"])
    sides = []
    for side in ("left", "right"):
        hip = sources["hip"].point(f"{side}_hip") + hip_shift * along * torso[:, None]
        knee = sources["knee"].point(f"{side}_knee")
        ankle = sources["ankle"].point(f"{side}_ankle")
        sides.append(knee_flexion_deg(hip, knee, ankle))
    stacked = np.stack(sides)
    seen = np.isfinite(stacked)
    total = np.where(seen, stacked, 0.0).sum(axis=0)
    count = seen.sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)  # a hidden side is left out


@dataclass(frozen=True)
class DepthComparison:
    """Knee flexion at depth (frames where the reference bends its knees most).

    ``gap_deg``: median of ``other - reference`` at those frames; ``swap_deg[joint]``: the
    same with only that joint of the reference replaced by the other backend's (how much of
    the gap that joint carries); ``corrected_gap_deg``: the gap once the other backend's
    hips are shifted by ``hip_shift_torso``; ``gap_at_reference_peak_deg``: the gap on the
    reference's deepest frame alone (a peak-frame or lag effect would show as a smaller gap
    there than over all deep frames).
    """

    frames: int
    reference_peak_deg: float
    other_peak_deg: float
    gap_deg: float
    gap_at_reference_peak_deg: float
    swap_deg: dict[str, float]
    hip_shift_torso: float
    corrected_gap_deg: float


def compare_at_depth(
    reference: KeypointTrack, other: KeypointTrack, hip_shift_torso: float = 0.0
) -> DepthComparison:
    """Where ``other``'s knee flexion at depth differs from ``reference``'s, and why."""
    ref = both_sides_flexion(dict.fromkeys(("hip", "knee", "ankle"), reference))
    oth = both_sides_flexion(dict.fromkeys(("hip", "knee", "ankle"), other))
    top = np.nanmax(ref) if np.isfinite(ref).any() else math.nan
    deep = np.isfinite(ref) & np.isfinite(oth) & (ref >= DEPTH_SHARE * top)
    if not deep.any():
        nan = math.nan
        return DepthComparison(0, nan, nan, nan, nan, {}, hip_shift_torso, nan)
    swap = {}
    for joint in ("hip", "knee", "ankle"):
        sources = dict.fromkeys(("hip", "knee", "ankle"), reference)
        sources[joint] = other
        swap[joint] = float(np.nanmedian((both_sides_flexion(sources) - ref)[deep]))
    corrected = both_sides_flexion(dict.fromkeys(("hip", "knee", "ankle"), other), hip_shift_torso)
    peak = int(np.nanargmax(np.where(deep, ref, -np.inf)))
    return DepthComparison(
        frames=int(deep.sum()),
        reference_peak_deg=float(np.nanmax(ref[deep])),
        other_peak_deg=float(np.nanmax(oth[deep])),
        gap_deg=float(np.median((oth - ref)[deep])),
        gap_at_reference_peak_deg=float(oth[peak] - ref[peak]),
        swap_deg=swap,
        hip_shift_torso=hip_shift_torso,
        corrected_gap_deg=float(np.nanmedian((corrected - ref)[deep])),
    )


def fitted_hip_shift(offsets: list[list[JointOffset]]) -> float:
    """The hip correction (torso lengths along the trunk) that would move ``other``'s hips onto
    the reference's: minus the median of both hips' ``along`` offsets over the fit clips."""
    values = [o.along_torso for clip in offsets for o in clip if o.joint == "hip"]
    return -float(np.median(values)) if values else math.nan
