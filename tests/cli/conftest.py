"""Fixtures of the command-line tests."""

from __future__ import annotations

import pytest

from tests.support.no_work import refuse_work


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if a pose model is built or a frame decoded (input checks come first)."""
    refuse_work(monkeypatch)
