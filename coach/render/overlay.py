"""Overlay for annotated videos and the live view: skeleton, angle, counter, cue.

Colours are RGB (frames in this project are RGB). Sizes scale with the frame height so the
counter is readable on a phone-sized portrait clip and on a 1080p webcam alike.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from coach.pose.keypoints import COCO17_EDGES
from coach.pose.types import Pose
from coach.session.state import TrackerState

RgbFrame = npt.NDArray[np.uint8]

_BONE_RGB = (80, 200, 255)
_JOINT_RGB = (255, 255, 255)
_TEXT_RGB = (255, 255, 255)
_PANEL_RGB = (20, 20, 20)
_CUE_RGB = {"info": (90, 160, 255), "warning": (255, 190, 40), "safety": (240, 60, 60)}
_MIN_SCORE = 0.3


def _point(pose: Pose, name: str) -> tuple[int, int] | None:
    if not pose.has(name) or pose.keypoint_score(name) < _MIN_SCORE:
        return None
    x, y = pose.xy(name)
    return round(x), round(y)


def draw_skeleton(frame: RgbFrame, pose: Pose, scale: float) -> None:
    """Draw the COCO-17 bones and joints of ``pose`` onto ``frame`` in place."""
    import cv2

    thickness = max(2, round(3 * scale))
    for a, b in COCO17_EDGES:
        pa, pb = _point(pose, a), _point(pose, b)
        if pa is not None and pb is not None:
            cv2.line(frame, pa, pb, _BONE_RGB, thickness, cv2.LINE_AA)
    for name in pose.names:
        p = _point(pose, name)
        if p is not None:
            cv2.circle(frame, p, thickness + 1, _JOINT_RGB, -1, cv2.LINE_AA)


def _text(
    frame: RgbFrame, text: str, origin: tuple[int, int], size: float, rgb: tuple[int, int, int]
) -> None:
    import cv2

    thickness = max(1, round(2 * size))
    cv2.putText(
        frame, text, origin, cv2.FONT_HERSHEY_SIMPLEX, size, (0, 0, 0), thickness + 3, cv2.LINE_AA
    )
    cv2.putText(frame, text, origin, cv2.FONT_HERSHEY_SIMPLEX, size, rgb, thickness, cv2.LINE_AA)


def _headline(state: TrackerState) -> str:
    if state.kind in ("reps", "rom"):
        target = f"/{state.target_reps}" if state.target_reps else ""
        return f"{state.reps_completed}{target}"
    target = f"/{state.target_hold_s:.0f}" if state.target_hold_s else ""
    return f"{state.hold_s:.1f}{target} s"


def draw_state(frame: RgbFrame, pose: Pose | None, state: TrackerState, scale: float) -> None:
    """Draw the measured value at its joint, the counter or timer, and the current cue."""
    import cv2

    unit = {"deg": "deg", "pct": "%", "torso": "torso"}.get(state.measurement_unit, "")
    if pose is not None and state.measurement_keypoint and not math.isnan(state.measurement_value):
        p = _point(pose, state.measurement_keypoint)
        if p is not None:
            _text(
                frame,
                f"{state.measurement_value:.0f} {unit}",
                (p[0] + 12, p[1]),
                0.8 * scale,
                _TEXT_RGB,
            )
    height, width = frame.shape[:2]
    panel_h = round(110 * scale)
    cv2.rectangle(frame, (0, 0), (width, panel_h), _PANEL_RGB, -1)
    _text(frame, _headline(state), (round(15 * scale), round(80 * scale)), 2.2 * scale, _TEXT_RGB)
    _text(
        frame, state.exercise_name, (round(width * 0.45), round(40 * scale)), 0.8 * scale, _TEXT_RGB
    )
    status = state.phase if state.pose_visible else "no person in view"
    if state.fall_detected:
        status = "FALL DETECTED"
    _text(frame, status, (round(width * 0.45), round(85 * scale)), 0.8 * scale, _TEXT_RGB)
    if state.cue:
        rgb = _CUE_RGB.get(state.cue_severity or "info", _TEXT_RGB)
        _text(frame, state.cue, (round(15 * scale), height - round(30 * scale)), 0.9 * scale, rgb)


def draw_overlay(frame_rgb: RgbFrame, pose: Pose | None, state: TrackerState | None) -> RgbFrame:
    """A copy of ``frame_rgb`` with the skeleton, measured angle, counter/timer and cue drawn.

    Args:
        frame_rgb: ``H×W×3`` uint8 RGB frame (left untouched).
        pose: the patient's pose in the frame's pixels, or ``None``.
        state: the tracker's display state, or ``None`` to draw only the skeleton.
    """
    out = np.ascontiguousarray(frame_rgb).copy()
    scale = max(0.5, out.shape[0] / 720.0)
    if pose is not None:
        draw_skeleton(out, pose, scale)
    if state is not None:
        draw_state(out, pose, state, scale)
    return out
