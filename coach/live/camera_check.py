"""Camera set-up check before a set: can the camera see what this exercise needs?

Pure functions on one :class:`~coach.pose.types.Pose` (image pixels, origin top-left, y down).
The answer is in plain words for a patient at home: which body parts are out of view, whether
to step back or come closer, and whether to face the camera or turn sideways.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from coach.pose.types import Pose

#: Keypoints below this confidence count as not seen (MoveNet and BlazePose scores, 0..1).
MIN_KEYPOINT_SCORE = 0.3
#: Body taller than this fraction of the frame height: too close to move freely.
MAX_BODY_HEIGHT_FRACTION = 0.92
#: Body shorter than this fraction of the frame height: too far for reliable angles.
MIN_BODY_HEIGHT_FRACTION = 0.35
#: Keypoints within this fraction of the frame size from an edge are at risk of leaving it.
EDGE_MARGIN_FRACTION = 0.02
#: Shoulder width / torso length above which the patient faces the camera (side view wants less).
FACING_MIN_RATIO = 0.45
#: Shoulder width / torso length below which the patient stands sideways (front view wants more).
SIDEWAYS_MAX_RATIO = 0.2

_PLAIN_PART = {
    "nose": "head", "eye": "head", "ear": "head", "mouth": "head",
    "shoulder": "shoulders", "elbow": "elbows", "wrist": "hands", "hand": "hands",
    "pinky": "hands", "index": "hands", "thumb": "hands", "hip": "hips", "knee": "knees",
    "ankle": "feet", "heel": "feet", "foot": "feet",
}  # fmt: skip


class CameraView(StrEnum):
    """How the patient should stand relative to the camera."""

    FRONT = "front"
    SIDE = "side"


class ProblemCode(StrEnum):
    """What is wrong with the camera set-up."""

    NOBODY = "nobody"
    PARTS_OUT_OF_VIEW = "parts_out_of_view"
    TOO_CLOSE = "too_close"
    TOO_FAR = "too_far"
    FACE_CAMERA = "face_camera"
    TURN_SIDEWAYS = "turn_sideways"


@dataclass(frozen=True, slots=True)
class CameraProblem:
    """One thing to fix, with the words to show (and speak) to the patient."""

    code: ProblemCode
    message: str


@dataclass(frozen=True, slots=True)
class CameraCheck:
    """Result of :func:`check_camera`: ``ok`` when there is nothing to fix."""

    problems: tuple[CameraProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        """All problems as one sentence list, or a go-ahead."""
        if self.ok:
            return "Good, I can see you. You are ready."
        return " ".join(problem.message for problem in self.problems)


def plain_part_name(keypoint_name: str) -> str:
    """Everyday word for a keypoint: ``left_ankle`` → ``feet``, ``nose`` → ``head``."""
    base = keypoint_name.removeprefix("left_").removeprefix("right_").split("_")[0]
    return _PLAIN_PART.get(base, base.replace("_", " "))


def _join_words(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def check_camera(
    pose: Pose | None,
    frame_width_px: int,
    frame_height_px: int,
    view: CameraView | str,
    required_keypoints: Sequence[str],
) -> CameraCheck:
    """Tell the patient what to change so the camera sees what the exercise needs.

    Args:
        pose: The best pose in the frame, or ``None`` when nobody was found.
        frame_width_px: Frame width in pixels.
        frame_height_px: Frame height in pixels.
        view: The exercise's camera view (``front`` or ``side``).
        required_keypoints: Keypoint names the exercise measures (e.g. hips, knees, ankles).

    Returns:
        The problems found, most important first; empty when the set-up is good.

    Raises:
        ValueError: non-positive frame size or an unknown view.
    """
    if frame_width_px <= 0 or frame_height_px <= 0:
        raise ValueError(f"frame size must be positive, got {frame_width_px}×{frame_height_px}")
    camera_view = CameraView(view)
    if pose is None:
        return CameraCheck((CameraProblem(ProblemCode.NOBODY, _NOBODY),))
    problems: list[CameraProblem] = []
    # A point this backend never produces (BlazePose's heel on MoveNet) cannot be asked for:
    # the exercise then measures on the points the backend has.
    missing = [
        name
        for name in required_keypoints
        if pose.has(name) and not _seen_in_frame(pose, name, frame_width_px, frame_height_px)
    ]
    body_height = _body_height_fraction(pose, frame_height_px)
    at_edge = _touches_edge(pose, frame_width_px, frame_height_px)
    if missing:
        parts = _join_words(list(dict.fromkeys(plain_part_name(name) for name in missing)))
        message = f"I can't see your {parts}. Move so they are in the picture."
        problems.append(CameraProblem(ProblemCode.PARTS_OUT_OF_VIEW, message))
    if body_height > MAX_BODY_HEIGHT_FRACTION or (missing and at_edge):
        problems.append(CameraProblem(ProblemCode.TOO_CLOSE, _TOO_CLOSE))
    elif not missing and 0 < body_height < MIN_BODY_HEIGHT_FRACTION:
        problems.append(CameraProblem(ProblemCode.TOO_FAR, _TOO_FAR))
    problems.extend(_view_problems(pose, camera_view))
    return CameraCheck(tuple(problems))


_TOO_CLOSE = "You are too close. Step back a little."
_TOO_FAR = "You are far away. Come a little closer."
_TURN_SIDEWAYS = "Turn sideways so the camera sees your side."
# "Get into position", not "stand": some exercises are done sitting or lying down.
_NOBODY = "I can't see you. Get into position so the camera sees your whole body."


def _seen(pose: Pose, name: str) -> bool:
    return pose.has(name) and pose.keypoint_score(name) >= MIN_KEYPOINT_SCORE


def _seen_in_frame(pose: Pose, name: str, frame_width_px: int, frame_height_px: int) -> bool:
    if not _seen(pose, name):
        return False
    x, y = pose.xy(name)
    return 0 <= x < frame_width_px and 0 <= y < frame_height_px


def _confident_rows(pose: Pose) -> npt.NDArray[np.float64]:
    rows = pose.keypoints[pose.keypoints[:, 2] >= MIN_KEYPOINT_SCORE]
    return np.asarray(rows, dtype=np.float64)


def _body_height_fraction(pose: Pose, frame_height_px: int) -> float:
    rows = _confident_rows(pose)
    if len(rows) < 2:
        return 0.0
    return float(rows[:, 1].max() - rows[:, 1].min()) / frame_height_px


def _touches_edge(pose: Pose, frame_width_px: int, frame_height_px: int) -> bool:
    rows = _confident_rows(pose)
    if len(rows) == 0:
        return False
    margin_x = EDGE_MARGIN_FRACTION * frame_width_px
    margin_y = EDGE_MARGIN_FRACTION * frame_height_px
    return bool(
        rows[:, 0].min() < margin_x
        or rows[:, 0].max() > frame_width_px - margin_x
        or rows[:, 1].min() < margin_y
        or rows[:, 1].max() > frame_height_px - margin_y
    )


def _view_problems(pose: Pose, view: CameraView) -> list[CameraProblem]:
    names = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if not all(_seen(pose, name) for name in names):
        return []  # Without the torso the orientation is unknown; the parts message covers it.
    ls, rs, lh, rh = (np.array(pose.xy(name)) for name in names)
    torso_px = float(np.linalg.norm((ls + rs) / 2 - (lh + rh) / 2))
    if torso_px <= 0:
        return []
    ratio = float(np.linalg.norm(ls - rs)) / torso_px
    if view is CameraView.SIDE and ratio > FACING_MIN_RATIO:
        return [CameraProblem(ProblemCode.TURN_SIDEWAYS, _TURN_SIDEWAYS)]
    if view is CameraView.FRONT and ratio < SIDEWAYS_MAX_RATIO:
        return [CameraProblem(ProblemCode.FACE_CAMERA, "Turn to face the camera.")]
    return []
