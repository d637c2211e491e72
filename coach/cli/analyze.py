"""``coach analyze VIDEO``: count reps, measure ROM, holds and balance in a recorded video."""

from __future__ import annotations

import contextlib
import logging
import math
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from coach.cli.inputs import (
    InputError,
    capped_threads,
    check_analyze_inputs,
    check_exercise_points,
)
from coach.cli.output import err_console, fail
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import load_library
from coach.session.offline import build_trackers, run_analysis
from coach.session.report import AnalysisReport, ExerciseReport
from coach.session.tracker import ExerciseTracker
from coach.session.video import VideoError

logger = logging.getLogger(__name__)
console = Console()


def _analyse_with_progress(
    video: Path,
    trackers: list[ExerciseTracker],
    backend: str,
    annotate: Path | None,
    threads: int | None,
    decode_short_side_px: int | None,
) -> AnalysisReport:
    from coach.render.annotated_video import AnnotatedClip

    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    clip = AnnotatedClip(annotate) if annotate is not None else contextlib.nullcontext()
    with clip as annotated, Progress(*columns, console=err_console) as bar:
        task = bar.add_task("frames", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return run_analysis(
            video,
            trackers,
            backend,
            progress=progress,
            on_frame=annotated.on_frame if annotated is not None else None,
            threads=threads,
            # the annotated video keeps the source size
            decode_short_side_px=decode_short_side_px if annotate is None else None,
        )


def _fmt(value: float | None, unit: str = "") -> str:
    """A whole number with its unit, or a dash when unmeasured (``None`` or NaN)."""
    return "—" if value is None or math.isnan(value) else f"{value:.0f}{unit}"


def rep_table(report: ExerciseReport) -> Table:
    """Per-rep ROM and tempo (with left/right arcs for two-sided exercises)."""
    sided = any(not math.isnan(rep.symmetry_index_pct) for rep in report.reps)
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
            f"  best ROM ({(report.rom_target_of or 'range').replace('_', ' ')}) "
            f"{report.best_rom_deg:.0f}° (target {_fmt(report.rom_target_deg, '°')})"
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


#: Exit code of ``coach analyze`` when the analysis ran but no person was seen in any frame.
NOBODY_SEEN_EXIT = 3


def analyze_command(
    video: Path = typer.Argument(..., help="Video file to analyse."),
    exercise: str = typer.Option(None, "--exercise", "-e", help="Exercise id."),
    routine: str = typer.Option(None, "--routine", "-r", help="Routine id (all its exercises)."),
    backend: str = typer.Option("movenet-lightning", "--backend", "-b", help="Pose backend."),
    json_path: Path = typer.Option(None, "--json", help="Write the JSON report here."),
    annotate: Path = typer.Option(
        None, "--annotate", help="Write an annotated video here (.mp4, .mov or .mkv)."
    ),
    exercises_root: Path = typer.Option(None, "--exercises-dir", help="Exercise library folder."),
    threads: int = typer.Option(
        None,
        "--threads",
        min=1,
        help="Pose inference threads (default: 1 or 2, whichever runs faster when timed at "
        "start; capped at the CPU count).",
    ),
    decode_short_side: int = typer.Option(
        None,
        "--decode-short-side",
        min=16,
        help="Decode frames scaled to this short side, px (default: full size, which "
        "measured cheaper than FFmpeg's scaler for 720p).",
    ),
) -> None:
    """Count reps, measure range of motion, holds and balance in a recorded video.

    Inputs and output paths are checked before any model loads: images, non-video files and
    clips smaller than 64×64 px are refused.

    Exit codes: 0 analysed; 2 bad input (message on stderr); 3 analysed, but nobody was seen
    in any frame (the report, if asked for, is still written).
    """
    if (exercise is None) == (routine is None):
        raise fail("give exactly one of --exercise ID or --routine ID")
    try:
        inference_threads, warning = capped_threads(threads)
        if warning:
            err_console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
        library = load_library(exercises_root)
        trackers = build_trackers(library, exercise, routine)
        check_analyze_inputs(video, backend, json_path, annotate)
        pairs = [(tracker.exercise, tracker.side) for tracker in trackers]
        for note in check_exercise_points(pairs, backend):
            err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False)
        report = _analyse_with_progress(
            video, trackers, backend, annotate, inference_threads, decode_short_side
        )
    except (ExerciseDefinitionError, VideoError, InputError) as exc:
        raise fail(str(exc)) from None
    except KeyError as exc:
        raise fail(str(exc.args[0])) from None
    except (ValueError, OSError) as exc:  # model not installed, disk full while writing
        raise fail(str(exc)) from None
    console.print(
        f"{report.video.path}: {report.video.frames} frames, {report.video.duration_s:.1f} s, "
        f"{report.backend}, person seen in {report.frames_with_pose} frames"
    )
    for item in report.exercises:
        print_exercise(item)
    if json_path is not None:
        try:
            json_path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise fail(f"--json {json_path}: cannot write ({exc.strerror or exc})") from None
        console.print(f"report written to {json_path}")
    if annotate is not None:
        console.print(f"annotated video written to {annotate}")
    if report.frames_with_pose == 0:
        err_console.print(
            f"nobody was seen in {escape(str(video))}: no frame had a confident pose. Check "
            "that the whole body is in view and well lit.",
            highlight=False,
        )
        raise typer.Exit(NOBODY_SEEN_EXIT)
