"""``coach exercises validate|list|schema``: check and browse the exercise library."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coach import paths
from coach.exercises.assessment_library import ASSESSMENTS_FOLDER, load_assessment_file
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import (
    check_routine_exercises,
    exercise_paths,
    load_library,
    routine_paths,
)
from coach.exercises.loader import load_exercise_file, load_routine_file, read_text
from coach.exercises.schema import ExerciseDefinition, RoutineDefinition

app = typer.Typer(help="Exercise and routine definitions (YAML).", no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)


def _validate_folder(root: Path) -> list[ExerciseDefinitionError]:
    problems: list[ExerciseDefinitionError] = []
    exercises: dict[str, ExerciseDefinition] = {}
    for path in exercise_paths(root):
        try:
            exercises[path.stem] = load_exercise_file(path)
        except ExerciseDefinitionError as exc:
            problems.append(exc)
    for path in routine_paths(root):
        try:
            routine = load_routine_file(path)
            check_routine_exercises(routine, exercises, str(path), read_text(path))
        except ExerciseDefinitionError as exc:
            problems.append(exc)
    for path in sorted((root / ASSESSMENTS_FOLDER).glob("*.yaml")):
        try:
            load_assessment_file(path, exercises)
        except ExerciseDefinitionError as exc:
            problems.append(exc)
    return problems


def _validate_file(path: Path) -> list[ExerciseDefinitionError]:
    try:
        if path.parent.name == ASSESSMENTS_FOLDER:
            load_assessment_file(path, load_library(path.parent.parent).exercises)
        elif path.parent.name == "routines":
            library = load_library(path.parent.parent)
            routine = load_routine_file(path)
            check_routine_exercises(routine, library.exercises, str(path), read_text(path))
        else:
            load_exercise_file(path)
    except ExerciseDefinitionError as exc:
        return [exc]
    return []


@app.command("validate")
def validate_command(
    path: Path = typer.Argument(
        None, help="A YAML file or an exercises folder (default: the library)."
    ),
) -> None:
    """Validate exercise, routine and assessment files; print each problem with
    file:line:column."""
    target = path if path is not None else paths.exercises_dir()
    if not target.exists():
        err_console.print(f"[red]error:[/] {target} does not exist")
        raise typer.Exit(2)
    problems = _validate_folder(target) if target.is_dir() else _validate_file(target)
    for problem in problems:
        err_console.print(f"[red]error:[/] {escape(str(problem))}", soft_wrap=True, highlight=False)
    if problems:
        raise typer.Exit(2)
    count = (
        len(exercise_paths(target)) + len(routine_paths(target))
        + len(list((target / ASSESSMENTS_FOLDER).glob("*.yaml")))
        if target.is_dir() else 1
    )  # fmt: skip
    console.print(f"[green]ok[/] {count} file(s) valid in {target}")


@app.command("list")
def list_command(
    root: Path = typer.Option(None, "--root", help="Exercises folder (default: the library)."),
) -> None:
    """List exercises and routines with their kind, view, side and default targets."""
    try:
        library = load_library(root)
    except ExerciseDefinitionError as exc:
        err_console.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise typer.Exit(2) from None
    table = Table(title="Exercises")
    for column in ("id", "name", "kind", "view", "side", "targets"):
        table.add_column(column)
    for exercise in sorted(library.exercises.values(), key=lambda e: e.id):
        t = exercise.targets
        target = f"{t.sets}×{t.reps} reps" if t.reps else f"{t.sets}×{t.hold_s or 0:g} s"
        if t.rom_target_deg:
            target += f", ROM {t.rom_target_deg:g}°"
        table.add_row(
            exercise.id, exercise.name, exercise.kind, exercise.camera_view, exercise.side, target
        )
    console.print(table)
    routines = Table(title="Routines")
    routines.add_column("id")
    routines.add_column("name")
    routines.add_column("exercises")
    for routine in sorted(library.routines.values(), key=lambda r: r.id):
        routines.add_row(routine.id, routine.name, ", ".join(i.exercise for i in routine.exercises))
    console.print(routines)


@app.command("schema")
def schema_command(
    kind: str = typer.Argument("exercise", help="exercise or routine"),
) -> None:
    """Print the JSON Schema of exercise (or routine) files, for editor completion."""
    models: dict[str, type[BaseModel]] = {
        "exercise": ExerciseDefinition,
        "routine": RoutineDefinition,
    }
    if kind not in models:
        err_console.print(f"[red]error:[/] unknown schema {kind!r}; expected exercise or routine")
        raise typer.Exit(2)
    typer.echo(json.dumps(models[kind].model_json_schema(), indent=2))
