"""Fixtures for the live-session tests: real clip frames, a real model, a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from coach import paths
from coach.store import Actor, ClinicService, Database, UserInfo, authenticate, open_database
from tests.support.accounts import PASSWORD
from tests.support.resources import require

BACKEND = "movenet-lightning"


@pytest.fixture(scope="session")
def squat_clip(tfjs_media: Path) -> list[tuple[float, npt.NDArray[np.uint8]]]:
    """``(timestamp_s, rgb)`` of every frame of pose_squats.mp4 (5 fps, 2 squats + a half)."""
    import av

    with av.open(str(tfjs_media / "pose_squats.mp4")) as container:
        return [
            (float(frame.time), frame.to_ndarray(format="rgb24"))
            for frame in container.decode(video=0)
        ]


@pytest.fixture(scope="session")
def lightning_installed() -> None:
    model_dir = paths.models_dir() / BACKEND
    require(model_dir.is_dir(), f"{BACKEND} not installed in {model_dir} (coach models fetch)")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'coach.db'}")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def patient(db: Database) -> tuple[ClinicService, UserInfo]:
    """A signed-in patient's service and account; their therapist allowed them the exercises
    these tests record (squat, elbow curl), as only prescribed or allowed ones may be."""
    system = ClinicService(db, Actor.system("test"))
    system.accounts.create_user("thera", PASSWORD, "therapist", "Theo Therapist")
    therapist = ClinicService(db, authenticate(db, "thera", PASSWORD))
    user = therapist.accounts.create_patient("pat", PASSWORD, "Pat Patient")
    for exercise_key in ("squat", "elbow_curl"):
        therapist.allowances.allow_exercise(user.id, exercise_key)
    return ClinicService(db, authenticate(db, "pat", PASSWORD)), user
