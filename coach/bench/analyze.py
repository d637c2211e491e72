"""``coach bench analyze``: end-to-end speed of ``coach analyze`` as a multiple of real time.

The clip is made on the fly: ``pose_1.mp4`` (576×576, 30 fps) letterboxed to 1280×720 and looped
to the requested length, encoded with PyAV into a temporary folder that is deleted afterwards
(no media is ever kept). Timing covers decoding, pose inference and analysis of every frame,
through the same :func:`~coach.cli.analyze.run_analysis` the command uses; model loading is
reported apart.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import typer
from rich.console import Console

from coach import paths

logger = logging.getLogger(__name__)
console = Console()

WIDTH_PX, HEIGHT_PX, FPS = 1280, 720, 30
#: What ``coach analyze`` should reach with Lightning on this clip (README target).
TARGET_REALTIME = 6.0


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


def analyze_bench_command(
    backend: str = typer.Option("movenet-lightning", "--backend", "-b", help="Pose backend."),
    exercise: str = typer.Option("squat", "--exercise", "-e", help="Exercise analysed."),
    seconds: float = typer.Option(12.0, "--seconds", help="Length of the generated clip."),
    threads: int = typer.Option(
        None, "--threads", min=1, help="Pose inference threads (default: as `coach analyze`)."
    ),
    decode_short_side: int = typer.Option(
        None, "--decode-short-side", min=16, help="As `coach analyze --decode-short-side`."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Time ``coach analyze`` on a generated 720p 30 fps clip; print the real-time multiple."""
    from coach.cli.analyze import build_trackers, create_analysis_detector, run_analysis
    from coach.exercises.library import load_library
    from coach.pose.threads import create_detector_with_measured_threads

    source = paths.shared_media_dir() / "tfjs" / "pose_1.mp4"
    if not source.is_file():
        console.print(f"[red]error:[/] {source} not found (set COACH_SHARED_DIR)")
        raise typer.Exit(2)
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
                clip,
                trackers,
                backend,
                show_progress=False,
                detector=detector,
                decode_short_side_px=decode_short_side,
            )
            wall_s = time.perf_counter() - started
            cpu_s = time.process_time() - cpu_started_s
    multiple = duration_s / wall_s
    result: dict[str, object] = {
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
        "realtime_multiple": round(multiple, 2),
        "target_realtime_multiple": TARGET_REALTIME,
    }
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    verdict = "[green]meets[/]" if multiple >= TARGET_REALTIME else "[red]below[/]"
    console.print(
        f"{backend}: analysed {result['clip']} in {wall_s:.2f} s "
        f"({result['fps']} fps) = [bold]{result['realtime_multiple']}× real time[/] "
        f"({verdict} the {TARGET_REALTIME:g}× target; model load {load_s:.1f} s not included)"
    )
