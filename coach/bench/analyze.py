"""``coach bench analyze``: end-to-end speed of ``coach analyze`` as a multiple of real time.

The clip is made on the fly: ``pose_1.mp4`` (576×576, 30 fps) letterboxed to 1280×720 and looped
to the requested length, encoded with PyAV into a temporary folder that is deleted afterwards
(no media is ever kept). Timing covers decoding, pose inference and analysis of every frame,
through the same :func:`~coach.session.offline.run_analysis` the command uses; model loading is
reported apart. A second pass times each stage on one thread (CPU time per frame), which gives
the budget the 6× target leaves whatever the load on the machine.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from coach import paths

if TYPE_CHECKING:
    from coach.pose.detector import PoseDetector
    from coach.session.tracker import ExerciseTracker

logger = logging.getLogger(__name__)

WIDTH_PX, HEIGHT_PX, FPS = 1280, 720, 30
#: What ``coach analyze`` should reach with Lightning on this clip (README target).
TARGET_REALTIME = 6.0
#: Per-frame stages of :func:`stage_costs`: the decode thread's, then the inference thread's.
DECODE_STAGES = ("decode", "to_rgb")
INFERENCE_STAGES = ("estimate", "patient_select", "tracking")


def make_720p_clip(source: Path, target: Path, loops: int) -> tuple[int, float]:
    """Letterbox ``source`` to 1280×720 at 30 fps, ``loops`` times over; returns frames, seconds."""
    import av
    import cv2

    from coach.session.video import iter_video_frames

    frames = [rgb for _, rgb in iter_video_frames(source)]
    count = 0
    with av.open(str(target), mode="w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH_PX, HEIGHT_PX, "yuv420p"
        stream.time_base = Fraction(1, FPS)
        for _ in range(loops):
            for rgb in frames:
                scale = HEIGHT_PX / rgb.shape[0]
                resized = cv2.resize(rgb, (round(rgb.shape[1] * scale), HEIGHT_PX))
                canvas = np.zeros((HEIGHT_PX, WIDTH_PX, 3), np.uint8)
                left = (WIDTH_PX - resized.shape[1]) // 2
                canvas[:, left : left + resized.shape[1]] = resized
                frame = av.VideoFrame.from_ndarray(canvas, format="rgb24")
                frame.pts = count
                for packet in stream.encode(frame):
                    container.mux(packet)
                count += 1
        for packet in stream.encode():
            container.mux(packet)
    return count, count / FPS


def stage_costs(
    clip: Path, detector: PoseDetector, trackers: Sequence[ExerciseTracker]
) -> dict[str, float]:
    """Mean CPU ms per frame of each stage of ``coach analyze``, run one after another.

    The same calls as :func:`coach.session.video.analyze_video`, but on one thread so that each
    is timed with that thread's CPU clock (which other load on the machine barely moves):
    :data:`DECODE_STAGES` run on the decode thread in ``coach analyze``, :data:`INFERENCE_STAGES`
    on the inference thread. Frames are decoded one at a time and never kept.
    """
    import av

    from coach.session.patient import PatientLock

    totals = dict.fromkeys(DECODE_STAGES + INFERENCE_STAGES, 0.0)
    detector.reset()
    patient = PatientLock()
    frames = 0
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "NONE"  # as coach analyze decodes
        decoded = container.decode(stream)
        while True:
            cpu = [time.thread_time()]
            frame = next(decoded, None)
            if frame is None:
                break
            cpu.append(time.thread_time())
            rgb = frame.to_ndarray(format="rgb24")
            cpu.append(time.thread_time())
            timestamp_ms = float(frame.time or 0.0) * 1000.0
            poses = detector.estimate(rgb, timestamp_ms)
            cpu.append(time.thread_time())
            pose = patient.select(poses, timestamp_ms, rgb.shape[1])
            cpu.append(time.thread_time())
            for tracker in trackers:
                tracker.update(timestamp_ms, pose)
            cpu.append(time.thread_time())
            for stage, began, ended in zip(totals, cpu[:-1], cpu[1:], strict=True):
                totals[stage] += ended - began
            frames += 1
    return {stage: round(1000.0 * total / max(frames, 1), 3) for stage, total in totals.items()}


def idle_realtime_estimate(stages_ms: dict[str, float]) -> float:
    """Real-time multiple on two otherwise idle cores, from :func:`stage_costs`.

    Decoding and inference overlap on their own threads, so the slower thread sets the pace.
    """
    decode_ms = sum(stages_ms[s] for s in DECODE_STAGES)
    inference_ms = sum(stages_ms[s] for s in INFERENCE_STAGES)
    return (1000.0 / FPS) / max(decode_ms, inference_ms)


def time_analysis(
    backend: str, exercise: str, seconds: float, threads: int | None, decode_short_side: int | None
) -> dict[str, object]:
    """Analyse a generated ``seconds``-long 720p30 clip; return the timings as a JSON-able dict.

    ``threads`` ``None`` times 1 and 2 inference threads first and keeps the faster, as
    ``coach analyze`` does (reported apart, with the model load).

    Raises:
        FileNotFoundError: the source clip (``shared/media/tfjs/pose_1.mp4``) is missing.
    """
    from coach.exercises.library import load_library
    from coach.pose.threads import create_detector_with_measured_threads
    from coach.session.offline import build_trackers, create_analysis_detector, run_analysis

    source = paths.shared_media_dir() / "tfjs" / "pose_1.mp4"
    if not source.is_file():
        raise FileNotFoundError(f"{source} not found (set COACH_SHARED_DIR)")
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        clip = Path(tmp) / "clip_720p30.mp4"
        frames, duration_s = make_720p_clip(source, clip, loops=max(1, round(seconds / 4.0)))
        started = time.perf_counter()
        # Model load (and, without --threads, timing 1 vs 2 threads), reported apart.
        if threads is None:
            detector, choice = create_detector_with_measured_threads(backend)
            threads = choice.threads
        else:
            detector = create_analysis_detector(backend, threads)
        load_s = time.perf_counter() - started
        trackers = build_trackers(load_library(), exercise, None)
        with detector:
            started = time.perf_counter()
            cpu_started_s = time.process_time()
            report = run_analysis(
                clip, trackers, backend, detector=detector, decode_short_side_px=decode_short_side
            )
            wall_s = time.perf_counter() - started
            cpu_s = time.process_time() - cpu_started_s
            stages_ms = stage_costs(clip, detector, build_trackers(load_library(), exercise, None))
    return {
        "backend": backend,
        "inference_threads": threads,
        "decoded_short_side_px": decode_short_side or HEIGHT_PX,
        "clip": f"{WIDTH_PX}x{HEIGHT_PX} {FPS} fps, {frames} frames, {duration_s:.1f} s",
        "frames_analysed": report.video.frames,
        "wall_s": round(wall_s, 2),
        "model_load_s": round(load_s, 2),
        "fps": round(report.video.frames / wall_s, 1),
        # CPU time of the whole process (all threads): what the work costs, whatever else
        # runs on the machine. On two idle cores wall time approaches cpu_s / 2 at best.
        "cpu_s": round(cpu_s, 2),
        "cpu_ms_per_frame": round(1000.0 * cpu_s / report.video.frames, 2),
        "realtime_multiple": round(duration_s / wall_s, 2),
        "target_realtime_multiple": TARGET_REALTIME,
        # A second, sequential pass: CPU ms per frame of each stage, and the budget they leave.
        "stage_cpu_ms": stages_ms,
        "frame_budget_ms_at_target": round(1000.0 / (FPS * TARGET_REALTIME), 2),
        "idle_two_core_realtime_estimate": round(idle_realtime_estimate(stages_ms), 2),
    }
