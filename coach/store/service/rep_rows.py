"""A :class:`RepCompleted` to its ``rep_events`` row and back, from one table of columns.

The row keeps times as whole milliseconds on the session clock, angles in degrees, and NaN
(never measured) as NULL; ``rep_index`` counts from 0 in the set where ``index`` counts from 1.
"""

from __future__ import annotations

import math

from coach.analysis.events import RepCompleted
from coach.store.dto import StoredRep
from coach.store.models import RepEvent

#: Every measured field of a rep → (its column, column units per field unit, whole numbers).
REP_COLUMNS: dict[str, tuple[str, float, bool]] = {
    "start_ms": ("start_ms", 1.0, True),
    "peak_ms": ("peak_ms", 1.0, True),
    "end_ms": ("end_ms", 1.0, True),
    "rom_min_deg": ("rom_min_deg", 1.0, False),
    "rom_max_deg": ("rom_max_deg", 1.0, False),
    "signal_peak": ("signal_peak", 1.0, False),
    "eccentric_s": ("eccentric_ms", 1000.0, True),
    "concentric_s": ("concentric_ms", 1000.0, True),
    "rom_left_deg": ("rom_left_deg", 1.0, False),
    "rom_right_deg": ("rom_right_deg", 1.0, False),
}


def rep_row(rep: RepCompleted) -> RepEvent:
    """The row that stores ``rep`` (its set and ``recorded_at`` are the caller's to fill)."""
    columns: dict[str, float | int | None] = {}
    for field, (column, scale, whole) in REP_COLUMNS.items():
        value = getattr(rep, field) * scale
        columns[column] = None if math.isnan(value) else round(value) if whole else value
    return RepEvent(rep_index=rep.index - 1, side=rep.side, **columns)


def stored_rep(row: RepEvent, set_side: str | None) -> StoredRep:
    """The rep a row stores. Rows from before migration 0005 kept no side (``set_side`` is
    used, else ``both``) and no turn, signal peak or arcs (NaN)."""
    values: dict[str, float] = {}
    for field, (column, scale, _) in REP_COLUMNS.items():
        value = getattr(row, column)
        values[field] = math.nan if value is None else value / scale
    rep = RepCompleted(
        timestamp_ms=float(row.end_ms),
        index=row.rep_index + 1,
        side=row.side or set_side or "both",
        **values,
    )
    return StoredRep(rep=rep, recorded_at=row.recorded_at)
