"""Today's routine page in numbers: what is prescribed and what is done this week (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coach.live.flow import PlanItem
from coach.store import SessionDetail, SessionInfo, week_start


@dataclass(frozen=True, slots=True)
class ItemWeek:
    """One prescribed exercise and what the patient did with it this week.

    Attributes:
        item: The prescribed exercise.
        what_to_do: The prescription in plain words (``3 sets of 10 reps, rest 60 s``).
        sets_done: Sets recorded this week.
        reps_done: Repetitions completed this week.
        best_hold_s: Longest hold this week, seconds (holds and balance), else ``None``.
    """

    item: PlanItem
    what_to_do: str
    sets_done: int
    reps_done: int
    best_hold_s: float | None


def sessions_this_week(sessions: Iterable[SessionInfo], today: date) -> list[SessionInfo]:
    """Sessions started on or after this week's Monday (UTC)."""
    monday = week_start(today)
    return [info for info in sessions if info.started_at.date() >= monday]


def completed_count(sessions: Iterable[SessionInfo]) -> int:
    """How many of ``sessions`` count: finished, with at least one rep, hold or balance trial."""
    return sum(info.counts for info in sessions)


def what_to_do(item: PlanItem) -> str:
    """The prescription of one item in plain words."""
    sets = f"{item.sets} set{'s' if item.sets != 1 else ''}"
    if item.target_reps is not None:
        amount = f"{sets} of {item.target_reps} reps"
    elif item.target_hold_s is not None:
        amount = f"{sets}, hold {item.target_hold_s:.0f} seconds"
    else:
        amount = sets
    side = f" ({item.side} side)" if item.side in ("left", "right") else ""
    return f"{amount}{side}, rest {item.rest_s:.0f} s"


def done_this_week(week: ItemWeek) -> str:
    """What the patient did with one exercise this week, in plain words."""
    if week.sets_done == 0:
        return "Not done yet this week"
    parts = [f"{week.sets_done} set{'s' if week.sets_done != 1 else ''}"]
    if week.item.target_reps is not None:
        parts.append(f"{week.reps_done} rep{'s' if week.reps_done != 1 else ''}")
    if week.best_hold_s is not None:
        parts.append(f"longest hold {week.best_hold_s:.0f} seconds")
    return "Done this week: " + ", ".join(parts)


def summarize_week(plan: Sequence[PlanItem], details: Iterable[SessionDetail]) -> list[ItemWeek]:
    """Per plan item: sets, reps and best hold recorded in ``details`` (this week's sessions)."""
    sets: dict[str, int] = {}
    reps: dict[str, int] = {}
    holds: dict[str, float] = {}
    for detail in details:
        for set_info in detail.sets:
            key = set_info.exercise_key
            sets[key] = sets.get(key, 0) + 1
            reps[key] = reps.get(key, 0) + set_info.achieved_reps
            held = [h.held_s for h in set_info.holds] + [b.duration_s for b in set_info.balances]
            if held:
                holds[key] = max(holds.get(key, 0.0), *held)
    return [
        ItemWeek(
            item=item,
            what_to_do=what_to_do(item),
            sets_done=sets.get(item.exercise_key, 0),
            reps_done=reps.get(item.exercise_key, 0),
            best_hold_s=holds.get(item.exercise_key),
        )
        for item in plan
    ]


def today_utc(now: datetime | None = None) -> date:
    """Today's UTC date."""
    from datetime import UTC

    return (now or datetime.now(UTC)).date()
