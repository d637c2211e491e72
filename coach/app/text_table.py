"""A small read-only table as Markdown, so a page can show it without pandas (pure).

``st.dataframe`` turns its rows into a pandas frame and Arrow bytes: the first table drawn
imports pandas and pyarrow into the server process for good (~63 MB of resident memory,
measured as RSS deltas of the imports in a fresh interpreter). The patient's pages, which run
beside live sessions, show their few rows as a Markdown table instead. Every header and cell
goes through :func:`coach.app.text.plain`, which also escapes ``|``, so data can neither add
markup nor break out of its cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coach.app.text import plain


def markdown_table(rows: Sequence[Mapping[str, object]]) -> str:
    """GitHub-flavoured Markdown for ``rows`` (one dict per row; the first row's keys are the
    columns, in order). Empty ``rows`` give an empty string."""
    if not rows:
        return ""
    columns = list(rows[0])
    lines = [
        "| " + " | ".join(plain(column) for column in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(plain(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)
