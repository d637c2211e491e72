"""Single-pose MoveNet (Lightning 192, Thunder 256) with smart cropping and smoothing.

Per frame, as the TF.js reference detector does: crop the frame where the person was (see
:mod:`coach.pose.cropping`), run the model on the crop, map keypoints back to image pixels,
drop the pose when its score is below ``min_pose_score`` (and restart crop and filters),
smooth keypoints with the One Euro filter, then derive and low-pass the next crop from the
smoothed keypoints.
"""

from __future__ import annotations

import time

import numpy as np

from coach.pose.cropping import (
    CROP_FILTER_ALPHA,
    CropRegion,
    crop_and_resize,
    initial_crop_region,
    next_crop_region,
)
from coach.pose.detector import Frame, PoseDetector
from coach.pose.filters import KeypointSmoother, LowPassFilter
from coach.pose.keypoints import COCO17_NAMES
from coach.pose.movenet.constants import INPUT_SIZE, KEYPOINT_FILTER
from coach.pose.movenet.decode import keypoints_box, single_pose_keypoints, single_pose_score
from coach.pose.movenet.options import MoveNetOptions
from coach.pose.movenet.runtime import ModelRuntime, load_runtime
from coach.pose.timing import StageTiming
from coach.pose.types import FloatArray, Pose


class MoveNetSinglePoseDetector(StageTiming, PoseDetector):
    """MoveNet SinglePose: at most one pose per frame, ``id`` 0, COCO-17 keypoints.

    Args:
        name: ``movenet-lightning`` or ``movenet-thunder``.
        options: see :class:`MoveNetOptions`.

    Raises:
        ModelNotInstalledError: the model is not fetched (and no ``model_source`` is given).
    """

    def __init__(self, name: str, options: MoveNetOptions | None = None) -> None:
        super().__init__()
        if name not in ("movenet-lightning", "movenet-thunder"):
            raise ValueError(f"not a single-pose MoveNet model: {name!r}")
        self.name = name
        self.options = options or MoveNetOptions()
        opts = self.options
        self._runtime: ModelRuntime = load_runtime(
            name, opts.runtime, opts.num_threads, opts.model_source
        )
        side = INPUT_SIZE[name]
        if self._runtime.input_size != side:
            raise ValueError(f"{name}: model input is {self._runtime.input_size}, expected {side}")
        self._model_input = np.zeros((side, side, 3), dtype=np.uint8)
        self._smoother = KeypointSmoother(KEYPOINT_FILTER)
        self._crop_filter = LowPassFilter(CROP_FILTER_ALPHA)
        self._crop: CropRegion | None = None
        self._frame_size: tuple[int, int] | None = None

    @property
    def runtime(self) -> ModelRuntime:
        """The model runtime (for benchmarks timing bare inference)."""
        return self._runtime

    @property
    def crop_region(self) -> CropRegion | None:
        """Crop to be used on the next frame (``None`` before the first frame or after reset)."""
        return self._crop

    def _crop_for(self, width: int, height: int) -> CropRegion:
        if self._frame_size != (width, height):
            self._restart_tracking()  # crops and filters are in the old frame's pixels
            self._frame_size = (width, height)
        if not self.options.enable_cropping:
            return initial_crop_region(width, height, first_frame=False)
        if self._crop is None:
            self._crop = initial_crop_region(width, height, first_frame=True)
        return self._crop

    def _estimate(self, frame: Frame, timestamp_ms: float) -> list[Pose]:
        timed = self.timing_hook is not None
        started = time.perf_counter() if timed else 0.0
        height, width = frame.shape[:2]
        region = self._crop_for(width, height)
        crop_and_resize(frame, region, self._model_input)
        mark = self._lap("preprocess", started) if timed else 0.0
        raw = self._runtime.run(self._model_input)
        mark = self._lap("inference", mark) if timed else 0.0
        poses = self._postprocess(raw, region, timestamp_ms, width, height)
        if timed:
            self._lap("postprocess", mark)
            self._lap("estimate", started)
        return poses

    def _postprocess(
        self, raw: FloatArray, region: CropRegion, timestamp_ms: float, width: int, height: int
    ) -> list[Pose]:
        keypoints = single_pose_keypoints(raw)
        score = single_pose_score(keypoints)
        if score < self.options.min_pose_score:
            self._restart_tracking()
            return []
        keypoints[:, :2] = region.to_image(keypoints[:, :2])
        if self.options.enable_smoothing:
            keypoints = self._smoother.apply(keypoints, timestamp_ms, (width, height))
        if self.options.enable_cropping:
            target = next_crop_region(keypoints, width, height)
            self._crop = CropRegion.from_array(self._crop_filter.apply(target.as_array()))
        return [
            Pose(
                keypoints=keypoints,
                names=COCO17_NAMES,
                score=score,
                box=keypoints_box(keypoints, width, height),
                id=0,
            )
        ]

    def _restart_tracking(self) -> None:
        self._crop = None
        self._crop_filter.reset()
        self._smoother.reset()

    def reset(self) -> None:
        """Forget the crop region, the crop filter and the keypoint filter."""
        super().reset()
        self._restart_tracking()
        self._frame_size = None

    def close(self) -> None:
        if not self.closed:
            self._runtime.close()
        super().close()
