"""Shape the service layer's records into the tables the progress dashboard shows.

Pure functions over :mod:`coach.store.dto` records (no Streamlit, no database), so they are unit
tested directly. Times stay timezone-aware UTC; angles are degrees; durations carry their unit.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from coach.exercises import ExerciseDefinitionError
from coach.exercises.library import ExerciseLibrary, parse_routine_yaml
from coach.exercises.rom_target import RomTargetMeasure, rom_target_measure
from coach.session.report_build import finite_or_none
from coach.store.dto import PrescriptionInfo, SessionDetail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExerciseSessionRow:
    """What one session did for one exercise, against what its sets asked for.

    Attributes:
        session_id: The session.
        started_at: Session start (UTC).
        exercise_key: Exercise id.
        sets_done: Sets recorded for the exercise in that session.
        reps_done: Repetitions completed across those sets.
        reps_target: Sum of the sets' target repetitions (``None`` when no set had a target).
    """

    session_id: int
    started_at: datetime
    exercise_key: str
    sets_done: int
    reps_done: int
    reps_target: int | None


@dataclass(frozen=True)
class BalanceRow:
    """One balance trial on the time line (sway in percent of body height)."""

    started_at: datetime
    exercise_key: str
    duration_s: float
    sway_rms_pct: float | None
    loss_count: int


@dataclass(frozen=True)
class HoldRow:
    """One timed hold on the time line."""

    started_at: datetime
    exercise_key: str
    held_s: float
    target_s: float | None


@dataclass
class _Tally:
    sets: int = 0
    reps: int = 0
    target: int | None = None


def exercise_session_rows(details: Iterable[SessionDetail]) -> list[ExerciseSessionRow]:
    """One row per session and exercise, oldest session first."""
    rows: list[ExerciseSessionRow] = []
    for detail in sorted(details, key=lambda d: d.session.started_at):
        tallies: dict[str, _Tally] = {}
        for set_info in detail.sets:
            tally = tallies.setdefault(set_info.exercise_key, _Tally())
            tally.sets += 1
            tally.reps += set_info.achieved_reps
            if set_info.target_reps is not None:
                tally.target = (tally.target or 0) + set_info.target_reps
        rows.extend(
            ExerciseSessionRow(
                session_id=detail.session.id,
                started_at=detail.session.started_at,
                exercise_key=key,
                sets_done=tally.sets,
                reps_done=tally.reps,
                reps_target=tally.target,
            )
            for key, tally in tallies.items()
        )
    return rows


def balance_rows(details: Iterable[SessionDetail]) -> list[BalanceRow]:
    """Every balance trial, oldest first."""
    rows = [
        BalanceRow(
            started_at=detail.session.started_at,
            exercise_key=set_info.exercise_key,
            duration_s=trial.duration_s,
            sway_rms_pct=trial.sway_rms_pct,
            loss_count=trial.loss_count,
        )
        for detail in details
        for set_info in detail.sets
        for trial in set_info.balances
    ]
    return sorted(rows, key=lambda row: row.started_at)


def hold_rows(details: Iterable[SessionDetail]) -> list[HoldRow]:
    """Every timed hold, oldest first."""
    rows = [
        HoldRow(
            started_at=detail.session.started_at,
            exercise_key=set_info.exercise_key,
            held_s=hold.held_s,
            target_s=hold.target_s,
        )
        for detail in details
        for set_info in detail.sets
        for hold in set_info.holds
    ]
    return sorted(rows, key=lambda row: row.started_at)


def rep_table(
    detail: SessionDetail, measures: Mapping[str, RomTargetMeasure] | None = None
) -> list[dict[str, object]]:
    """The per-rep table of a session: one dict per rep, ready for ``st.dataframe``.

    Columns: exercise, set, rep (both from 1), side, lowest and highest angle and range
    (degrees), the value the exercise's ROM target refers to (``measures``; empty without one),
    lowering and lifting time and whole rep (seconds); when any rep of the session measured both
    sides at once, the left and right arcs and their symmetry index (%) too. Values that were
    never measured are ``None``.
    """
    sided = any(
        not math.isnan(stored.rep.symmetry_index_pct)
        for set_info in detail.sets
        for stored in set_info.reps
    )
    rows: list[dict[str, object]] = []
    for set_info in detail.sets:
        measure = (measures or {}).get(set_info.exercise_key)
        for stored in set_info.reps:
            rep = stored.rep
            row: dict[str, object] = {
                "Exercise": set_info.exercise_key,
                "Set": set_info.set_index + 1,
                "Rep": rep.index,
                "Side": rep.side,
                "Lowest angle (°)": finite_or_none(rep.rom_min_deg),
                "Highest angle (°)": finite_or_none(rep.rom_max_deg),
                "Range (°)": finite_or_none(rep.rom_deg),
                "Against target (°)": None
                if measure is None
                else measure.value(rep.rom_min_deg, rep.rom_max_deg),
                "Lowering (s)": finite_or_none(rep.eccentric_s),
                "Lifting (s)": finite_or_none(rep.concentric_s),
                "Whole rep (s)": rep.duration_s,
            }
            if sided:
                row["Left arc (°)"] = finite_or_none(rep.rom_left_deg)
                row["Right arc (°)"] = finite_or_none(rep.rom_right_deg)
                row["Left/right difference (%)"] = finite_or_none(rep.symmetry_index_pct)
            rows.append(row)
    return rows


def cue_table(detail: SessionDetail) -> list[dict[str, object]]:
    """The cues raised in a session, in order: time into the session (s), severity, message."""
    return [
        {
            "At (s)": round(cue.at_ms / 1000.0, 1),
            "Severity": cue.severity,
            "Cue": cue.message,
        }
        for cue in sorted(detail.cues, key=lambda c: c.at_ms)
    ]


def exercises_seen(rows: Sequence[ExerciseSessionRow]) -> list[str]:
    """Exercise ids in the order they first appear."""
    return list(dict.fromkeys(row.exercise_key for row in rows))


def rom_targets(
    prescriptions: Sequence[PrescriptionInfo], library: ExerciseLibrary
) -> dict[str, float]:
    """ROM target (degrees) per exercise: the active prescriptions' values, else the default.

    A prescribed routine whose YAML no longer validates against the library (an exercise was
    removed) is skipped with a warning rather than hiding the whole dashboard.
    """
    targets = {
        key: exercise.targets.rom_target_deg
        for key, exercise in library.exercises.items()
        if exercise.targets.rom_target_deg is not None
    }
    for prescription in sorted(prescriptions, key=lambda p: p.created_at):
        if not prescription.active:
            continue
        try:
            routine = parse_routine_yaml(
                prescription.routine.yaml_text, f"routine {prescription.routine.name}", library
            )
        except ExerciseDefinitionError as error:
            logger.warning("skipping prescription %s: %s", prescription.id, error)
            continue
        for item in routine.exercises:
            value = item.targets_for(library.exercises[item.exercise]).rom_target_deg
            if value is not None:
                targets[item.exercise] = value
    return targets


def rom_measures(library: ExerciseLibrary) -> dict[str, RomTargetMeasure]:
    """What each exercise's ROM target refers to (exercises with reps only)."""
    return {
        key: measure
        for key, exercise in library.exercises.items()
        if (measure := rom_target_measure(exercise)) is not None
    }
