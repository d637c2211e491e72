"""Keep pandas out of the server when a custom component (the webcam panel) is drawn.

Streamlit's v1 custom components pass every argument through
``streamlit.dataframe_util.is_dataframe_like``, which imports pandas (and pyarrow) to answer even
for a plain ``dict``. streamlit-webrtc passes its settings as dicts, so drawing the camera panel
would pull pandas into every server that runs live sessions (~37 MB of resident memory on top of
pyarrow, which Streamlit imports for components anyway; RSS deltas of the imports measured in a
fresh interpreter). In Streamlit's sense a plain dict or list is dataframe-like only when it
holds pandas ``Series``, which cannot exist before pandas is imported: :func:`install` answers
those cases without importing it and leaves every other argument to Streamlit's own check.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

logger = logging.getLogger(__name__)

_PATCHED = "_coach_without_pandas"


def plainly_not_a_dataframe(value: object) -> bool:
    """True when ``value`` is a plain ``dict``/``list`` and pandas has not been imported.

    Such a value cannot be a dataframe (it could only be a mapping of pandas ``Series``), so the
    answer needs no import.
    """
    return type(value) in (dict, list) and "pandas" not in sys.modules


def _without_pandas(check: Callable[[object], bool]) -> Callable[[object], bool]:
    def is_dataframe_like(value: object) -> bool:
        return False if plainly_not_a_dataframe(value) else check(value)

    setattr(is_dataframe_like, _PATCHED, True)
    return is_dataframe_like


def install() -> None:
    """Answer plain component arguments without pandas (idempotent; a no-op if Streamlit's
    component module no longer looks as expected)."""
    from streamlit.components.v1 import custom_component

    check = getattr(custom_component, "is_dataframe_like", None)
    if check is None:
        logger.warning("streamlit custom components changed: pandas may load with the camera")
        return
    if not getattr(check, _PATCHED, False):
        setattr(custom_component, "is_dataframe_like", _without_pandas(check))  # noqa: B010
