"""A chart on a page: its title as text above it, the figure, and the sentences under it.

The title is a Streamlit element rather than Plotly's own title because Plotly never wraps a
title: at phone width (390 px) a long one ("Seated knee extension: reps per session vs
prescription") was cut off. As text it wraps at any width, and no tool bar sits on it.
"""

from __future__ import annotations

from streamlit.delta_generator import DeltaGenerator

from coach.app.charts import TitledFigure, figure_config
from coach.app.text import plain


def show_chart(container: DeltaGenerator, chart: TitledFigure, *lines: str) -> None:
    """Draw ``chart`` in ``container`` (a column, a tab or ``st``) with ``lines`` as captions.

    ``lines`` are shown as Markdown captions as given (:mod:`coach.app.chart_summaries` builds
    them from numbers and dates); the title is data and shown as plain text.
    """
    container.markdown(f"**{plain(chart.title)}**")
    container.plotly_chart(chart.figure, config=figure_config())
    for line in lines:
        container.caption(line)
