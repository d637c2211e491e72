"""Plotly figures for the progress dashboard, built from service-layer records.

Pure functions (no Streamlit, no database): each takes records and returns a
:class:`TitledFigure`, so they are unit tested by inspecting the figure's traces. Dates on the x
axes are the session start times (UTC); angles are degrees.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import plotly.graph_objects as go

from coach.app.progress import BalanceRow, ExerciseSessionRow, HoldRow
from coach.exercises.rom_target import RomTargetMeasure
from coach.store.dto import SessionInfo, WeeklyAdherence
from coach.store.rom_progress import RomPoint

logger = logging.getLogger(__name__)

#: Colours used consistently: what was done, what was asked, and a warning.
DONE_COLOUR = "#1f77b4"
TARGET_COLOUR = "#2ca02c"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class TitledFigure:
    """A chart and its title (plain text, may hold names from data).

    The page shows the title as text above the figure (:mod:`coach.app.chart_view`), not inside
    it: Plotly never wraps a title, so long ones were cut off at phone width (390 px).
    """

    title: str
    figure: go.Figure


def _layout(fig: go.Figure, y_title: str, *, height_px: int = 300) -> go.Figure:
    fig.update_layout(
        height=height_px,
        margin={"l": 50, "r": 20, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        hovermode="x unified",
        yaxis_title=y_title,
    )
    return fig


def _date_axis(fig: go.Figure, moments: Sequence[datetime]) -> go.Figure:
    """Day ticks ("23 Nov"), padded by a day each side so one session is not a lone sliver."""
    fig.update_xaxes(type="date", tickformat="%d %b", hoverformat="%a %d %b %Y, %H:%M")
    if moments:
        fig.update_xaxes(range=[min(moments) - timedelta(days=1), max(moments) + timedelta(days=1)])
    return fig


def adherence_calendar(
    sessions: Sequence[SessionInfo],
    weeks: Sequence[WeeklyAdherence],
    *,
    today: date,
) -> TitledFigure:
    """Calendar heat map: one column per week, one row per weekday, colour = sessions done.

    Each column is labelled with the week's start and "done of prescribed", so adherence reads
    at a glance; days after ``today`` are left blank.

    Args:
        sessions: The patient's sessions (only those that count toward adherence are shown).
        weeks: Weekly adherence, oldest first (defines the columns).
        today: The UTC day the calendar ends on.
    """
    done_per_day = Counter(s.started_at.date() for s in sessions if s.counts)
    columns = [
        f"{w.week_start:%d %b}<br>{w.sessions_done} of {w.sessions_prescribed}" for w in weeks
    ]
    z: list[list[float | None]] = []
    for weekday in range(7):
        row: list[float | None] = []
        for week in weeks:
            day = week.week_start + timedelta(days=weekday)
            row.append(None if day > today else float(done_per_day.get(day, 0)))
        z.append(row)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=list(WEEKDAYS),
            colorscale=[[0.0, "#eef1f5"], [0.01, "#c7e9c0"], [1.0, "#238b45"]],
            zmin=0,
            zmax=max([2.0, *(v for r in z for v in r if v is not None)]),
            xgap=3,
            ygap=3,
            hovertemplate="%{y}, week of %{x}<br>%{z} session(s) done<extra></extra>",
            # Under the chart, not beside it: on a phone (390 px) a colour bar at the side
            # left the eight week columns too narrow for their labels, which overlapped.
            colorbar={"title": {"text": "Sessions a day", "side": "top"}, "dtick": 1,
                      "orientation": "h", "y": -0.42, "thickness": 12,
                      "lenmode": "pixels", "len": 220},
        )
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=0, tickfont={"size": 10})
    _layout(fig, "", height_px=380)
    fig.update_layout(hovermode="closest", margin={"l": 40, "r": 10, "b": 120})
    return TitledFigure("Sessions done per day (week: done of prescribed)", fig)


def session_labels(moments: Sequence[datetime]) -> list[str]:
    """Category labels for sessions: '28 Oct', with the time added when a day repeats."""
    days = Counter(moment.date() for moment in moments)
    return [f"{m:%d %b}" + (f" {m:%H:%M}" if days[m.date()] > 1 else "") for m in moments]


def reps_against_target(rows: Sequence[ExerciseSessionRow], exercise_name: str) -> TitledFigure:
    """Bars of reps done per session with the prescribed reps as a tick; sets in the hover.

    Sessions are categories (one evenly spaced bar each), so gaps between sessions do not make
    the bars hair-thin; the adherence calendar is where gaps in time show.

    Args:
        rows: Rows of one exercise (:func:`coach.app.progress.exercise_session_rows`).
        exercise_name: Name shown in the title.
    """
    labels = session_labels([row.started_at for row in rows])
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=[row.reps_done for row in rows],
        name="Reps done",
        marker_color=DONE_COLOUR,
        customdata=[[row.sets_done] for row in rows],
        hovertemplate="%{y} reps in %{customdata[0]} set(s)<extra></extra>",
    )
    if any(row.reps_target is not None for row in rows):
        # A wide tick over each bar reads as "the bar should reach here".
        fig.add_scatter(
            x=labels,
            y=[row.reps_target for row in rows],
            name="Reps prescribed",
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 26, "line": {"width": 4},
                    "color": TARGET_COLOUR},
            hovertemplate="%{y} reps prescribed<extra></extra>",
        )  # fmt: skip
    fig.update_xaxes(type="category")
    fig.update_layout(bargap=0.35)
    return TitledFigure(f"{exercise_name}: reps per session vs prescription", _layout(fig, "Reps"))


def rom_over_time(
    points: Sequence[RomPoint],
    exercise_name: str,
    target_deg: float | None,
    measure: RomTargetMeasure,
) -> TitledFigure:
    """The value the ROM target refers to, per session (best and average rep), with the target.

    Args:
        points: ROM points of one exercise, oldest first (:func:`rom_progress.rom_points`).
        exercise_name: Name shown in the title.
        target_deg: The prescribed ROM target in degrees, or ``None`` if there is none.
        measure: Which per-rep value is plotted (range, highest or lowest angle).
    """
    when = [p.started_at for p in points]
    fig = go.Figure()
    fig.add_scatter(
        x=when,
        y=[p.best_deg for p in points],
        name="Best rep",
        mode="lines+markers",
        line={"color": DONE_COLOUR, "width": 3},
        marker={"size": 9},
        hovertemplate="best rep %{y:.0f}°<extra></extra>",
    )
    fig.add_scatter(
        x=when,
        y=[p.mean_deg for p in points],
        name="Average rep",
        mode="lines+markers",
        line={"color": DONE_COLOUR, "width": 1, "dash": "dot"},
        opacity=0.7,
        hovertemplate="average rep %{y:.0f}°<extra></extra>",
    )
    if target_deg is not None:
        fig.add_hline(
            y=target_deg,
            line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
            annotation_text=f"Target {target_deg:.0f}°"
            + (" (at most)" if measure.lower_is_better else ""),
            annotation_position="top left",
        )
    _date_axis(fig, when)
    # Start at 0° so the distance to the target is seen at its true size.
    highest = max([target_deg or 0.0, *(p.best_deg for p in points), *(p.mean_deg for p in points)])
    fig.update_yaxes(range=[0, highest * 1.15 + 1])
    return TitledFigure(f"{exercise_name}: {measure.name}", _layout(fig, measure.label))


def sway_over_time(rows: Sequence[BalanceRow]) -> TitledFigure:
    """Balance sway (RMS, % of body height) per trial; lower is steadier."""
    fig = go.Figure()
    for key in dict.fromkeys(row.exercise_key for row in rows):
        mine = [r for r in rows if r.exercise_key == key and r.sway_rms_pct is not None]
        fig.add_scatter(
            x=[r.started_at for r in mine],
            y=[r.sway_rms_pct for r in mine],
            name=key.replace("_", " "),
            mode="lines+markers",
            marker={"size": 9},
            customdata=[[r.duration_s, r.loss_count] for r in mine],
            hovertemplate=(
                "sway %{y:.1f}% · stood %{customdata[0]:.0f}s · "
                "%{customdata[1]} loss(es)<extra></extra>"
            ),
        )
    _date_axis(fig, [r.started_at for r in rows])
    return TitledFigure("Balance sway (lower is steadier)", _layout(fig, "Sway (% of height)"))


def hold_times(holds: Sequence[HoldRow], balances: Sequence[BalanceRow]) -> TitledFigure:
    """Seconds held per trial: timed holds and how long each balance stance lasted."""
    fig = go.Figure()
    series: dict[str, list[tuple[datetime, float]]] = {}
    for hold in holds:
        series.setdefault(hold.exercise_key, []).append((hold.started_at, hold.held_s))
    for trial in balances:
        series.setdefault(trial.exercise_key, []).append((trial.started_at, trial.duration_s))
    for key, values in series.items():
        fig.add_scatter(
            x=[when for when, _ in values],
            y=[seconds for _, seconds in values],
            name=key.replace("_", " "),
            mode="markers",  # several trials per session: points, not a zig-zag line
            marker={"size": 10},
        )
    targets = [h.target_s for h in holds if h.target_s is not None]
    if targets:
        fig.add_hline(
            y=max(targets),
            line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
            annotation_text=f"Target {max(targets):.0f}s",
        )
    _date_axis(fig, [when for values in series.values() for when, _ in values])
    return TitledFigure("Hold and stance time", _layout(fig, "Seconds"))


def figure_config() -> dict[str, Any]:
    """Plotly config for the app: no plotly tool bar, which covered chart titles (on phones
    always); Streamlit's own element tool bar still offers full screen."""
    return {"displaylogo": False, "displayModeBar": False}
