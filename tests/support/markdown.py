"""Reading what the app shows: data strings reach Streamlit as escaped Markdown (no markup from
data), so a test compares the text as a reader sees it, backslash escapes removed."""

from __future__ import annotations

import re


def as_displayed(markdown_source: str) -> str:
    """``markdown_source`` without its backslash escapes (``a \\(b\\)`` → ``a (b)``)."""
    return re.sub(r"\\(.)", r"\1", markdown_source)


def table_rows(markdown_source: str) -> list[dict[str, str]]:
    """The rows of a Markdown table as displayed: one dict per body row, keyed by the header.

    Cells are split on unescaped ``|`` and read through :func:`as_displayed`.
    """
    lines = [line.strip() for line in markdown_source.strip().splitlines()]

    def cells(line: str) -> list[str]:
        inner = line[1:-1] if line.startswith("|") and line.endswith("|") else line
        return [as_displayed(cell.strip()) for cell in re.split(r"(?<!\\)\|", inner)]

    header = cells(lines[0])
    return [dict(zip(header, cells(line), strict=True)) for line in lines[2:]]
