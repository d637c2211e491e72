"""The camera panel's plain dict/list arguments are answered without pandas, as Streamlit would."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.components.v1 import custom_component

from coach.app.components import component_args

#: Arguments of the kind streamlit-webrtc passes to its component (settings as plain dicts).
WEBRTC_LIKE_ARGS: list[object] = [
    {},
    {"iceServers": [{"urls": ["stun:stun.example.org:3478"]}]},
    {"video": {"width": {"ideal": 640}}, "audio": False},
    {"start": "Start camera", "stop": "Stop camera"},
    [{"urls": ["turn:turn.example.org"]}],
    [],
]


@pytest.mark.parametrize("value", WEBRTC_LIKE_ARGS)
def test_plain_arguments_are_not_dataframes_for_streamlit_either(value: object) -> None:
    assert not dataframe_util.is_dataframe_like(value)  # Streamlit's own answer (pandas loaded)


def test_a_plain_dict_is_answered_without_pandas_only_while_pandas_is_absent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not component_args.plainly_not_a_dataframe({"a": 1})  # pandas is loaded here
    monkeypatch.delitem(sys.modules, "pandas")
    assert component_args.plainly_not_a_dataframe({"a": 1})
    assert component_args.plainly_not_a_dataframe([1, 2])
    assert not component_args.plainly_not_a_dataframe(("a", 1))  # anything else: Streamlit asks


def test_install_keeps_streamlits_answer_for_real_dataframes() -> None:
    component_args.install()
    component_args.install()  # idempotent: one wrapper, not a chain
    patched = custom_component.is_dataframe_like
    assert getattr(patched, "_coach_without_pandas", False)
    assert patched({"column": pd.Series([1, 2])})  # pandas loaded: Streamlit decides
    assert patched(pd.DataFrame({"a": [1]}))
    assert not patched({"video": {"width": 640}})
