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

import re

#: Every ASCII punctuation character that can start or end Markdown, HTML, an autolink
#: (``http://``, ``www.``, ``a@b``), math (``$``), an entity (``&``) or a Streamlit directive
#: (``:red[…]``, ``:material/…:``). ``:`` itself stays: escaping ``/`` and ``[`` is enough.
_MARKUP_CHARACTERS = "\\`*_{}[]()<>#+-.!|~$/@&="
_ESCAPED = {ord(ch): "\\" + ch for ch in _MARKUP_CHARACTERS}
_LINE_BREAKS = {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}
#: Streamlit's GFM plugin turns ``http://…``, ``www.…`` and ``a@b.c`` in *text* into links
#: after escapes are resolved, so escaping cannot stop it; an invisible WORD JOINER (U+2060)
#: inside each pattern does.
_WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?i)(://|www\.|@)")


def plain(value: object) -> str:
    """``value`` as Markdown source that renders as exactly its text.

    Every punctuation character that Markdown, GFM or Streamlit give a meaning is
    backslash-escaped (CommonMark allows escaping any ASCII punctuation), so no link, image,
    autolink, HTML tag, emphasis, heading, list, code span, math or colour directive can
    start; line breaks become spaces so a value stays on its line. Bare URLs, ``www.`` names
    and e-mail addresses get an invisible word joiner so that they are not turned into links.
    """
    text = str(value).translate(_LINE_BREAKS)
    text = _AUTOLINK_START.sub(lambda m: m.group(1)[:-1] + _WORD_JOINER + m.group(1)[-1], text)
    return text.translate(_ESCAPED)


def code(value: object) -> str:
    """``value`` as a Markdown code span (shown in monospace, never parsed as Markdown).

    The fence is one backtick longer than the longest run of backticks in the value, and padded
    with spaces, so the value cannot close the span early.
    """
    text = str(value).translate(_LINE_BREAKS)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"{fence}{text}{fence}"
