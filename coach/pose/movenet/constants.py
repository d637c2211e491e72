"""MoveNet model facts and the reference (TF.js pose-detection 2.1) tuning constants."""

from __future__ import annotations

from coach.pose.filters.one_euro import OneEuroParams

SINGLEPOSE_LIGHTNING = "movenet-lightning"
SINGLEPOSE_THUNDER = "movenet-thunder"
MULTIPOSE_LIGHTNING = "movenet-multipose"

#: Square input side (pixels) of each model. MultiPose's converted graph has a fixed input.
INPUT_SIZE: dict[str, int] = {
    SINGLEPOSE_LIGHTNING: 192,
    SINGLEPOSE_THUNDER: 256,
    MULTIPOSE_LIGHTNING: 256,
}

#: TF Hub handles of the same models, for users with internet (``model_source`` option).
#: Keypoint smoothing of the reference MoveNet detector (``KEYPOINT_FILTER_CONFIG``), in
#: normalised image units with value scaling disabled; ``KeypointSmoother`` applies it to
#: pixels by normalising speeds with the image size.
KEYPOINT_FILTER = OneEuroParams(
    frequency_hz=30.0,
    min_cutoff_hz=2.5,
    beta=300.0,
    derivative_cutoff_hz=2.5,
    threshold_cutoff=0.5,
    threshold_beta=5.0,
)

#: Poses whose score is below this are dropped (single-pose: mean of keypoint scores > 0.2).
DEFAULT_MIN_POSE_SCORE = 0.25
#: Keypoints counted in the single-pose score are those above this score.
POSE_SCORE_KEYPOINT_MIN = 0.2

NUM_KEYPOINTS = 17
#: MultiPose output row: 17 × (y, x, score), then box (y_min, x_min, y_max, x_max, score).
MULTIPOSE_ROW_SIZE = NUM_KEYPOINTS * 3 + 5
MULTIPOSE_BOX_START = NUM_KEYPOINTS * 3
MULTIPOSE_MAX_POSES = 6

#: Tracker defaults of the reference (``DEFAULT_*_TRACKER_CONFIG``).
TRACKER_MAX_TRACKS = 18
TRACKER_MAX_AGE_MS = 1000.0
BOX_TRACKER_MIN_SIMILARITY = 0.15
KEYPOINT_TRACKER_MIN_SIMILARITY = 0.2
#: Per-keypoint OKS falloff constants from COCO keypoint evaluation, COCO-17 order.
OKS_FALLOFF: tuple[float, ...] = (
    0.026,
    0.025,
    0.025,
    0.035,
    0.035,
    0.079,
    0.079,
    0.072,
    0.072,
    0.062,
    0.062,
    0.107,
    0.107,
    0.087,
    0.087,
    0.089,
    0.089,
)
OKS_KEYPOINT_MIN_SCORE = 0.3
OKS_MIN_KEYPOINTS = 4
