"""A copy of the exercise library in which squats and sit-to-stands count on BlazePose-only
points (the heels instead of the ankles), to test the refusal on COCO-17 backends."""

from __future__ import annotations

import shutil
from pathlib import Path

LIBRARY = Path(__file__).parents[2] / "exercises"


def heel_counted_library(folder: Path) -> Path:
    """``folder`` filled with the library; ``squat`` and ``sit_to_stand`` measure their
    counting signal (hip descent, knee flexion) to the heel rather than the ankle."""
    shutil.copytree(LIBRARY, folder)
    for name, old, new in (
        ("squat", '["{side}_hip", "{side}_ankle"]', '["{side}_hip", "{side}_heel"]'),
        (
            "sit_to_stand",
            '["{side}_hip", "{side}_knee", "{side}_ankle"]',
            '["{side}_hip", "{side}_knee", "{side}_heel"]',
        ),
    ):
        path = folder / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{path} no longer has {old}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder
