"""Build an :class:`ExerciseReport` from a tracker and the events it emitted."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from coach.analysis.events import CueRaised, Event, FallDetected, PartialRep, RepCompleted
from coach.exercises.rom_target import rom_target_measure
from coach.session.report import (
    BalanceReport,
    CueReport,
    ExerciseReport,
    PartialRepReport,
)
from coach.session.tracker import ExerciseTracker


def finite_or_none(value: float) -> float | None:
    """``None`` for an unmeasured value (NaN): JSON and the database have no NaN."""
    return None if math.isnan(value) else float(value)


def partial_report(rep: PartialRep) -> PartialRepReport:
    """Report row of one partial rep."""
    return PartialRepReport(
        side=rep.side,
        start_ms=rep.start_ms,
        end_ms=rep.end_ms,
        reason=rep.reason.value,
        rom_min_deg=finite_or_none(rep.rom_min_deg),
        rom_max_deg=finite_or_none(rep.rom_max_deg),
        signal_peak=rep.signal_peak,
    )


def exercise_report(tracker: ExerciseTracker, events: Sequence[Event]) -> ExerciseReport:
    """Summarise one tracker's events (after :meth:`ExerciseTracker.finish`)."""
    completed = (e for e in events if isinstance(e, RepCompleted))
    # alternating and two-sided exercises count each side on its own; the report numbers them
    # on one sequence, in the order they finished
    reps = [replace(rep, index=index) for index, rep in enumerate(completed, start=1)]
    partials = [partial_report(e) for e in events if isinstance(e, PartialRep)]
    balance = tracker.balance_result
    exercise = tracker.exercise
    measure = rom_target_measure(exercise)
    best_rom = (
        measure.best(measure.value(r.rom_min_deg, r.rom_max_deg) for r in reps)
        if measure is not None
        else None
    )
    return ExerciseReport(
        id=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        side=tracker.side,
        reps_completed=len(reps),
        partial_reps=len(partials),
        target_reps=tracker.targets.reps,
        reps=reps,
        partials=partials,
        best_rom_deg=best_rom,
        rom_target_of=measure.of if measure is not None else None,
        rom_target_deg=tracker.targets.rom_target_deg,
        best_hold_s=tracker.best_hold_s if exercise.hold is not None else None,
        target_hold_s=tracker.targets.hold_s,
        balance=(
            BalanceReport(
                time_in_stance_s=balance.time_in_stance_s,
                lost=balance.lost,
                reason=balance.reason,
                sway_path_per_height=finite_or_none(balance.sway_path_per_height),
                sway_area_per_height2=finite_or_none(balance.sway_area_per_height2),
                sway_rms_pct=finite_or_none(balance.sway_rms_pct),
                sway_max_pct=finite_or_none(balance.sway_max_pct),
            )
            if balance is not None
            else None
        ),
        cues=[
            CueReport(
                timestamp_ms=e.timestamp_ms,
                rule_id=e.rule_id,
                text=e.text,
                severity=e.severity,
                value=finite_or_none(e.value),
            )
            for e in events
            if isinstance(e, CueRaised)
        ],
        falls_ms=[e.timestamp_ms for e in events if isinstance(e, FallDetected)],
    )
