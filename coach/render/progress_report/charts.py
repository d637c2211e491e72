"""Static charts of the progress report, drawn with matplotlib (Agg) into PNG bytes.

Each chart answers one question at print size: did the patient train as prescribed, is the
range of motion reaching its target, where does each test result sit against the norm band for
the patient's age and sex, and is a change between tests larger than the test's minimal
detectable change (the shaded band around the first result) or within measurement noise.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from coach.render.progress_report.model import (
    AdherenceWeek,
    AssessmentSeries,
    ExerciseRom,
    PainPoint,
    PsfsPoint,
)

WIDTH_IN, HEIGHT_IN, DPI = 7.0, 2.3, 150
INK, MUTED, ACCENT, WARN, BAND = "#1f2933", "#7b8794", "#2f6fbd", "#c2410c", "#dbe7f5"


def _figure() -> tuple[Figure, Axes]:
    # A bare Figure (no pyplot): no global backend or figure registry, safe in server threads.
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    ax = fig.subplots()
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(colors=INK, labelsize=8)
    ax.grid(axis="y", color="#e4e7eb", linewidth=0.6)
    return fig, ax


def _png(fig: Figure) -> bytes:
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _x(moments: Sequence[date | datetime]) -> list[float]:
    """Matplotlib date numbers (the date axis formats them back)."""
    return [float(mdates.date2num(m)) for m in moments]  # type: ignore[no-untyped-call]


def _dates(ax: Axes) -> None:
    # A single result (or one day) would give a zero-width date axis: show a week around it.
    low, high = (float(v) for v in ax.dataLim.intervalx)
    if math.isfinite(low) and math.isfinite(high) and high - low < 2.0:
        middle = (low + high) / 2.0
        ax.set_xlim(middle - 4.0, middle + 4.0)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))  # type: ignore[no-untyped-call]


def adherence_chart(weeks: Sequence[AdherenceWeek]) -> bytes:
    """Sessions done (bars) against prescribed (outline) per week."""
    fig, ax = _figure()
    x = list(range(len(weeks)))
    ax.bar(x, [w.prescribed for w in weeks], color="white", edgecolor=MUTED, label="prescribed")
    ax.bar(x, [w.done for w in weeks], width=0.5, color=ACCENT, label="done")
    ax.set_xticks(x, [w.week_start.strftime("%d %b") for w in weeks])
    ax.set_ylabel("sessions", fontsize=8, color=INK)
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    return _png(fig)


def rom_chart(exercise: ExerciseRom) -> bytes:
    """The best rep per session in the value the target refers to, with the target dashed."""
    fig, ax = _figure()
    days = _x([p.day for p in exercise.points])
    ax.plot(days, [p.best_deg for p in exercise.points], "o-", color=ACCENT, markersize=4,
            label="best rep per session")  # fmt: skip
    if exercise.target_deg is not None:
        most = "at most" if exercise.measure.lower_is_better else "at least"
        ax.axhline(exercise.target_deg, color=WARN, linestyle="--", linewidth=1,
                   label=f"target: {most} {exercise.target_deg:.0f}°")  # fmt: skip
    ax.set_ylabel(exercise.measure.label, fontsize=8, color=INK)
    ax.legend(fontsize=7, frameon=False, loc="best")
    _dates(ax)
    return _png(fig)


def assessment_chart(series: AssessmentSeries) -> bytes:
    """Results over time against the norm band, with the MDC band around the first result."""
    fig, ax = _figure()
    if series.band_low is not None and series.band_high is not None:
        ax.axhspan(series.band_low, series.band_high, color=BAND,
                   label=f"norm {series.band_label}")  # fmt: skip
    else:
        reference = series.band_typical if series.band_typical is not None else (
            series.band_high if series.band_high is not None else series.band_low
        )  # fmt: skip
        if reference is not None:
            ax.axhline(reference, color=ACCENT, linestyle=":", linewidth=1.2,
                       label=f"norm {series.band_label}")  # fmt: skip
    for index, (part, values) in enumerate(series.scores_by_part().items()):
        color = (INK, WARN, ACCENT)[index % 3]
        label = "result" if part == "result" else f"{part} leg"
        ax.plot(_x([t for t, _ in values]), [v for _, v in values], "o-", color=color,
                markersize=4, label=label)  # fmt: skip
        if series.mdc is not None and index == 0 and values:
            first = values[0][1]
            ax.axhspan(first - series.mdc, first + series.mdc, facecolor="#f4f4f4", zorder=0,
                       hatch="///", edgecolor="#cfcfcf", linewidth=0,
                       label=f"±MDC {series.mdc:g} {series.unit} around first")  # fmt: skip
    ax.set_ylabel(series.unit, fontsize=8, color=INK)
    if series.unit == "stage":
        ax.set_ylim(-0.3, 4.3)
        ax.set_yticks(range(5))
    if not series.higher_is_better:
        ax.invert_yaxis()  # better is up on every chart
    ax.legend(fontsize=7, frameon=False, loc="best")
    _dates(ax)
    return _png(fig)


def pain_chart(pain: Sequence[PainPoint]) -> bytes:
    """Pain (0-10) before and after each session."""
    fig, ax = _figure()
    for moment, color in (("before", WARN), ("after", ACCENT)):
        points = [p for p in pain if p.moment == moment]
        ax.plot(_x([p.recorded_at for p in points]), [p.score for p in points], "o-", color=color,
                markersize=4, label=f"{moment} the session")  # fmt: skip
    ax.set_ylim(-0.5, 10.5)
    ax.set_ylabel("pain 0-10", fontsize=8, color=INK)
    ax.legend(fontsize=7, frameon=False, loc="upper right")
    _dates(ax)
    return _png(fig)


def psfs_chart(psfs: Sequence[PsfsPoint]) -> bytes:
    """Each PSFS activity's rating (0 = unable, 10 = as before) over time."""
    fig, ax = _figure()
    by_activity: dict[str, list[PsfsPoint]] = defaultdict(list)
    for point in psfs:
        by_activity[point.activity].append(point)
    for activity, points in by_activity.items():
        ax.plot(_x([p.recorded_at for p in points]), [p.score for p in points], "o-",
                markersize=4, label=activity[:40])  # fmt: skip
    ax.set_ylim(-0.5, 10.5)
    ax.set_ylabel("PSFS 0-10", fontsize=8, color=INK)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    _dates(ax)
    return _png(fig)
