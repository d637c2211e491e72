"""BlazePose landmark names, model variants, and the mapping to COCO-17 by name."""

from __future__ import annotations

from coach.pose.keypoints import COCO17_NAMES

#: BlazePose's 33 landmarks in model output order (MediaPipe ``PoseLandmark``, lower case).
#: The 17 COCO joints keep their COCO names, so ``Pose.coco17()`` selects them by name; the
#: extra points (eye corners, mouth, hands, heels, foot index) stay available by name.
BLAZEPOSE33_NAMES: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)

#: Row of each COCO-17 keypoint in BlazePose's output, in COCO order (derived by name).
BLAZEPOSE_TO_COCO17_ROWS: tuple[int, ...] = tuple(
    BLAZEPOSE33_NAMES.index(name) for name in COCO17_NAMES
)

#: Registry name → MediaPipe ``model_complexity``.
MODEL_COMPLEXITY: dict[str, int] = {"blazepose-lite": 0, "blazepose-full": 1, "blazepose-heavy": 2}
