"""Turn raw MoveNet outputs into pixel keypoints, scores and boxes (pure NumPy)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.pose.movenet.constants import (
    MULTIPOSE_BOX_START,
    MULTIPOSE_ROW_SIZE,
    NUM_KEYPOINTS,
    POSE_SCORE_KEYPOINT_MIN,
)
from coach.pose.types import Box, FloatArray


def single_pose_keypoints(raw: npt.NDArray[np.float32]) -> FloatArray:
    """``[1, 1, 17, 3]`` (y, x, score) → ``(17, 3)`` (x, y, score), still normalised."""
    yxs = raw.reshape(NUM_KEYPOINTS, 3)
    return np.ascontiguousarray(yxs[:, [1, 0, 2]], dtype=np.float32)


def single_pose_score(keypoints: FloatArray) -> float:
    """Mean score of the keypoints scoring above 0.2, or 0 when none does (reference rule)."""
    scores = keypoints[:, 2]
    confident = scores[scores > POSE_SCORE_KEYPOINT_MIN]
    return float(confident.mean()) if confident.size else 0.0


def keypoints_box(keypoints: FloatArray, width: int, height: int) -> Box | None:
    """Box (pixels, clipped to the frame) around keypoints scoring above 0.2, if any."""
    seen = keypoints[keypoints[:, 2] > POSE_SCORE_KEYPOINT_MIN, :2]
    if seen.shape[0] == 0:
        return None
    x_min, y_min = np.clip(seen.min(axis=0), 0, [width, height])
    x_max, y_max = np.clip(seen.max(axis=0), 0, [width, height])
    return Box(float(x_min), float(y_min), float(x_max), float(y_max))


def multipose_rows(
    raw: npt.NDArray[np.float32], pixels_per_unit: float, min_pose_score: float, max_poses: int
) -> list[tuple[FloatArray, Box, float]]:
    """Decode ``[1, 6, 56]`` MultiPose output into ``(keypoints, box, score)`` per person.

    Args:
        raw: model output; coordinates normalised to the square letterboxed input.
        pixels_per_unit: image pixels per normalised unit (the letterbox side in image
            pixels, ``max(width, height)``, as the image is padded at the bottom/right).
        min_pose_score: rows whose box score is lower are dropped.
        max_poses: keep at most this many, highest score first.
    """
    rows = raw.reshape(-1, MULTIPOSE_ROW_SIZE)
    scores = rows[:, MULTIPOSE_BOX_START + 4]
    order = [int(i) for i in np.argsort(-scores) if scores[i] >= min_pose_score][:max_poses]
    people: list[tuple[FloatArray, Box, float]] = []
    for i in order:
        keypoints = single_pose_keypoints(rows[i, :MULTIPOSE_BOX_START])
        keypoints[:, :2] *= pixels_per_unit
        y_min, x_min, y_max, x_max = (float(v) * pixels_per_unit for v in rows[i, -5:-1])
        people.append((keypoints, Box(x_min, y_min, x_max, y_max), float(scores[i])))
    return people
