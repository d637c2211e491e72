"""``coach assess VIDEO... --test ID``: score a standard functional test on recordings.

One video per trial, in protocol order: one for a chair-stand test, one per stage for the
4-stage balance test (it stops at the first stage not held), one per leg for single-leg stance.
The scoring runs the exercise engine's trackers, exactly as the live guided run does.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from coach.cli.inputs import check_exercise_points
from coach.cli.output import err_console, fail
from coach.exercises.assessment_schema import AssessmentDefinition, Sex
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.norms import describe_reading, interpret
from coach.session.assessments.outcome import AssessmentOutcome
from coach.session.video import VideoError

logger = logging.getLogger(__name__)
console = Console()


def print_outcome(
    test: AssessmentDefinition, outcome: AssessmentOutcome, age: int | None, sex: str | None
) -> None:
    """The result, its reading against norms, and the raw events."""
    console.print(f"[bold]{escape(test.name)}[/] ({test.id}): {escape(outcome.note)}")
    for part, value in outcome.scores.items():
        label = "result" if part == "result" else f"{part} leg"
        if value is None:
            console.print(f"  {label}: not completed")
            continue
        reading = interpret(test, value, age, _sex(sex))
        console.print(f"  {label}: {escape(describe_reading(test, reading, value))}")
    if test.mdc is not None:
        console.print(f"  minimal detectable change: {test.mdc.value:g} {test.scoring.unit} "
                      f"({test.mdc.confidence_pct} %, {escape(test.mdc.population)})")  # fmt: skip
    if outcome.stands:
        table = Table("stand", "rise s", "standing s", "seated s", "counted")
        for s in outcome.stands:
            table.add_row(str(s.index), _s(s.rise_s), _s(s.standing_s), _s(s.seated_s),
                          "yes" if s.counted else "no")  # fmt: skip
        console.print(table)
    if outcome.trials:
        table = Table("trial", "exercise", "target s", "held s", "held", "ended by")
        for t in outcome.trials:
            table.add_row(t.trial, t.exercise_id, f"{t.target_s:g}", f"{t.held_s:.1f}",
                          "yes" if t.held else "no", t.reason.replace("_", " "))  # fmt: skip
        console.print(table)
    for limitation in test.limitations:
        console.print(f"  [dim]note: {escape(limitation)}[/]")


def _sex(value: str | None) -> Sex | None:
    return "female" if value == "female" else "male" if value == "male" else None


def _s(value: float | None) -> str:
    return "—" if value is None or value != value else f"{value:.2f}"


def _outcome_json(outcome: AssessmentOutcome) -> dict[str, Any]:
    data = asdict(outcome)
    data["completed"] = outcome.completed
    return data


def _store(
    patient: str, db: str | None, outcome: AssessmentOutcome
) -> tuple[int | None, str | None]:
    """Store the outcome for ``patient``; returns the patient's (age, sex) for the norms."""
    from coach.cli.db import find_patient, operator_clinic, store_errors
    from coach.exercises.norms import age_on

    with store_errors(), operator_clinic(db) as clinic:
        user = find_patient(clinic, patient)
        stored = clinic.assessments.record_result(user.id, outcome, mode="recording")
        profile = clinic.assessments.profile(user.id)
    err_console.print(f"stored as assessment result {stored.id} of {patient!r}", markup=False)
    age = age_on(profile.date_of_birth, datetime.now(UTC).date()) if profile.date_of_birth else None
    return age, profile.sex


def assess_command(
    videos: list[Path] = typer.Argument(..., help="Recording(s): one per trial, in order."),
    test_id: str = typer.Option(..., "--test", "-t", help="Assessment id."),
    start_s: float = typer.Option(
        None,
        "--start-s",
        min=0.0,
        help='Time of the "Go" cue in the first video (seconds); '
        "default: the first rise out of the chair.",
    ),
    age: int = typer.Option(None, "--age", min=0, max=120, help="Age for the norms, years."),
    sex: str = typer.Option(None, "--sex", help="female or male, for sex-specific norms."),
    patient: str = typer.Option(None, "--patient", help="Store the result for this patient."),
    db: str = typer.Option(None, "--db", help="Database URL (with --patient).", show_default=False),
    backend: str = typer.Option("movenet-lightning", "--backend", "-b", help="Pose backend."),
    json_path: Path = typer.Option(None, "--json", help="Write the outcome as JSON here."),
    exercises_root: Path = typer.Option(None, "--exercises-dir", help="Exercise library folder."),
) -> None:
    """Score a standard functional test (30 s chair stand, 5xSTS, 4-stage balance, single-leg
    stance) on recordings, against its published norms."""
    from coach.exercises.assessment_library import load_assessments
    from coach.exercises.library import load_library
    from coach.session.assessments import create_scorer
    from coach.session.assessments.offline import check_recordings, score_recordings
    from coach.session.offline import create_analysis_detector

    if sex is not None and sex not in ("female", "male"):
        raise fail(f"--sex must be female or male, not {sex!r}")
    try:
        library = load_library(exercises_root)
        test = load_assessments(library.exercises, exercises_root).assessment(test_id)
        start_ms = start_s * 1000.0 if start_s is not None else None
        scorer = create_scorer(test, library, start_ms)
        check_recordings(scorer, videos)
        used = [test.exercise] if test.exercise is not None else []
        used += [stage.exercise for stage in test.stages]
        pairs = [(library.exercise(name), None) for name in dict.fromkeys(used)]
        for note in check_exercise_points(pairs, backend):
            err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False)
        with create_analysis_detector(backend) as detector:
            outcome = score_recordings(scorer, videos, detector, start_ms)
    except (ExerciseDefinitionError, VideoError, ValueError, OSError) as exc:
        raise fail(str(exc)) from None
    except KeyError as exc:
        raise fail(str(exc.args[0])) from None
    if patient is not None:
        stored_age, stored_sex = _store(patient, db, outcome)
        age = age if age is not None else stored_age
        sex = sex if sex is not None else stored_sex
    print_outcome(test, outcome, age, sex)
    if json_path is not None:
        try:
            json_path.write_text(json.dumps(_outcome_json(outcome), indent=2), encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {json_path}: {exc.strerror}") from None
