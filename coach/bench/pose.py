"""``coach bench pose``: per-stage latency of each pose backend on real frames.

For every backend the same frames go through ``estimate`` with a :class:`StageRecorder`
installed (preprocess, model inference, postprocess + smoothing, whole estimate), and,
interleaved frame by frame so both see the same machine load, through the bare model alone
(the runtime's ``run`` on a ready input tensor). ``estimate / bare inference`` shows what the
Python pipeline around the model costs.

BlazePose's bare figure times its landmark ``.tflite`` (the model MediaPipe runs per frame
while tracking) in the LiteRT interpreter with the same thread count, as MediaPipe's graph
cannot be split; its ``inference`` stage is the whole MediaPipe graph call.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from coach.bench.frames import VideoFrame
from coach.pose.timing import STAGES, StageRecorder

logger = logging.getLogger(__name__)

#: Backends of ``coach bench pose`` when none is named.
DEFAULT_BACKENDS: tuple[str, ...] = (
    "movenet-lightning",
    "movenet-thunder",
    "movenet-multipose",
    "blazepose-full",
)
#: Frames run before timing starts (interpreter warm-up, first-frame crop).
WARMUP_FRAMES = 5
#: Frame step fed as timestamps, ms (30 fps, as the reference feeds its clips).
FRAME_STEP_MS = 1000.0 / 30.0

BareInference = Callable[[], object]


@dataclass(frozen=True, slots=True)
class Percentiles:
    """Median and 95th percentile of a set of durations, milliseconds."""

    p50_ms: float
    p95_ms: float

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> Percentiles:
        values = np.asarray(samples_ms, dtype=np.float64)
        return cls(float(np.percentile(values, 50)), float(np.percentile(values, 95)))


@dataclass(frozen=True, slots=True)
class BackendTiming:
    """Timings of one backend over the benchmark frames.

    Attributes:
        backend: detector name.
        frames: frames timed (after warm-up).
        stages: percentiles per stage of ``estimate`` (``preprocess``, ``inference``,
            ``postprocess``, ``estimate``); a backend may not report every stage.
        bare_inference: the model alone on a ready input tensor.
        overhead: per frame, whole ``estimate`` minus its ``inference`` stage: what the
            pipeline around the model costs, a figure that machine load barely moves.
    """

    backend: str
    frames: int
    stages: dict[str, Percentiles] = field(default_factory=dict)
    bare_inference: Percentiles | None = None
    overhead: Percentiles | None = None

    @property
    def estimate_over_inference(self) -> float | None:
        """Whole ``estimate`` p50 divided by bare inference p50."""
        whole = self.stages.get("estimate")
        if whole is None or self.bare_inference is None or self.bare_inference.p50_ms <= 0:
            return None
        return whole.p50_ms / self.bare_inference.p50_ms

    def as_dict(self) -> dict[str, Any]:
        """Flat JSON-ready figures: ``estimate_ms_p50``, ``inference_ms_p50`` (bare)..."""
        out: dict[str, Any] = {"frames": self.frames}
        for stage, pct in self.stages.items():
            key = "stage_inference" if stage == "inference" else stage
            out[f"{key}_ms_p50"] = round(pct.p50_ms, 3)
            out[f"{key}_ms_p95"] = round(pct.p95_ms, 3)
        if self.bare_inference is not None:
            out["inference_ms_p50"] = round(self.bare_inference.p50_ms, 3)
            out["inference_ms_p95"] = round(self.bare_inference.p95_ms, 3)
        if self.overhead is not None:
            out["overhead_ms_p50"] = round(self.overhead.p50_ms, 3)
            out["overhead_ms_p95"] = round(self.overhead.p95_ms, 3)
        ratio = self.estimate_over_inference
        out["estimate_over_inference"] = round(ratio, 3) if ratio is not None else None
        return out


def _movenet_model_input(name: str, frame: npt.NDArray[np.uint8], side: int) -> Any:
    """The model input the detector would build for ``frame`` (not timed)."""
    import cv2

    from coach.pose.cropping import crop_and_resize, initial_crop_region

    if name == "movenet-multipose":
        height, width = frame.shape[:2]
        longest = max(width, height)
        image = np.zeros((side, side, 3), dtype=np.uint8)
        size = (round(side * width / longest), round(side * height / longest))
        image[: size[1], : size[0]] = cv2.resize(frame, size)
        return image
    image = np.empty((side, side, 3), dtype=np.uint8)
    height, width = frame.shape[:2]
    return crop_and_resize(frame, initial_crop_region(width, height, False), image)


def _bare_movenet(detector: Any, frame: npt.NDArray[np.uint8]) -> BareInference:
    runtime = detector.runtime
    image = _movenet_model_input(detector.name, frame, runtime.input_size)
    return lambda: runtime.run(image)


def _bare_blazepose(name: str, frame: npt.NDArray[np.uint8], num_threads: int) -> BareInference:
    import cv2

    from coach.pose.models.registry import blazepose_landmark_path
    from coach.pose.movenet.runtime_tflite import make_interpreter

    interpreter = make_interpreter(str(blazepose_landmark_path(name)), num_threads)
    detail = interpreter.get_input_details()[0]
    side = int(detail["shape"][1])
    image = cv2.resize(frame, (side, side)).astype(np.float32)[None] / 255.0

    def run() -> object:
        interpreter.set_tensor(detail["index"], image)
        interpreter.invoke()
        return None

    return run


def _time_ms(run: BareInference) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000.0


def bench_backend(
    name: str,
    frames: Sequence[VideoFrame],
    num_threads: int = 2,
    on_frame: Callable[[], None] | None = None,
) -> BackendTiming:
    """Time backend ``name`` on ``frames`` (cycled to warm-up + ``len(frames)`` calls).

    Raises:
        ModelNotInstalledError: the backend's model is not installed.
    """
    from coach.pose.factory import create_detector_with_threads

    recorder = StageRecorder()
    bare_ms: list[float] = []
    with create_detector_with_threads(name, num_threads) as detector:
        if name.startswith("blazepose"):
            bare = _bare_blazepose(name, frames[0].rgb, num_threads)
        else:
            bare = _bare_movenet(detector, frames[0].rgb)
        detector.set_timing_hook(recorder)  # type: ignore[attr-defined]
        total = WARMUP_FRAMES + len(frames)
        for i in range(total):
            if i == WARMUP_FRAMES:
                recorder.clear()
                bare_ms.clear()
            # Alternate which of the two runs first, so neither always finds the CPU caches
            # and thread pool warm from the other.
            if i % 2:
                bare_ms.append(_time_ms(bare))
            detector.estimate(frames[i % len(frames)].rgb, i * FRAME_STEP_MS)
            if not i % 2:
                bare_ms.append(_time_ms(bare))
            if on_frame is not None and i >= WARMUP_FRAMES:
                on_frame()
    samples = recorder.samples_ms
    stages = {s: Percentiles.of(samples[s]) for s in STAGES if samples[s]}
    overhead = None
    if samples["estimate"] and len(samples["inference"]) == len(samples["estimate"]):
        per_frame = np.subtract(samples["estimate"], samples["inference"])
        overhead = Percentiles.of(per_frame.tolist())
    return BackendTiming(name, len(frames), stages, Percentiles.of(bare_ms), overhead)


def default_video() -> Any:
    """``../shared/media/tfjs/pose_1.mp4``: 576×576, one person moving, 120 frames."""
    from coach import paths

    return paths.shared_media_dir() / "tfjs" / "pose_1.mp4"
