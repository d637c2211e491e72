"""Showing data as text in Streamlit's markdown-rendering elements.

``st.title``, ``st.subheader``, ``st.markdown``, ``st.caption``, ``st.info``/``st.error``…,
widget labels, tab and expander labels all render Markdown: a routine name like
``![x](http://host/p.png)`` would make every viewer's browser fetch that URL, and
``[Reset your password](http://evil)`` would become a link. Every string that came from a user,
a therapist, a YAML file or an error message goes through :func:`plain` before it is
interpolated into such an element; elements that never render Markdown (``st.dataframe``,
``st.selectbox`` options, ``st.text``) take the raw string.
"""

from __future__ import annotations

import string

_ESCAPED = {ord(ch): "\\" + ch for ch in string.punctuation}
_LINE_BREAKS = {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}


def plain(value: object) -> str:
    """``value`` as Markdown source that renders as exactly its text.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows escaping any of
    them), so no link, image, autolink, HTML tag, emphasis, heading, list, code span, math or
    colour directive can start; line breaks become spaces so a value stays on its line.
    """
    return str(value).translate(_LINE_BREAKS).translate(_ESCAPED)
