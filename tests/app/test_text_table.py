"""Patient-page tables as Markdown: every cell shown as its text, whatever it holds."""

from __future__ import annotations

from coach.app.text_table import markdown_table
from tests.support.markdown import table_rows


def test_rows_become_a_markdown_table_with_the_first_rows_keys_as_columns() -> None:
    source = markdown_table([{"Exercise": "Squat", "Set": 1}, {"Exercise": "Bridge", "Set": 2}])
    assert source.splitlines()[:2] == ["| Exercise | Set |", "|---|---|"]
    assert table_rows(source) == [
        {"Exercise": "Squat", "Set": "1"},
        {"Exercise": "Bridge", "Set": "2"},
    ]


def test_a_cell_with_pipes_and_markup_stays_one_cell_of_plain_text() -> None:
    note = "Knees | out ![x](http://host/p.png) **now**"
    source = markdown_table([{"Note from your therapist": note, "Sets": 2}])
    body = source.splitlines()[2]
    assert "![" not in body and "**" not in body and " | out" not in body
    assert table_rows(source) == [{"Note from your therapist": note.replace("://", ":/\u2060/"),
                                   "Sets": "2"}]  # fmt: skip


def test_no_rows_give_no_table() -> None:
    assert markdown_table([]) == ""
