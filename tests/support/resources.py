"""Resources a test needs: ../shared media and fetched models.

Missing ones skip the test with a reason on a developer machine and fail it under CI
(``CI=true``), where a missing resource means the pipeline is broken.
"""

from __future__ import annotations

import os

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (under CI) when a needed resource is missing."""
    if condition:
        return
    if on_ci():
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


#: TF.js feeds its golden-test videos at 33.333 ms steps whatever the clip's frame rate.
TFJS_FRAME_STEP_MS = 33.3333


def require_model(name: str) -> None:
    """Skip (fail under CI) unless pose model ``name`` is installed."""
    from coach.pose.models.registry import (
        ModelNotInstalledError,
        blazepose_landmark_path,
        model_paths,
    )

    try:
        if name.startswith("blazepose"):
            blazepose_landmark_path(name)
        else:
            model_paths(name)
    except ModelNotInstalledError as exc:
        require(False, str(exc))
