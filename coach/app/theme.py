"""A little CSS so numbers are big and the pages read like a product, not a notebook."""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
/* Metrics are what a therapist scans first: make the value large and the label quiet. */
[data-testid="stMetricValue"] { font-size: 2.2rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 0.95rem; color: #4b5563; }
/* Keep the content column readable on wide screens. */
.block-container { padding-top: 2rem; max-width: 1400px; }
/* Captions and help text at 4.5:1 or more against white (Streamlit's grey is about 3.7:1). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p, [data-testid="stMarkdownContainer"] small {
  color: #4b5563 !important;  /* Streamlit's own rule comes later in the page and would win */
}
/* Streamlit also draws captions at 60 % opacity, which fades that grey to about 2.9:1 on
   white: keep them opaque so they stay at 7.6:1. */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
/* The file uploader's "200MB per file • MP4, ..." is light grey on its grey drop zone
   (under 3.7:1): the same dark grey as captions reads at about 6.7:1 there. */
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stFileUploaderDropzoneInstructions"] small { color: #4b5563 !important; }
/* Streamlit puts a link icon (an anchor to copy) beside every heading; on a phone it shows
   beside page titles and means nothing to a patient or a therapist. */
[data-testid="stHeaderActionElements"] { display: none !important; }
/* Markdown tables (coach.app.text_table: the patient's pages, the short tables of Progress and
   Outcomes) wrap, and scroll sideways inside their
   column on a phone instead of pushing the page wider than the screen. */
[data-testid="stMarkdownContainer"] table { display: block; overflow-x: auto; max-width: 100%; }
/* YAML is indentation-sensitive: show it in a monospace font. */
textarea[aria-label="Routine YAML"] { font-family: ui-monospace, Menlo, Consolas, monospace; }
</style>
"""


def apply() -> None:
    """Inject the app's CSS into the current page."""
    st.markdown(_CSS, unsafe_allow_html=True)
