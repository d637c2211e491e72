"""Fixtures shared by the whole suite.

Tests that need ``../shared`` (real footage) or the fetched models are skipped with a reason
when those are missing on a developer machine, and fail under CI (``CI=true``), where a missing
resource means the pipeline is broken rather than the test being optional.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


@pytest.fixture(autouse=True)
def _pose_weights_need_the_models_marker(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fail a test that loads pose weights without ``@pytest.mark.models``.

    So ``pytest -m "not models"`` really needs no weights: a detector that is built (its
    weights found and loaded) in an unmarked test fails that test and names the fix.
    """
    if request.node.get_closest_marker("models") is not None:
        return
    from coach.pose.blazepose.detector import BlazePoseDetector
    from coach.pose.movenet.multipose import MoveNetMultiPoseDetector
    from coach.pose.movenet.single import MoveNetSinglePoseDetector

    for detector_class in (MoveNetSinglePoseDetector, MoveNetMultiPoseDetector, BlazePoseDetector):
        original = detector_class.__init__

        def guarded(self: object, *args: object, _init: Any = original, **kwargs: object) -> None:
            _init(self, *args, **kwargs)
            pytest.fail(
                f"{request.node.nodeid} loads pose weights ({type(self).__name__}); "
                "mark it @pytest.mark.models"
            )

        monkeypatch.setattr(detector_class, "__init__", guarded)
