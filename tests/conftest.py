"""Fixtures shared by the whole suite.

Tests that need ``../shared`` (real footage) or the fetched models are skipped with a reason
when those are missing on a developer machine, and fail under CI (``CI=true``), where a missing
resource means the pipeline is broken rather than the test being optional.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import paths
from tests.support.resources import require

pytest_plugins = ["tests.support.database_fixtures"]


@pytest.fixture(scope="session")
def shared_media() -> Path:
    """``../shared/media``, the real footage with known answers."""
    media = paths.shared_media_dir()
    require(media.is_dir(), f"shared media not found at {media} (set COACH_SHARED_DIR)")
    return media


@pytest.fixture(scope="session")
def tfjs_media(shared_media: Path) -> Path:
    """``../shared/media/tfjs``: TF.js pose-detection clips and their golden outputs."""
    folder = shared_media / "tfjs"
    require(folder.is_dir(), f"{folder} is missing")
    return folder
