"""``coach bench accuracy``: expected vs counted reps, real vs reported partials, cues while
nobody exercised and rep-peak ROM differences on the labelled clips, per backend."""

from __future__ import annotations

import json
import math
from dataclasses import asdict

import typer
from rich.console import Console
from rich.table import Table

from coach import paths
from coach.bench.accuracy import (
    DEFAULT_BACKENDS,
    LABELLED_CLIPS,
    REFERENCE_BACKEND,
    run_clip,
    summarise,
    with_rom_differences,
)

console = Console()


def accuracy_command(
    backends: list[str] = typer.Option(
        None, "--backend", "-b", help="Backend to measure (repeatable; default: all five)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Count reps in every labelled clip per backend: expected vs counted reps, real vs
    reported partials, cues while nobody exercised, rep-peak ROM vs Lightning, MAE and OBO."""
    from coach.pose.factory import DETECTOR_NAMES

    unknown = [name for name in backends or () if name not in DETECTOR_NAMES]
    if unknown:  # before any clip is decoded or model loaded
        console.print(
            f"[red]error:[/] unknown --backend {', '.join(unknown)}; "
            f"valid: {', '.join(DETECTOR_NAMES)}"
        )
        raise typer.Exit(2)
    media = paths.shared_media_dir()
    clips = [c for c in LABELLED_CLIPS if (media / c.path).is_file()]
    if not clips:
        console.print(f"[red]error:[/] no labelled clips found under {media}")
        raise typer.Exit(2)
    results = []
    for backend in backends or DEFAULT_BACKENDS:
        for clip in clips:
            try:
                results.append(run_clip(clip, backend, media))
            except (ValueError, OSError) as exc:  # model not installed, bad option
                console.print(f"[yellow]skipped {backend}:[/] {exc}")
                break
    results = with_rom_differences(results)
    summaries = summarise(results)
    if as_json:
        payload = {
            "reference_backend": REFERENCE_BACKEND,
            "clips": [_jsonable(asdict(r)) for r in results],
            "backends": [asdict(s) for s in summaries],
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    table = Table(
        "clip", "backend", "reps", "counted", "partials", "reported", "idle cues", "ROM Δ°",
        caption="reps / partials: expected (real); idle cues: cues while nobody exercised "
        f"(must be 0); ROM Δ°: largest rep-peak angle difference from {REFERENCE_BACKEND}",
    )  # fmt: skip
    for r in results:
        table.add_row(
            r.clip, r.backend, str(r.expected_reps), str(r.counted_reps),
            str(r.expected_partial), str(r.counted_partial), str(r.cues_while_idle),
            "-" if math.isnan(r.rom_diff_deg) else f"{r.rom_diff_deg:.1f}",
        )  # fmt: skip
    # Wide enough for full clip and backend names even when piped (rich assumes 80 columns).
    Console(width=max(console.width, 120)).print(table)
    summary = Table("backend", "clips", "MAE", "OBO")
    for s in summaries:
        summary.add_row(s.backend, str(s.clips), f"{s.mae:.3f}", f"{s.obo:.0%}")
    console.print(summary)


def _jsonable(row: dict[str, object]) -> dict[str, object]:
    """NaN becomes null (JSON has no NaN)."""

    def clean(value: object) -> object:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, tuple | list):
            return [clean(v) for v in value]
        return value

    return {key: clean(value) for key, value in row.items()}
