"""Assertions about detected poses shared by the pose tests."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coach.pose import COCO17_NAMES


def assert_upright_person(keypoints: npt.NDArray[np.float32], width: int, height: int) -> None:
    """Keypoints inside the image, and head above shoulders above hips above knees."""
    index = {name: i for i, name in enumerate(COCO17_NAMES)}
    assert np.all((keypoints[:, 0] >= 0) & (keypoints[:, 0] <= width))
    assert np.all((keypoints[:, 1] >= 0) & (keypoints[:, 1] <= height))

    def y(*names: str) -> float:
        return float(np.mean([keypoints[index[n], 1] for n in names]))

    assert y("nose") < y("left_shoulder", "right_shoulder") < y("left_hip", "right_hip")
    assert y("left_hip", "right_hip") < y("left_knee", "right_knee")
    assert keypoints[[index["nose"], index["left_shoulder"], index["left_hip"]], 2].min() > 0.3
