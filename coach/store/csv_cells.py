"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets, so a cue text or a name typed by one user could
run in the therapist's spreadsheet. Such text cells get a leading apostrophe, which the
spreadsheet shows as text and does not display. Numbers are left alone: ``-12.5`` written from a
float is a value, not a formula. Every CSV this project writes goes through :func:`csv_cell`.
"""

from __future__ import annotations

import math

#: First characters that make a spreadsheet evaluate a cell (OWASP list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """``value`` as written to a CSV cell: text that could start a formula is prefixed ``'``.

    Non-text values (numbers, ``None``, booleans) are returned unchanged, except NaN (a value
    that was never measured), which becomes ``None``: an empty cell, not the text ``nan``.
    """
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
