"""Table cells as people read them: '—' for nothing, numbers to one decimal (pure)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from coach.app.adherence_text import EMPTY_CELL


def cell(value: object, *, decimals: int = 1) -> object:
    """``None``, '' or NaN → '—'; a float → its text with ``decimals`` places; anything else
    as is."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return EMPTY_CELL
    if isinstance(value, float):
        return f"{value:.{decimals}f}"
    return value


def readable_rows(rows: Iterable[Mapping[str, object]]) -> list[dict[str, object]]:
    """Every cell of ``rows`` through :func:`cell`."""
    return [{key: cell(value) for key, value in row.items()} for row in rows]
