"""``coach bench accuracy``: expected vs counted reps on the labelled clips, per backend."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer
from rich.console import Console
from rich.table import Table

from coach import paths
from coach.bench.accuracy import DEFAULT_BACKENDS, LABELLED_CLIPS, run_clip, summarise

console = Console()


def accuracy_command(
    backends: list[str] = typer.Option(
        None, "--backend", "-b", help="Backend to measure (repeatable; default: three)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Count reps in every labelled clip per backend; print expected vs counted, MAE and OBO."""
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
    summaries = summarise(results)
    if as_json:
        payload = {
            "clips": [asdict(r) for r in results],
            "backends": [asdict(s) for s in summaries],
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    table = Table("clip", "backend", "expected reps", "counted", "expected partial", "counted")
    for r in results:
        table.add_row(r.clip, r.backend, str(r.expected_reps), str(r.counted_reps),
                      str(r.expected_partial), str(r.counted_partial))  # fmt: skip
    console.print(table)
    summary = Table("backend", "clips", "MAE", "OBO")
    for s in summaries:
        summary.add_row(s.backend, str(s.clips), f"{s.mae:.3f}", f"{s.obo:.0%}")
    console.print(summary)
