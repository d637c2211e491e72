"""The ROM progress of one exercise: per session, the value its target refers to.

Pure functions over :mod:`coach.store.dto` records (no database access). Which value is
plotted comes from the exercise (:class:`~coach.exercises.rom_target.RomTargetMeasure`): the
range of each rep, or its highest or lowest angle, never the raw highest angle regardless. The
therapist's Progress page and the PDF progress report both read it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean

from coach.exercises.rom_target import RomTargetMeasure
from coach.store.dto import SessionDetail


@dataclass(frozen=True)
class RomPoint:
    """One session's ROM for one exercise, in degrees of the target's value.

    Attributes:
        session_id: The session.
        started_at: Session start (UTC).
        best_deg: Best rep (highest, or lowest for ``lowest_angle``).
        mean_deg: Mean over the reps with angles.
        reps: Reps with angles.
    """

    session_id: int
    started_at: datetime
    best_deg: float
    mean_deg: float
    reps: int


def rom_points(
    details: Iterable[SessionDetail], exercise_key: str, measure: RomTargetMeasure
) -> list[RomPoint]:
    """One point per session with measured reps of ``exercise_key``, oldest first."""
    points = []
    for detail in sorted(details, key=lambda d: d.session.started_at):
        values = [
            value
            for set_info in detail.sets
            if set_info.exercise_key == exercise_key
            for stored in set_info.reps
            if (value := measure.value(stored.rep.rom_min_deg, stored.rep.rom_max_deg))
            is not None
        ]
        best = measure.best(values)
        if best is None:
            continue
        points.append(
            RomPoint(
                session_id=detail.session.id,
                started_at=detail.session.started_at,
                best_deg=best,
                mean_deg=fmean(values),
                reps=len(values),
            )
        )
    return points


def rom_summary(points: list[RomPoint], measure: RomTargetMeasure, target_deg: float | None) -> str:
    """One sentence a reader gets without the chart: first, latest and best against target."""
    if not points:
        return "No angles were recorded for this exercise yet."
    first, last = points[0], points[-1]
    best = measure.best(p.best_deg for p in points)
    text = (
        f"Best rep {last.best_deg:.0f}° in the latest session ({last.started_at:%d %b}), "
        f"{first.best_deg:.0f}° in the first ({first.started_at:%d %b}); best ever {best:.0f}°."
    )
    if target_deg is None:
        return text + " No target set."
    reached = sum(measure.reached(p.best_deg, target_deg) for p in points)
    return text + f" Target {target_deg:.0f}° reached in {reached} of {len(points)} sessions."
