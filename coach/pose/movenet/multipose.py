"""MultiPose MoveNet: up to six people, letterboxed input, tracked ids, per-track smoothing."""

from __future__ import annotations

import time

import numpy as np

from coach.pose.detector import Frame, PoseDetector
from coach.pose.filters import KeypointSmoother
from coach.pose.keypoints import COCO17_NAMES
from coach.pose.movenet.constants import (
    BOX_TRACKER_MIN_SIMILARITY,
    INPUT_SIZE,
    KEYPOINT_FILTER,
    KEYPOINT_TRACKER_MIN_SIMILARITY,
    MULTIPOSE_LIGHTNING,
)
from coach.pose.movenet.decode import multipose_rows
from coach.pose.movenet.options import MultiPoseOptions
from coach.pose.movenet.runtime import ModelRuntime, load_runtime
from coach.pose.movenet.tracker import PoseTracker
from coach.pose.timing import StageTiming
from coach.pose.types import Box, FloatArray, Pose


class MoveNetMultiPoseDetector(StageTiming, PoseDetector):
    """MoveNet MultiPose Lightning on a fixed 256×256 input.

    Any frame is resized so its long side is 256 px and padded with black at the bottom or
    right (as the reference pads), so keypoints map back to pixels with one scale factor.
    Poses come best score first; ``id`` is the track id when tracking is on, else 0.
    """

    def __init__(self, options: MultiPoseOptions | None = None) -> None:
        super().__init__()
        self.name = MULTIPOSE_LIGHTNING
        self.options = options or MultiPoseOptions()
        opts = self.options
        self._runtime: ModelRuntime = load_runtime(
            self.name, opts.runtime, opts.num_threads, opts.model_source
        )
        side = INPUT_SIZE[self.name]
        if self._runtime.input_size != side:
            raise ValueError(f"{self.name}: model input is {self._runtime.input_size}, not {side}")
        self._model_input = np.zeros((side, side, 3), dtype=np.uint8)
        self._letterbox_for: tuple[int, int] | None = None
        min_similarity = (
            KEYPOINT_TRACKER_MIN_SIMILARITY
            if opts.tracker_type == "keypoint"
            else BOX_TRACKER_MIN_SIMILARITY
        )
        self._tracker = PoseTracker(opts.tracker_type, min_similarity, opts.tracker_max_age_ms)
        self._smoothers: dict[int, KeypointSmoother] = {}

    @property
    def runtime(self) -> ModelRuntime:
        """The model runtime (for benchmarks timing bare inference)."""
        return self._runtime

    def _letterbox(self, frame: Frame) -> float:
        """Resize ``frame`` into the model input; returns image pixels per input unit."""
        import cv2

        height, width = frame.shape[:2]
        side = self._model_input.shape[0]
        longest = max(width, height)
        resized_w = max(1, round(side * width / longest))
        resized_h = max(1, round(side * height / longest))
        if self._letterbox_for != (width, height):
            self._model_input.fill(0)  # the padding stays black for later frames
            self._letterbox_for = (width, height)
        self._model_input[:resized_h, :resized_w] = cv2.resize(
            frame, (resized_w, resized_h), interpolation=cv2.INTER_LINEAR
        )
        return float(longest)

    def _estimate(self, frame: Frame, timestamp_ms: float) -> list[Pose]:
        timed = self.timing_hook is not None
        started = time.perf_counter() if timed else 0.0
        pixels_per_unit = self._letterbox(frame)
        mark = self._lap("preprocess", started) if timed else 0.0
        raw = self._runtime.run(self._model_input)
        mark = self._lap("inference", mark) if timed else 0.0
        opts = self.options
        people = multipose_rows(raw, pixels_per_unit, opts.min_pose_score, opts.max_poses)
        poses = self._track_and_smooth(people, timestamp_ms, frame.shape[1], frame.shape[0])
        if timed:
            self._lap("postprocess", mark)
            self._lap("estimate", started)
        return poses

    def _track_and_smooth(
        self,
        people: list[tuple[FloatArray, Box, float]],
        timestamp_ms: float,
        width: int,
        height: int,
    ) -> list[Pose]:
        if not self.options.enable_tracking:
            return [Pose(kp, COCO17_NAMES, score, box, 0) for kp, box, score in people]
        ids = self._tracker.assign([(kp, box) for kp, box, _ in people], timestamp_ms)
        poses = []
        for (keypoints, box, score), track_id in zip(people, ids, strict=True):
            if self.options.enable_smoothing:
                smoother = self._smoothers.setdefault(track_id, KeypointSmoother(KEYPOINT_FILTER))
                keypoints = smoother.apply(keypoints, timestamp_ms, (width, height))
            poses.append(Pose(keypoints, COCO17_NAMES, score, box, track_id))
        live = self._tracker.track_ids
        for stale in [i for i in self._smoothers if i not in live]:
            del self._smoothers[stale]
        return poses

    def reset(self) -> None:
        """Forget tracks and per-track filters."""
        super().reset()
        self._tracker.reset()
        self._smoothers.clear()

    def close(self) -> None:
        if not self.closed:
            self._runtime.close()
        super().close()
