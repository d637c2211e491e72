"""Fixtures of the real-browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.fake_camera import FakeCameraClip, make_fake_camera_clip


@pytest.fixture(scope="module")
def fake_camera(
    tfjs_media: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FakeCameraClip]:
    """The squat clip as a 640×480, 30 fps ``.y4m`` (~180 MB: removed after the module)."""
    folder = tmp_path_factory.mktemp("camera")
    clip = make_fake_camera_clip(tfjs_media / "pose_squats.mp4", folder / "squats.y4m")
    yield clip
    clip.path.unlink(missing_ok=True)
