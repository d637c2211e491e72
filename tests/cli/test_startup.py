"""``coach --help`` and light commands load no heavy library (their speed, without timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("tensorflow", "mediapipe", "ai_edge_litert", "cv2", "av", "streamlit", "aiortc")


def _modules_after(*args: str) -> list[str]:
    script = (
        "import json, sys\n"
        "from coach.cli.main import app\n"
        "try:\n"
        f"    app({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    loaded: list[str] = json.loads(completed.stdout.strip().splitlines()[-1])
    return loaded


def test_help_loads_no_model_runtime_codec_or_web_framework() -> None:
    assert _modules_after("--help") == []


def test_listing_exercises_loads_no_model_runtime_codec_or_web_framework() -> None:
    assert _modules_after("exercises", "list") == []
