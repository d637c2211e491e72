"""``coach analyze VIDEO``: count reps, measure ROM, holds and balance in a recorded video."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import ExerciseLibrary, load_library
from coach.pose.detector import PoseDetector
from coach.pose.types import Pose
from coach.session.report import AnalysisReport, ExerciseReport
from coach.session.state import TrackerState
from coach.session.tracker import ExerciseTracker
from coach.session.video import RgbFrame, VideoError, analyze_video, probe_video

logger = logging.getLogger(__name__)
console = Console()
err_console = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
    return typer.Exit(2)


def build_trackers(
    library: ExerciseLibrary, exercise_id: str | None, routine_id: str | None
) -> list[ExerciseTracker]:
    """Trackers for ``--exercise`` or every item of ``--routine`` (with its overrides).

    Raises:
        KeyError: unknown exercise or routine id (message lists the known ones).
    """
    if exercise_id is not None:
        return [ExerciseTracker(library.exercise(exercise_id))]
    assert routine_id is not None
    trackers = []
    for item in library.routine(routine_id).exercises:
        exercise = library.exercise(item.exercise)
        trackers.append(
            ExerciseTracker(exercise, side=item.side, targets=item.targets_for(exercise))
        )
    return trackers


def create_analysis_detector(backend: str, threads: int | None = None) -> PoseDetector:
    """The pose detector for offline analysis, with ``threads`` inference threads if it has any.

    ``None`` times 1 and 2 threads on this machine now and keeps the faster
    (:func:`coach.pose.threads.create_detector_with_measured_threads`). Decoding runs on its
    own, lower-priority thread (see :func:`coach.session.video.analyze_video`).
    """
    from coach.pose.factory import create_detector_with_threads
    from coach.pose.threads import create_detector_with_measured_threads

    if threads is None:
        return create_detector_with_measured_threads(backend)[0]
    return create_detector_with_threads(backend, threads)


def run_analysis(
    video: Path,
    trackers: Sequence[ExerciseTracker],
    backend: str,
    annotate: Path | None = None,
    show_progress: bool = True,
    threads: int | None = None,
    detector: PoseDetector | None = None,
    decode_short_side_px: int | None = None,
) -> AnalysisReport:
    """Decode, detect, track (and optionally write the annotated video) with a progress bar.

    ``detector``: an already loaded detector (the caller closes it); by default one is built
    for ``backend`` with ``threads`` and closed at the end. ``decode_short_side_px``: decode
    frames scaled to this short side (ignored with ``annotate``, which keeps the source size).
    """
    from coach.render.overlay import draw_overlay
    from coach.session.writer import AnnotatedVideoWriter

    probe = probe_video(video)
    writers: list[AnnotatedVideoWriter] = []

    def on_frame(
        timestamp_ms: float, rgb: RgbFrame, pose: Pose | None, states: Sequence[TrackerState]
    ) -> None:
        assert annotate is not None
        if not writers:  # sized by the first upright frame (phone clips may be rotated)
            writers.append(AnnotatedVideoWriter(annotate, rgb.shape[1], rgb.shape[0]))
        writers[0].write(timestamp_ms, draw_overlay(rgb, pose, states[0] if states else None))

    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    owned = (
        create_analysis_detector(backend, threads)
        if detector is None
        else contextlib.nullcontext(detector)
    )
    with owned as active, Progress(*columns, console=err_console, disable=not show_progress) as bar:
        task = bar.add_task("frames", total=probe.frame_count or None)
        try:
            return analyze_video(
                video,
                trackers,
                active,
                progress=lambda done, total: bar.update(task, completed=done),
                on_frame=on_frame if annotate is not None else None,
                max_short_side_px=decode_short_side_px if annotate is None else None,
            )
        finally:
            for writer in writers:
                writer.close()


def _fmt(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:.0f}{unit}"


def rep_table(report: ExerciseReport) -> Table:
    """Per-rep ROM and tempo (with left/right arcs for two-sided exercises)."""
    sided = any(rep.symmetry_index_pct is not None for rep in report.reps)
    columns = ["rep", "side", "start s", "ROM min°", "ROM max°", "ROM°", "ecc s", "con s"]
    table = Table(*columns, *(["L°", "R°", "L/R diff %"] if sided else []))
    for rep in report.reps:
        cells = [
            str(rep.index),
            rep.side,
            f"{rep.start_ms / 1000:.1f}",
            _fmt(rep.rom_min_deg),
            _fmt(rep.rom_max_deg),
            _fmt(rep.rom_deg),
            f"{rep.eccentric_s:.1f}",
            f"{rep.concentric_s:.1f}",
        ]
        if sided:
            cells += [
                _fmt(rep.rom_left_deg),
                _fmt(rep.rom_right_deg),
                _fmt(rep.symmetry_index_pct),
            ]
        table.add_row(*cells)
    return table


def print_exercise(report: ExerciseReport) -> None:
    """Readable summary of one exercise's results."""
    target = f" / {report.target_reps}" if report.target_reps else ""
    console.print(
        f"[bold]{report.name}[/] ({report.id}, side {report.side}): "
        f"[green]{report.reps_completed}{target} reps[/], {report.partial_reps} partial"
    )
    if report.reps:
        console.print(rep_table(report))
    for partial in report.partials:
        console.print(
            f"  partial {partial.start_ms / 1000:.1f}–{partial.end_ms / 1000:.1f} s: "
            f"{partial.reason.replace('_', ' ')}"
        )
    if report.best_rom_deg is not None:
        console.print(
            f"  best ROM {report.best_rom_deg:.0f}° (target {_fmt(report.rom_target_deg, '°')})"
        )
    if report.best_hold_s is not None:
        console.print(
            f"  longest hold {report.best_hold_s:.1f} s (target {_fmt(report.target_hold_s, ' s')})"
        )
    if report.balance is not None:
        b = report.balance
        sway = None if b.sway_path_per_height is None else 100 * b.sway_path_per_height
        console.print(
            f"  balance: {b.time_in_stance_s:.1f} s in stance, "
            f"{'lost (' + b.reason + ')' if b.lost else b.reason}; sway RMS "
            f"{_fmt(b.sway_rms_pct, '%')}, max {_fmt(b.sway_max_pct, '%')}, path "
            f"{_fmt(sway, '%')} of body height"
        )
    for cue in report.cues:
        console.print(
            f"  cue at {cue.timestamp_ms / 1000:.1f} s ({cue.severity}): {escape(cue.text)}"
        )
    for fall_ms in report.falls_ms:
        console.print(f"  [red]possible fall at {fall_ms / 1000:.1f} s[/]")


def analyze_command(
    video: Path = typer.Argument(..., help="Video file to analyse."),
    exercise: str = typer.Option(None, "--exercise", "-e", help="Exercise id."),
    routine: str = typer.Option(None, "--routine", "-r", help="Routine id (all its exercises)."),
    backend: str = typer.Option("movenet-lightning", "--backend", "-b", help="Pose backend."),
    json_path: Path = typer.Option(None, "--json", help="Write the JSON report here."),
    annotate: Path = typer.Option(None, "--annotate", help="Write an annotated MP4 here."),
    exercises_root: Path = typer.Option(None, "--exercises-dir", help="Exercise library folder."),
    threads: int = typer.Option(
        None,
        "--threads",
        min=1,
        help="Pose inference threads (default: 1 or 2, whichever runs faster when timed at start).",
    ),
    decode_short_side: int = typer.Option(
        None,
        "--decode-short-side",
        min=16,
        help="Decode frames scaled to this short side, px (default: full size, which "
        "measured cheaper than FFmpeg's scaler for 720p).",
    ),
) -> None:
    """Count reps, measure range of motion, holds and balance in a recorded video."""
    if (exercise is None) == (routine is None):
        raise _fail("give exactly one of --exercise ID or --routine ID")
    try:
        library = load_library(exercises_root)
        trackers = build_trackers(library, exercise, routine)
        report = run_analysis(
            video,
            trackers,
            backend,
            annotate,
            threads=threads,
            decode_short_side_px=decode_short_side,
        )
    except (ExerciseDefinitionError, VideoError) as exc:
        raise _fail(str(exc)) from None
    except KeyError as exc:
        raise _fail(str(exc.args[0])) from None
    except (ValueError, OSError) as exc:  # unknown backend, model not installed, unwritable
        raise _fail(str(exc)) from None
    console.print(
        f"{report.video.path}: {report.video.frames} frames, {report.video.duration_s:.1f} s, "
        f"{report.backend}, person seen in {report.frames_with_pose} frames"
    )
    for item in report.exercises:
        print_exercise(item)
    if json_path is not None:
        json_path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
        console.print(f"report written to {json_path}")
    if annotate is not None:
        console.print(f"annotated video written to {annotate}")
