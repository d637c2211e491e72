"""Plotly figures of outcome measures for the therapist's Outcomes page.

Pure functions over the report data (:mod:`coach.render.progress_report.model`), so the page and
the PDF show the same numbers: test results over time against the norm band for the patient's
age and sex, with the minimal detectable change drawn around the first result (a later result
inside that band may be measurement noise); pain before and after sessions; PSFS per activity.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

import plotly.graph_objects as go

from coach.app.charts import TitledFigure
from coach.render.progress_report.model import AssessmentSeries, PainPoint, PsfsPoint

BAND_COLOUR = "rgba(47, 111, 189, 0.15)"
MDC_COLOUR = "rgba(120, 120, 120, 0.12)"
LINE_COLOURS = ("#1f2933", "#c2410c", "#2f6fbd")
#: Room above and below everything drawn, as a share of its span: Plotly's own range puts the
#: best result (at the top) on the plot's edge, where it reads as drawn above the chart.
Y_PADDING = 0.12


def _layout(fig: go.Figure, y_title: str) -> go.Figure:
    fig.update_layout(
        height=300,
        margin={"l": 50, "r": 20, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.25},
        yaxis_title=y_title,
    )
    fig.update_xaxes(type="date", tickformat="%d %b")
    return fig


def _y_range(values: Sequence[float], *, higher_is_better: bool) -> list[float]:
    """Plotly ``yaxis.range`` holding ``values`` with room on both sides; better is up, so a
    lower-is-better measure (seconds for five stands) runs from high at the bottom to low."""
    low, high = min(values), max(values)
    pad = (high - low) * Y_PADDING or max(abs(high) * Y_PADDING, 1.0)
    bottom, top = low - pad, high + pad
    return [bottom, top] if higher_is_better else [top, bottom]


def _span(moments: Sequence[datetime]) -> tuple[datetime, datetime]:
    return min(moments) - timedelta(days=2), max(moments) + timedelta(days=2)


def assessment_figure(series: AssessmentSeries) -> TitledFigure:
    """Results over time; shaded norm band (or dotted reference line); MDC band around the first
    result; per-leg tests get one line per leg. Better is always up."""
    fig = go.Figure()
    moments = [p.performed_at for p in series.points]
    if not moments:
        return TitledFigure(series.name, _layout(fig, series.unit))
    x0, x1 = _span(moments)
    drawn: list[float] = []  # every y value drawn, for the axis range
    if series.band_low is not None and series.band_high is not None:
        fig.add_trace(go.Scatter(
            x=[x0, x1, x1, x0], y=[series.band_low, series.band_low, series.band_high,
                                   series.band_high],
            mode="lines", fill="toself", fillcolor=BAND_COLOUR, line={"width": 0},
            hoverinfo="skip",
            name=f"norm {series.band_label}",
        ))  # fmt: skip
        drawn += [series.band_low, series.band_high]
    else:
        reference = next((v for v in (series.band_typical, series.band_high, series.band_low)
                          if v is not None), None)  # fmt: skip
        if reference is not None:
            fig.add_trace(go.Scatter(x=[x0, x1], y=[reference, reference], mode="lines",
                                     line={"dash": "dot", "color": "#2f6fbd"},
                                     name=f"norm {series.band_label}"))  # fmt: skip
            drawn.append(reference)
    for index, (part, values) in enumerate(series.scores_by_part().items()):
        drawn += [v for _, v in values]
        if index == 0 and series.mdc is not None and values:
            first = values[0][1]
            drawn += [first - series.mdc, first + series.mdc]
            fig.add_trace(go.Scatter(
                x=[x0, x1, x1, x0],
                y=[first - series.mdc, first - series.mdc, first + series.mdc, first + series.mdc],
                mode="lines", fill="toself", fillcolor=MDC_COLOUR, line={"width": 0},
                hoverinfo="skip",
                name=f"±MDC {series.mdc:g} {series.unit} around the first result",
            ))  # fmt: skip
        fig.add_trace(go.Scatter(
            x=[t for t, _ in values], y=[v for _, v in values], mode="lines+markers",
            line={"color": LINE_COLOURS[index % len(LINE_COLOURS)]},
            name="result" if part == "result" else f"{part} leg",
        ))  # fmt: skip
    _layout(fig, series.unit)
    if drawn:
        fig.update_yaxes(range=_y_range(drawn, higher_is_better=series.higher_is_better))
    elif not series.higher_is_better:
        fig.update_yaxes(autorange="reversed")
    return TitledFigure(series.name, fig)


def pain_figure(pain: Sequence[PainPoint]) -> TitledFigure:
    """Pain 0-10 before and after each session."""
    fig = go.Figure()
    for moment, colour in (("before", "#c2410c"), ("after", "#2f6fbd")):
        points = [p for p in pain if p.moment == moment]
        fig.add_trace(go.Scatter(x=[p.recorded_at for p in points], y=[p.score for p in points],
                                 mode="lines+markers", line={"color": colour},
                                 name=f"{moment} the session"))  # fmt: skip
    fig.update_yaxes(range=[-0.5, 10.5])
    return TitledFigure("Pain (0-10)", _layout(fig, "pain"))


def psfs_figure(psfs: Sequence[PsfsPoint]) -> TitledFigure:
    """Each PSFS activity's 0-10 rating over time."""
    fig = go.Figure()
    by_activity: dict[str, list[PsfsPoint]] = defaultdict(list)
    for point in psfs:
        by_activity[point.activity].append(point)
    for activity, points in by_activity.items():
        fig.add_trace(go.Scatter(x=[p.recorded_at for p in points], y=[p.score for p in points],
                                 mode="lines+markers",
                                 name=html.escape(activity)))  # Plotly renders <a>, <b>…
    fig.update_yaxes(range=[-0.5, 10.5])
    # Plotly hides the legend of a single trace, and with it the one activity's name.
    fig.update_layout(showlegend=True)
    return TitledFigure("PSFS (0 = unable, 10 = as before)", _layout(fig, "PSFS"))
