"""``coach bench live``: how many live sessions one server process keeps up with.

Each simulated patient is what the app server does for one WebRTC peer, frame by frame, at the
camera's real rate: aiortc's own VP8 decoder (the codec the browser sends), ``rgb24``
conversion, :meth:`~coach.live.processor.LiveSessionProcessor.process_frame` (mailbox + overlay
drawing; its worker thread runs the pose model and the squat tracker), conversion back and
aiortc's VP8 encoder (what goes back to the browser). ``N`` sessions run at once in this one
process, each on its own thread, as aiortc runs them.

The camera side is made before timing: a real clip letterboxed to 640×480, resampled to 30 fps
by repeating frames, and VP8-encoded with aiortc's encoder (the browser's work, not the
server's). Packets stay in memory; no frame is written to disk.

A frame the server cannot start within one frame interval of its arrival is decoded (the VP8
reference chain needs it) but not processed or sent back, as a real-time receiver skips it:
counted in ``frames_late``. ``frames_skipped`` are frames the pose worker never saw because a
newer one replaced them in the mailbox.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from coach.bench.pose import Percentiles

#: Camera the browser is asked for (coach.app.components.live_video.VIDEO_CONSTRAINTS).
WIDTH_PX, HEIGHT_PX, FPS = 640, 480, 30
#: Per-frame stages timed in the session loop, in order.
STAGES = ("decode", "to_rgb", "process_frame", "to_yuv", "encode")
#: Bits per second of the simulated browser's VP8 stream.
BROWSER_BITRATE = 1_000_000
#: RTP video clock (90 kHz), the time base aiortc gives frames.
VIDEO_TIME_BASE = Fraction(1, 90_000)
RTP_TICKS_PER_FRAME = 90_000 // FPS
#: Processed frames per second a session needs to coach well (issue 12 sizing target).
TARGET_PROCESSED_FPS = 15.0


@dataclass(frozen=True, slots=True)
class SessionResult:
    """What one simulated patient's pipeline achieved.

    Attributes:
        frames_offered: camera frames that arrived during the run.
        frames_late: frames decoded but skipped because the server was over a frame behind.
        frames_returned: frames processed and sent back (VP8-encoded).
        frames_processed: frames the pose worker ran the model and tracker on.
        frames_skipped: frames replaced in the mailbox before the worker took them.
        processed_fps: ``frames_processed`` per second of the run.
        returned_fps: ``frames_returned`` per second of the run.
        latency_ms: arrival of a frame → its processed frame encoded (queueing included).
        pose_age_ms_p50: median age of the skeleton drawn on a returned frame.
        stage_cpu_ms_mean: mean CPU time per returned frame of each stage of the session
            thread (:data:`STAGES`), milliseconds (codec worker threads, if any, excluded).
        session_thread_cpu_s: CPU time of the session thread over the run (the pose
            worker's is the process's minus every session thread's).
        reps: squats the tracker counted (the clip has 2 complete squats per pass).
    """

    frames_offered: int
    frames_late: int
    frames_returned: int
    frames_processed: int
    frames_skipped: int
    processed_fps: float
    returned_fps: float
    latency_ms: Percentiles
    pose_age_ms_p50: float
    stage_cpu_ms_mean: dict[str, float]
    session_thread_cpu_s: float
    reps: int


@dataclass(frozen=True, slots=True)
class RunResult:
    """``sessions`` pipelines run at once for ``seconds``."""

    sessions: int
    seconds: float
    results: list[SessionResult]
    max_rss_mb: float
    load_average_1m: float
    cpu_s: float

    @property
    def cpu_ms_per_session_s(self) -> float:
        """Process CPU time (all threads) per second of one session: a load-proof cost."""
        return 1000.0 * self.cpu_s / (self.sessions * self.seconds)

    @property
    def cpu_ms_per_frame(self) -> float:
        """Process CPU time per returned frame: decode, model, tracking, drawing, encode."""
        returned = sum(r.frames_returned for r in self.results)
        return 1000.0 * self.cpu_s / returned if returned else float("nan")

    @property
    def worker_cpu_ms_per_processed_frame(self) -> float:
        """CPU time of the pose workers (model + tracking) per processed frame."""
        worker_s = self.cpu_s - sum(r.session_thread_cpu_s for r in self.results)
        processed = sum(r.frames_processed for r in self.results)
        return 1000.0 * worker_s / processed if processed else float("nan")

    @property
    def sessions_per_core_at_target(self) -> float:
        """CPU-time estimate: sessions one fully free core could run at the target fps."""
        return 1000.0 / (self.cpu_ms_per_frame * TARGET_PROCESSED_FPS)

    @property
    def min_processed_fps(self) -> float:
        return min(r.processed_fps for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "seconds": self.seconds,
            "min_processed_fps": round(self.min_processed_fps, 1),
            "max_rss_mb": round(self.max_rss_mb),
            "load_average_1m": round(self.load_average_1m, 2),
            "cpu_s": round(self.cpu_s, 2),
            "cpu_ms_per_session_s": round(self.cpu_ms_per_session_s),
            "cpu_ms_per_frame": round(self.cpu_ms_per_frame, 2),
            "worker_cpu_ms_per_processed_frame": round(self.worker_cpu_ms_per_processed_frame, 2),
            "sessions_per_core_at_target_estimate": round(self.sessions_per_core_at_target, 1),
            "per_session": [asdict(r) for r in self.results],
        }


@dataclass
class _Timings:
    stages: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STAGES})
    latency_ms: list[float] = field(default_factory=list)


def letterbox(frame_rgb: npt.NDArray[np.uint8], width: int, height: int) -> npt.NDArray[np.uint8]:
    """``frame_rgb`` scaled into ``width × height`` with black bands (aspect kept)."""
    import cv2

    scale = min(width / frame_rgb.shape[1], height / frame_rgb.shape[0])
    new_w, new_h = round(frame_rgb.shape[1] * scale), round(frame_rgb.shape[0] * scale)
    canvas = np.zeros((height, width, 3), np.uint8)
    x0, y0 = (width - new_w) // 2, (height - new_h) // 2
    canvas[y0 : y0 + new_h, x0 : x0 + new_w] = cv2.resize(
        frame_rgb, (new_w, new_h), interpolation=cv2.INTER_AREA
    )
    return canvas


def camera_packets(source: Path) -> list[bytes]:
    """One pass of ``source`` as a browser would send it: 640×480, 30 fps, VP8 frames.

    Encoded with libvpx in real-time mode at 1 Mbit/s (a browser's usual rate for 640×480).

    Raises:
        ValueError: the clip's frame rate does not divide 30 fps.
    """
    import av

    from coach.session.video import iter_video_frames, probe_video

    rate = probe_video(source).fps
    repeat = round(FPS / rate)
    if repeat < 1 or abs(FPS / rate - repeat) > 0.01:
        raise ValueError(f"{source}: {rate:.2f} fps does not divide {FPS} fps")
    codec = av.CodecContext.create("libvpx", "w")
    codec.width, codec.height, codec.pix_fmt = WIDTH_PX, HEIGHT_PX, "yuv420p"
    codec.bit_rate = BROWSER_BITRATE
    codec.time_base = Fraction(1, FPS)
    codec.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
    packets: list[bytes] = []
    index = 0
    for _, rgb in iter_video_frames(source):
        frame_rgb = letterbox(rgb, WIDTH_PX, HEIGHT_PX)
        for _ in range(repeat):
            frame = av.VideoFrame.from_ndarray(frame_rgb, format="rgb24").reformat(
                format="yuv420p"
            )
            frame.pts = index
            packets.extend(bytes(packet) for packet in codec.encode(frame))
            index += 1
    packets.extend(bytes(packet) for packet in codec.encode(None))
    return packets


def run_session(
    packets: Sequence[bytes],
    seconds: float,
    backend: str,
    start: threading.Barrier,
    out: list[SessionResult],
) -> None:
    """One patient's server pipeline at 30 fps for ``seconds``; appends its result to ``out``."""
    from aiortc.codecs.vpx import Vp8Decoder, Vp8Encoder
    from aiortc.jitterbuffer import JitterFrame

    from coach.exercises.library import load_library
    from coach.live.frames import rgb_to_video_frame
    from coach.live.processor import LiveSessionProcessor
    from coach.live.records import SetRef
    from coach.session.tracker import ExerciseTracker

    decoder, encoder = Vp8Decoder(), Vp8Encoder()
    processor = LiveSessionProcessor(backend=backend)
    tracker = ExerciseTracker(load_library().exercise("squat"))
    processor.begin_set(SetRef(item_index=0, exercise_key="squat", set_index=1), tracker)
    if not processor.wait_until_ready(120.0):
        raise RuntimeError(processor.detector_error or "pose model did not load")
    timings = _Timings()
    total = round(seconds * FPS)
    late = returned = 0
    interval_s = 1.0 / FPS
    start.wait()
    started_s = time.perf_counter()
    thread_cpu_started_s = time.thread_time()
    try:
        for index in range(total):
            due_s = started_s + index * interval_s
            wait_s = due_s - time.perf_counter()
            if wait_s > 0:
                time.sleep(wait_s)
            # Stage costs are this thread's CPU time (other load on the machine does not
            # inflate them); latency is wall time.
            cpu = [time.thread_time()]
            packet = packets[index % len(packets)]
            frames = decoder.decode(JitterFrame(packet, index * RTP_TICKS_PER_FRAME))
            cpu.append(time.thread_time())
            if not frames or time.perf_counter() - due_s > interval_s:
                late += 1
                continue
            image = frames[-1].to_ndarray(format="rgb24")
            cpu.append(time.thread_time())
            shown = processor.process_frame(image, index * interval_s * 1000.0)
            cpu.append(time.thread_time())
            out_frame = rgb_to_video_frame(shown)
            out_frame.pts, out_frame.time_base = index * RTP_TICKS_PER_FRAME, VIDEO_TIME_BASE
            cpu.append(time.thread_time())
            encoder.encode(out_frame, force_keyframe=index == 0)
            cpu.append(time.thread_time())
            timings.latency_ms.append((time.perf_counter() - due_s) * 1000.0)
            returned += 1
            for stage, began, ended in zip(STAGES, cpu[:-1], cpu[1:], strict=True):
                timings.stages[stage].append((ended - began) * 1000.0)
        elapsed_s = time.perf_counter() - started_s
        thread_cpu_s = time.thread_time() - thread_cpu_started_s
        processor.end_set()
        stats = processor.stats()
        state = processor.latest()
    finally:
        processor.close()
    reps = 0
    if state is not None and state.state is not None:
        reps = int(state.state.reps_completed)
    out.append(
        SessionResult(
            frames_offered=total,
            frames_late=late,
            frames_returned=returned,
            frames_processed=stats.frames_processed,
            frames_skipped=stats.frames_dropped,
            processed_fps=stats.frames_processed / elapsed_s,
            returned_fps=returned / elapsed_s,
            latency_ms=Percentiles.of(timings.latency_ms or [float("nan")]),
            pose_age_ms_p50=stats.pose_age_ms_median,
            stage_cpu_ms_mean={
                stage: round(float(np.mean(values)), 3) if values else float("nan")
                for stage, values in timings.stages.items()
            },
            session_thread_cpu_s=thread_cpu_s,
            reps=reps,
        )
    )


def run_sessions(
    packets: Sequence[bytes], sessions: int, seconds: float, backend: str
) -> RunResult:
    """``sessions`` pipelines at once, started together; each on its own thread."""
    cpu_started_s: list[float] = []
    # Timing starts when every model is loaded and the sessions are released together.
    start = threading.Barrier(sessions, action=lambda: cpu_started_s.append(time.process_time()))
    results: list[SessionResult] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            run_session(packets, seconds, backend, start, results)
        except BaseException as exc:  # reported by the caller
            errors.append(exc)
            start.abort()

    threads = [
        threading.Thread(target=target, name=f"coach-bench-live-{i}", daemon=True)
        for i in range(sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu_s = time.process_time() - cpu_started_s[0] if cpu_started_s else float("nan")
    if errors:
        raise errors[0]
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return RunResult(sessions, seconds, results, max_rss_mb, os.getloadavg()[0], cpu_s)
