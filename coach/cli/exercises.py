"""``coach exercises validate|list|schema``: check and browse the exercise library."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coach import paths
from coach.cli.output import err_console, fail
from coach.exercises.assessment_library import (
    ASSESSMENTS_FOLDER,
    check_assessment_files,
    load_assessment_file,
)
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import ROUTINES_FOLDER, check_library, load_library
from coach.exercises.loader import load_exercise_file
from coach.exercises.schema import ExerciseDefinition, RoutineDefinition

app = typer.Typer(help="Exercise and routine definitions (YAML).", no_args_is_help=True)
console = Console()


def _print_problems(problems: Sequence[ExerciseDefinitionError]) -> None:
    for problem in problems:
        err_console.print(f"[red]error:[/] {escape(str(problem))}", soft_wrap=True, highlight=False)


def _validate_file(path: Path) -> tuple[list[ExerciseDefinitionError], int]:
    """Problems of one file; a routine or an assessment is checked within its library (names,
    repeated ids)."""
    if path.parent.name == ASSESSMENTS_FOLDER and path.suffix == ".yaml":
        try:
            load_assessment_file(path, check_library(path.parent.parent).library.exercises)
        except ExerciseDefinitionError as exc:
            return [exc], 1
        return [], 1
    if path.parent.name == ROUTINES_FOLDER and path.suffix == ".yaml":
        checked = check_library(path.parent.parent)
        mine = [p for p in checked.problems if Path(p.source).resolve() == path.resolve()]
        return mine, 1
    try:
        load_exercise_file(path)
    except ExerciseDefinitionError as exc:
        return [exc], 1
    return [], 1


@app.command("validate")
def validate_command(
    path: Path = typer.Argument(
        None, help="A YAML file or an exercises folder (default: the library)."
    ),
    backend: str = typer.Option(
        None,
        "--backend",
        "-b",
        help="Also check that every exercise can run on this pose backend (its keypoints).",
    ),
) -> None:
    """Validate exercise, routine and assessment files; print every file's problems with
    file:line:column. With --backend, also refuse exercises that need keypoints the backend
    lacks, and note the parts (range of motion, cues) it cannot measure."""
    target = path if path is not None else paths.exercises_dir()
    if not target.exists():
        raise fail(f"{target} does not exist")
    exercises: list[ExerciseDefinition] = []
    try:
        if target.is_dir():
            checked = check_library(target)
            tests, test_count = check_assessment_files(checked.library.exercises, target)
            problems = [*checked.problems, *tests]
            count = checked.file_count + test_count
            exercises = list(checked.library.exercises.values())
        else:
            problems, count = _validate_file(target)
            if not problems and target.parent.name not in (ROUTINES_FOLDER, ASSESSMENTS_FOLDER):
                exercises = [load_exercise_file(target)]
    except ExerciseDefinitionError as exc:
        problems, count = [exc], 0
    _print_problems(problems)
    if problems:
        files = len({p.source for p in problems})
        err_console.print(f"{len(problems)} problem(s) in {files} file(s)", highlight=False)
        raise typer.Exit(2)
    if backend is not None:
        _check_backend(exercises, backend)
    console.print(f"[green]ok[/] {count} file(s) valid in {escape(str(target))}")


def _check_backend(exercises: Sequence[ExerciseDefinition], backend: str) -> None:
    """Print what ``backend`` lacks for each exercise; exit 2 if one cannot run on it."""
    from coach.exercises.point_coverage import point_coverage

    try:
        coverages = [point_coverage(exercise, backend) for exercise in exercises]
    except ValueError as exc:  # unknown backend
        raise fail(str(exc)) from None
    refused = [c.refusal() for c in coverages if not c.usable]
    for coverage in coverages:
        for note in coverage.notes():
            err_console.print(f"[yellow]note:[/] {escape(note)}", soft_wrap=True, highlight=False)
    for line in refused:
        err_console.print(f"[red]error:[/] {escape(line)}", soft_wrap=True, highlight=False)
    if refused:
        err_console.print(f"{len(refused)} exercise(s) cannot run on {backend}", highlight=False)
        raise typer.Exit(2)


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
        raise fail(f"unknown schema {kind!r}; expected exercise or routine")
    typer.echo(json.dumps(models[kind].model_json_schema(), indent=2))
