"""Checks of command-line inputs and output paths, run before any model or decoder starts.

Each check raises :class:`InputError` with one line naming the option and the path, so a
mistyped ``--json`` folder fails in a second instead of after the whole analysis.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from coach.exercises.schema import ExerciseDefinition

logger = logging.getLogger(__name__)

#: Containers the annotated-video writer (H.264) can produce, by file suffix.
VIDEO_OUTPUT_SUFFIXES = (".mp4", ".mov", ".mkv")


class InputError(ValueError):
    """A command-line input or output path that cannot work; the message says why."""


def check_output_file(
    path: Path,
    option: str,
    *,
    inputs: Sequence[Path] = (),
    suffixes: Sequence[str] = (),
) -> None:
    """Refuse an output file path that cannot be written, before any work starts.

    Args:
        path: where the command will write.
        option: the option's name for the message (``--json``).
        inputs: input files that must not be overwritten by this output.
        suffixes: accepted file suffixes (lower case); empty accepts any.

    Raises:
        InputError: a folder, a missing or unwritable folder, an unwritable file, an input
            file, or a suffix the writer cannot produce.
    """
    if path.is_dir():
        raise InputError(f"{option} {path}: is a folder; give a file name inside it")
    parent = path.parent
    if not parent.exists():
        raise InputError(f"{option} {path}: folder {parent} does not exist")
    if not parent.is_dir():
        raise InputError(f"{option} {path}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{option} {path}: cannot write into folder {parent}")
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(f"{option} {path}: the file exists and cannot be overwritten")
    if any(path.resolve() == source.resolve() for source in inputs):
        raise InputError(f"{option} {path}: is an input of this command; it would be destroyed")
    if suffixes and path.suffix.lower() not in suffixes:
        raise InputError(f"{option} {path}: must end in {', '.join(suffixes)}")


def check_distinct_outputs(outputs: dict[str, Path | None]) -> None:
    """Refuse two options that would write the same file."""
    seen: dict[Path, str] = {}
    for option, path in outputs.items():
        if path is None:
            continue
        key = path.resolve()
        if key in seen:
            raise InputError(f"{option} {path}: is also the {seen[key]} file")
        seen[key] = option


@overload
def capped_threads(threads: int, cpu_count: int | None = None) -> tuple[int, str]: ...
@overload
def capped_threads(threads: None, cpu_count: int | None = None) -> tuple[None, str]: ...
@overload
def capped_threads(threads: int | None, cpu_count: int | None = None) -> tuple[int | None, str]: ...
def capped_threads(threads: int | None, cpu_count: int | None = None) -> tuple[int | None, str]:
    """``threads`` capped at the machine's CPU count, and a warning when it was capped.

    More inference threads than cores only makes them wait for each other: ``--threads 1000``
    on a 2-core machine ran a 2-s clip for over 300 s.

    Returns:
        ``(threads, warning)``; ``threads`` is ``None`` when it was ``None`` (the default
        applies), ``warning`` is ``""`` when nothing was changed.
    """
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    if threads is None or threads <= cores:
        return threads, ""
    return (
        cores,
        f"--threads {threads} is more than the {cores} CPUs of this machine; using {cores}",
    )


def check_analyze_inputs(
    video: Path, backend: str, json_path: Path | None, annotate: Path | None
) -> None:
    """The video, backend and output paths of ``coach analyze``, checked before a model loads.

    Raises:
        InputError: unknown backend or unusable output path.
        coach.session.video.VideoError: the video is missing, an image, not a video, or
            too small.
    """
    from coach.pose.factory import DETECTOR_NAMES
    from coach.session.video_checks import check_video_file

    if backend not in DETECTOR_NAMES:
        raise InputError(f"unknown --backend {backend!r}; valid names: {', '.join(DETECTOR_NAMES)}")
    check_video_file(video)
    if json_path is not None:
        check_output_file(json_path, "--json", inputs=[video])
    if annotate is not None:
        check_output_file(annotate, "--annotate", inputs=[video], suffixes=VIDEO_OUTPUT_SUFFIXES)
    check_distinct_outputs({"--json": json_path, "--annotate": annotate})


def check_exercise_points(
    exercises: Sequence[tuple[ExerciseDefinition, str | None]], backend: str
) -> list[str]:
    """Refuse exercises the backend cannot measure, before any video is decoded.

    Args:
        exercises: ``(exercise, side)`` pairs (``None``: the exercise's own side).
        backend: the pose backend's registry name.

    Returns:
        One note per part an exercise will lack on this backend while still running (e.g. a
        heel raise's foot angle on MoveNet), for the caller to show as warnings.

    Raises:
        coach.exercises.point_coverage.MissingKeypointsError: an exercise's counting signal
            or posture needs a point the backend lacks (the message names them).
    """
    from coach.exercises.point_coverage import point_coverage, require_points

    notes: list[str] = []
    for exercise, side in exercises:
        require_points(exercise, backend, side)
        notes += point_coverage(exercise, backend, side).notes()
    return list(dict.fromkeys(notes))
