"""Reading what the app shows: data strings reach Streamlit as escaped Markdown (no markup from
data), so a test compares the text as a reader sees it, backslash escapes removed."""

from __future__ import annotations

import re


def as_displayed(markdown_source: str) -> str:
    """``markdown_source`` without its backslash escapes (``a \\(b\\)`` → ``a (b)``)."""
    return re.sub(r"\\(.)", r"\1", markdown_source)
