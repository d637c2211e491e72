"""Options of the MoveNet backends (MediaPipe Tasks style: typed, defaulted, documented)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.pose.movenet.constants import (
    DEFAULT_MIN_POSE_SCORE,
    MULTIPOSE_MAX_POSES,
    TRACKER_MAX_AGE_MS,
)

Runtime = Literal["tflite", "savedmodel"]
TrackerType = Literal["bounding_box", "keypoint"]
_RUNTIMES = ("tflite", "savedmodel")
_TRACKERS = ("bounding_box", "keypoint")


def _check_common(owner: str, runtime: str, num_threads: int, min_pose_score: float) -> None:
    if runtime not in _RUNTIMES:
        raise ValueError(f"{owner}.runtime must be one of {_RUNTIMES}, got {runtime!r}")
    if num_threads < 1:
        raise ValueError(f"{owner}.num_threads must be >= 1, got {num_threads}")
    if not 0.0 <= min_pose_score <= 1.0:
        raise ValueError(f"{owner}.min_pose_score must be in 0..1, got {min_pose_score}")


@dataclass(frozen=True, slots=True)
class MoveNetOptions:
    """How a single-pose MoveNet detector (Lightning or Thunder) runs.

    Attributes:
        runtime: ``"tflite"`` (fast: the LiteRT interpreter with XNNPACK, no TensorFlow) or
            ``"savedmodel"`` (``tensorflow_hub.load``; accepts a TF Hub handle in
            ``model_source``).
        num_threads: CPU threads of the TFLite interpreter.
        model_source: ``None`` to use the model installed by ``coach models fetch``; else a
            ``.tflite`` path (tflite runtime) or a SavedModel folder / TF Hub handle or URL
            (savedmodel runtime).
        enable_cropping: crop around the person found in the previous frame (TF.js smart
            crop); off = always the whole frame, letterboxed to a square.
        enable_smoothing: One Euro filter on keypoints, driven by ``timestamp_ms``.
        min_pose_score: a pose whose score (mean of keypoint scores above 0.2) is lower is
            not returned (the result is ``[]``), and crop and filters restart.
    """

    runtime: Runtime = "tflite"
    num_threads: int = 2
    model_source: str | None = None
    enable_cropping: bool = True
    enable_smoothing: bool = True
    min_pose_score: float = DEFAULT_MIN_POSE_SCORE

    def __post_init__(self) -> None:
        _check_common("MoveNetOptions", self.runtime, self.num_threads, self.min_pose_score)


@dataclass(frozen=True, slots=True)
class MultiPoseOptions:
    """How the MultiPose MoveNet detector runs.

    Attributes:
        runtime: ``"tflite"`` or ``"savedmodel"``, as for :class:`MoveNetOptions`.
        num_threads: CPU threads of the TFLite interpreter.
        model_source: override of the installed model, as for :class:`MoveNetOptions`.
        min_pose_score: poses whose box score is lower are dropped.
        max_poses: at most this many poses (highest scores first), 1..6.
        enable_tracking: give poses ids that stay stable across frames.
        tracker_type: ``"bounding_box"`` (IoU of boxes) or ``"keypoint"`` (COCO OKS).
        tracker_max_age_ms: a track unseen for longer than this is forgotten.
        enable_smoothing: One Euro filter per track; applies only with ``enable_tracking``
            (a filter needs to know which pose of the last frame is the same person).
    """

    runtime: Runtime = "tflite"
    num_threads: int = 2
    model_source: str | None = None
    min_pose_score: float = DEFAULT_MIN_POSE_SCORE
    max_poses: int = MULTIPOSE_MAX_POSES
    enable_tracking: bool = True
    tracker_type: TrackerType = "bounding_box"
    tracker_max_age_ms: float = TRACKER_MAX_AGE_MS
    enable_smoothing: bool = True

    def __post_init__(self) -> None:
        _check_common("MultiPoseOptions", self.runtime, self.num_threads, self.min_pose_score)
        if not 1 <= self.max_poses <= MULTIPOSE_MAX_POSES:
            raise ValueError(
                f"MultiPoseOptions.max_poses must be in 1..{MULTIPOSE_MAX_POSES}, "
                f"got {self.max_poses}"
            )
        if self.tracker_type not in _TRACKERS:
            raise ValueError(
                f"MultiPoseOptions.tracker_type must be one of {_TRACKERS}, "
                f"got {self.tracker_type!r}"
            )
        if self.tracker_max_age_ms <= 0:
            raise ValueError("MultiPoseOptions.tracker_max_age_ms must be > 0")
