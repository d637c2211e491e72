"""One sentence under each chart, so the figure is read without seeing the chart (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from coach.app.progress import BalanceRow, ExerciseSessionRow, HoldRow
from coach.store.dto import WeeklyAdherence


def adherence_line(weeks: Sequence[WeeklyAdherence]) -> str:
    """'Last 8 weeks: 17 of 24 prescribed sessions done (this week so far: 1 of 3).'"""
    if not weeks:
        return "No weeks to show."
    done = sum(min(w.sessions_done, w.sessions_prescribed) for w in weeks[:-1])
    asked = sum(w.sessions_prescribed for w in weeks[:-1])
    now = weeks[-1]
    complete = len(weeks) - 1
    label = "Last complete week" if complete == 1 else f"Last {complete} complete weeks"
    return (
        f"{label}: {done} of {asked} prescribed sessions done "
        f"(this week so far: {now.sessions_done} of {now.sessions_prescribed})."
    )


def reps_line(rows: Sequence[ExerciseSessionRow]) -> str:
    """'Latest session (23 Nov): 14 reps of 16 prescribed; 6 sessions shown.'"""
    if not rows:
        return "No sessions with this exercise yet."
    last = rows[-1]
    asked = f" of {last.reps_target} prescribed" if last.reps_target is not None else ""
    return (
        f"Latest session ({last.started_at:%d %b}): {last.reps_done} reps{asked}; "
        f"{len(rows)} session{'s' if len(rows) != 1 else ''} shown."
    )


def sway_line(rows: Sequence[BalanceRow]) -> str:
    """'Sway 2.1 % of height in the first trial, 1.4 % in the latest (lower is steadier).'"""
    measured = [r for r in rows if r.sway_rms_pct is not None]
    if not measured:
        return "No sway measured yet."
    first, last = measured[0], measured[-1]
    return (
        f"Sway {first.sway_rms_pct:.1f} % of height in the first trial ({first.started_at:%d %b}),"
        f" {last.sway_rms_pct:.1f} % in the latest ({last.started_at:%d %b}); lower is steadier."
    )


def hold_line(holds: Sequence[HoldRow], balances: Sequence[BalanceRow]) -> str:
    """'Longest 30 s; latest 25 s (23 Nov).'"""
    times = [(h.started_at, h.held_s) for h in holds] + [
        (b.started_at, b.duration_s) for b in balances
    ]
    if not times:
        return "No holds or stances timed yet."
    times.sort()
    longest = max(seconds for _, seconds in times)
    when, latest = times[-1]
    return f"Longest {longest:.0f} s; latest {latest:.0f} s ({when:%d %b}), {len(times)} trials."
