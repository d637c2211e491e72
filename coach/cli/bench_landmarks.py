"""``coach bench landmarks``: one backend's hips, knees and ankles against a reference backend's,
a hip correction fitted on some clips and judged on another (see :mod:`coach.bench.landmarks`)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict

import typer
from rich.console import Console
from rich.table import Table

from coach import paths
from coach.bench.landmarks import (
    JointOffset,
    compare_at_depth,
    fitted_hip_shift,
    joint_offsets,
    track_keypoints,
)

console = Console()

#: Clips the hip correction is fitted on (front-ish dancing, side-view push-ups) and the clip
#: it is judged on (front-view squats): never the same footage.
DEFAULT_FIT_CLIPS = ("tfjs/pose_1.mp4", "commons/push_up_side.webm")
DEFAULT_JUDGE_CLIP = "tfjs/pose_squats.mp4"


def landmarks_command(
    backend: str = typer.Option("blazepose-full", "--backend", "-b", help="Backend measured."),
    reference: str = typer.Option(
        "movenet-lightning", "--reference", help="Backend whose keypoints are the reference."
    ),
    fit_clips: list[str] = typer.Option(
        None,
        "--fit-clip",
        help="Clip under shared/media to fit the hip correction on (repeatable; default: "
        "tfjs/pose_1.mp4 and commons/push_up_side.webm).",
    ),
    judge_clip: str = typer.Option(
        DEFAULT_JUDGE_CLIP, "--judge-clip", help="Clip under shared/media the fit is judged on."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Where BACKEND puts each joint relative to REFERENCE (body frame, torso lengths), which
    joint carries the knee-flexion gap at squat depth, and what a hip correction fitted on
    other clips leaves of it."""
    from coach.pose.factory import keypoint_names

    fits = list(fit_clips or DEFAULT_FIT_CLIPS)
    if judge_clip in fits:
        console.print(f"[red]error:[/] --judge-clip {judge_clip} is also a --fit-clip")
        raise typer.Exit(2)
    media = paths.shared_media_dir()
    try:
        for name in (backend, reference):
            keypoint_names(name)
        missing = [c for c in (*fits, judge_clip) if not (media / c).is_file()]
        if missing:
            raise ValueError(f"clip(s) not found under {media}: {', '.join(missing)}")
        tracks = {
            clip: (track_keypoints(media / clip, reference), track_keypoints(media / clip, backend))
            for clip in (*fits, judge_clip)
        }
    except (ValueError, OSError) as exc:  # unknown backend, model not installed, bad clip
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    offsets = {clip: joint_offsets(*pair) for clip, pair in tracks.items()}
    shift = fitted_hip_shift([offsets[c] for c in fits])
    depth = compare_at_depth(*tracks[judge_clip], hip_shift_torso=shift)
    if as_json:
        payload = {
            "backend": backend,
            "reference": reference,
            "fit_clips": fits,
            "judge_clip": judge_clip,
            "offsets": {c: [asdict(o) for o in rows] for c, rows in offsets.items()},
            "fitted_hip_shift_torso": shift,
            "judged": asdict(depth),
        }
        typer.echo(json.dumps(_finite(payload), indent=2, allow_nan=False))
        return
    _print_offsets(offsets, backend, reference)
    console.print(
        f"hip correction fitted on {', '.join(fits)}: {shift:+.3f} torso lengths along the trunk"
    )
    swaps = ", ".join(f"{joint} {gap:+.1f}°" for joint, gap in depth.swap_deg.items())
    console.print(
        f"{judge_clip}, {depth.frames} frames at depth: {reference} peak "
        f"{depth.reference_peak_deg:.1f}°, {backend} peak {depth.other_peak_deg:.1f}°; median "
        f"gap {depth.gap_deg:+.1f}° ({depth.gap_at_reference_peak_deg:+.1f}° on {reference}'s "
        f"deepest frame; swapping only the {swaps}); with the fitted hip correction "
        f"{depth.corrected_gap_deg:+.1f}°"
    )


def _print_offsets(offsets: dict[str, list[JointOffset]], backend: str, reference: str) -> None:
    table = Table(
        "clip", "joint", "side", "frames", "along px", "outward px", "along torso",
        "outward torso",
        caption=f"{backend} minus {reference}, medians; along: towards the head on the trunk "
        "axis; outward: away from the midline",
    )  # fmt: skip
    for clip, rows in offsets.items():
        for o in rows:
            table.add_row(
                clip, o.joint, o.side, str(o.frames), f"{o.along_px:+.1f}",
                f"{o.outward_px:+.1f}", f"{o.along_torso:+.3f}", f"{o.outward_torso:+.3f}",
            )  # fmt: skip
    Console(width=max(console.width, 120)).print(table)


def _finite(value: object) -> object:
    """NaN becomes null (JSON has no NaN), in nested dicts and lists."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value
