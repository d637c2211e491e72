"""BlazePose through MediaPipe's legacy ``solutions.pose`` graph (mediapipe 0.10.21).

Timestamps: ``SolutionBase.process`` takes no timestamp; it stamps each packet with an
internal counter advanced by 33 333 µs per call (a simulated 30 fps), which would make
MediaPipe's landmark smoothing wrong for any other frame rate (the squat clip is 5 fps). The
counter is the attribute ``_simulated_timestamp``, incremented just before the packet is
built, so before each call this detector sets it such that the packet time is the caller's
``timestamp_ms`` (in µs, counted from the first frame since the last reset, plus one 33 333 µs
step). MediaPipe needs strictly increasing packet times, while the detector contract allows
equal timestamps: a repeated time is nudged forward by 1 µs. If a future mediapipe drops the
attribute, the detector logs a warning once and falls back to the simulated clock.

Golden comparisons with TF.js feed 33.333 ms steps whatever the clip's frame rate, because
that is how TF.js produced its goldens; live use should pass real capture times.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import numpy as np

from coach.pose.blazepose.constants import BLAZEPOSE33_NAMES, MODEL_COMPLEXITY
from coach.pose.blazepose.options import BlazePoseOptions
from coach.pose.detector import Frame, PoseDetector
from coach.pose.models.registry import blazepose_landmark_path
from coach.pose.timing import StageTiming
from coach.pose.types import Box, FloatArray, Pose

logger = logging.getLogger(__name__)

_SIMULATED_STEP_US = 33333  # what SolutionBase.process adds to its counter on every call


def import_mediapipe() -> Any:
    """``import mediapipe`` without it importing TensorFlow.

    MediaPipe 0.10.21's ``tasks/python/core/optional_dependencies.py`` tries
    ``from tensorflow.tools.docs import doc_controls`` (for its API docs only) and falls back
    to a no-op when TensorFlow is absent. With TensorFlow installed that try costs ~660 MB
    and seconds of start-up, so while mediapipe is first imported TensorFlow is made to look
    absent (``sys.modules`` entry ``None``); a later real ``import tensorflow`` still works.
    """
    if "mediapipe" in sys.modules or "tensorflow" in sys.modules:
        import mediapipe

        return mediapipe
    sys.modules["tensorflow"] = None  # type: ignore[assignment]
    try:
        import mediapipe
    finally:
        if sys.modules.get("tensorflow", 0) is None:
            del sys.modules["tensorflow"]
    return mediapipe


class BlazePoseDetector(StageTiming, PoseDetector):
    """BlazePose lite / full / heavy: 33 landmarks in image pixels, visibility as score.

    ``Pose.world_keypoints`` holds MediaPipe's world landmarks (metres, origin between the
    hips); ``Pose.coco17()`` gives the 17 COCO joints by name. The pose score is the mean
    landmark visibility (the legacy graph outputs no pose-level score) and the box encloses
    all 33 landmarks, clipped to the frame.
    """

    def __init__(self, name: str = "blazepose-full", options: BlazePoseOptions | None = None):
        super().__init__()
        if name not in MODEL_COMPLEXITY:
            raise ValueError(f"unknown BlazePose model {name!r}; valid: {sorted(MODEL_COMPLEXITY)}")
        self.name = name
        self.options = options or BlazePoseOptions()
        # Fail early with "run `coach models fetch NAME`" instead of mediapipe's download try.
        blazepose_landmark_path(name)
        self._solution = self._build_solution()
        self._first_timestamp_ms: float | None = None
        self._last_packet_us: int | None = None
        self._warned_clock = False

    def _build_solution(self) -> Any:
        mp = import_mediapipe()
        opts = self.options
        return mp.solutions.pose.Pose(
            static_image_mode=opts.static_image_mode,
            model_complexity=MODEL_COMPLEXITY[self.name],
            smooth_landmarks=opts.smooth_landmarks,
            enable_segmentation=False,
            min_detection_confidence=opts.min_detection_confidence,
            min_tracking_confidence=opts.min_tracking_confidence,
        )

    def _set_packet_time(self, timestamp_ms: float) -> None:
        if self._first_timestamp_ms is None:
            self._first_timestamp_ms = timestamp_ms
        packet_us = _SIMULATED_STEP_US + round((timestamp_ms - self._first_timestamp_ms) * 1000)
        if self._last_packet_us is not None and packet_us <= self._last_packet_us:
            packet_us = self._last_packet_us + 1
        self._last_packet_us = packet_us
        if hasattr(self._solution, "_simulated_timestamp"):
            self._solution._simulated_timestamp = packet_us - _SIMULATED_STEP_US
        elif not self._warned_clock:
            self._warned_clock = True
            logger.warning("mediapipe has no _simulated_timestamp; using its 30 fps clock")

    def _estimate(self, frame: Frame, timestamp_ms: float) -> list[Pose]:
        timed = self.timing_hook is not None
        started = time.perf_counter() if timed else 0.0
        self._set_packet_time(timestamp_ms)
        results = self._solution.process(frame)
        mark = self._lap("inference", started) if timed else 0.0
        poses = self._to_poses(results, frame.shape[1], frame.shape[0])
        if timed:
            self._lap("postprocess", mark)
            self._lap("estimate", started)
        return poses

    def _to_poses(self, results: Any, width: int, height: int) -> list[Pose]:
        if results.pose_landmarks is None:
            return []
        landmarks = results.pose_landmarks.landmark
        keypoints: FloatArray = np.array(
            [(lm.x * width, lm.y * height, lm.visibility) for lm in landmarks], dtype=np.float32
        )
        world: FloatArray | None = None
        if results.pose_world_landmarks is not None:
            world = np.array(
                [(lm.x, lm.y, lm.z) for lm in results.pose_world_landmarks.landmark],
                dtype=np.float32,
            )
        x_min, y_min = np.clip(keypoints[:, :2].min(axis=0), 0, [width, height])
        x_max, y_max = np.clip(keypoints[:, :2].max(axis=0), 0, [width, height])
        return [
            Pose(
                keypoints=keypoints,
                names=BLAZEPOSE33_NAMES,
                score=float(keypoints[:, 2].mean()),
                box=Box(float(x_min), float(y_min), float(x_max), float(y_max)),
                id=0,
                world_keypoints=world,
            )
        ]

    def reset(self) -> None:
        """Restart MediaPipe's graph (drops its tracking ROI and smoothing) and the clock."""
        super().reset()
        if not self.closed:
            self._solution.reset()
        self._first_timestamp_ms = None
        self._last_packet_us = None

    def close(self) -> None:
        if not self.closed:
            self._solution.close()
        super().close()
