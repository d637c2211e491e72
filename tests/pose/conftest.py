"""Fixtures of the pose-engine tests: real frames from ../shared/media and installed models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from coach.bench.frames import VideoFrame, read_image, read_video_frames
from coach.pose.keypoints import COCO17_NAMES
from tests.support.resources import require


@pytest.fixture(scope="session")
def pose1_frames(tfjs_media: Path) -> list[VideoFrame]:
    """All 120 frames of ``pose_1.mp4`` (576×576, one dancing person)."""
    path = tfjs_media / "pose_1.mp4"
    require(path.is_file(), f"{path} is missing")
    return read_video_frames(path)


@pytest.fixture(scope="session")
def pose1_golden(tfjs_media: Path) -> npt.NDArray[np.float64]:
    """TF.js MoveNet Lightning output on ``pose_1.mp4``: ``(120, 17, 2)`` pixel x, y."""
    path = tfjs_media / "pose_1.json"
    require(path.is_file(), f"{path} is missing")
    frames = json.loads(path.read_text())
    return np.array([[[f[n]["x"], f[n]["y"]] for n in COCO17_NAMES] for f in frames])


@pytest.fixture(scope="session")
def squat_frames(tfjs_media: Path) -> list[VideoFrame]:
    """All 65 frames of ``pose_squats.mp4`` (720×1280 portrait, 5 fps)."""
    path = tfjs_media / "pose_squats.mp4"
    require(path.is_file(), f"{path} is missing")
    return read_video_frames(path)


@pytest.fixture(scope="session")
def still_photo(tfjs_media: Path) -> npt.NDArray[np.uint8]:
    """``pose.jpg``: one person standing, 1000×667."""
    path = tfjs_media / "pose.jpg"
    require(path.is_file(), f"{path} is missing")
    return read_image(path)


@pytest.fixture()
def gray_frame() -> npt.NDArray[np.uint8]:
    """A 480×640 uniform gray frame: nobody in it."""
    return np.full((480, 640, 3), 128, dtype=np.uint8)
