"""MoveNet's ``.tflite`` path runs on LiteRT: no TensorFlow in the process that coaches.

Each check runs in a fresh Python process, since this test session may already have imported
TensorFlow for the SavedModel tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.resources import require_model

TIMEOUT_S = 300


def _run_script(tmp_path: Path, body: str) -> dict[str, object]:
    """Run ``body`` in a new interpreter; it must print one JSON object as its last line."""
    script = tmp_path / "probe.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.models
def test_lightning_runs_on_the_litert_interpreter_without_importing_tensorflow(
    tmp_path: Path, tfjs_media: Path
) -> None:
    require_model("movenet-lightning")
    result = _run_script(
        tmp_path,
        f"""
        import json, sys
        from pathlib import Path
        from coach.bench.frames import read_image
        from coach.pose import create_detector
        frame = read_image(Path({str(tfjs_media / "pose.jpg")!r}))
        with create_detector("movenet-lightning") as detector:
            poses = detector.estimate(frame, 0.0)
            interpreter = type(detector.runtime._interpreter)
        print(json.dumps({{
            "poses": len(poses),
            "interpreter": interpreter.__module__,
            "tensorflow": "tensorflow" in sys.modules,
        }}))
        """,
    )
    assert result == {
        "poses": 1,
        "interpreter": "ai_edge_litert.interpreter",
        "tensorflow": False,
    }


@pytest.mark.models
def test_a_live_set_counts_the_squats_without_importing_tensorflow(
    tmp_path: Path, tfjs_media: Path
) -> None:
    require_model("movenet-lightning")
    result = _run_script(
        tmp_path,
        f"""
        import json, sys, time
        import av
        from coach.exercises.library import load_library
        from coach.live.processor import LiveSessionProcessor
        from coach.live.records import SetRef
        from coach.session.tracker import ExerciseTracker

        processor = LiveSessionProcessor(backend="movenet-lightning")
        squat = ExerciseTracker(load_library().exercise("squat"))
        processor.begin_set(SetRef(0, "squat", 1), squat)
        assert processor.wait_until_ready(120), processor.detector_error
        with av.open({str(tfjs_media / "pose_squats.mp4")!r}) as container:
            for count, frame in enumerate(container.decode(video=0), start=1):
                processor.process_frame(frame.to_ndarray(format="rgb24"), frame.time * 1000.0)
                while processor.stats().frames_processed < count:
                    time.sleep(0.002)
        processor.end_set()
        processor.close()
        reps = processor.latest().state.reps_completed
        print(json.dumps({{"reps": reps, "tensorflow": "tensorflow" in sys.modules}}))
        """,
    )
    assert result == {"reps": 2, "tensorflow": False}


@pytest.mark.models
def test_coach_analyze_with_lightning_never_imports_tensorflow(
    tmp_path: Path, tfjs_media: Path
) -> None:
    require_model("movenet-lightning")
    report = tmp_path / "report.json"
    result = _run_script(
        tmp_path,
        f"""
        import json, sys
        from coach.cli.main import app
        try:
            app(["analyze", {str(tfjs_media / "pose_squats.mp4")!r}, "-e", "squat",
                 "--json", {str(report)!r}])
        except SystemExit as exc:
            assert not exc.code, exc.code
        print(json.dumps({{"tensorflow": "tensorflow" in sys.modules}}))
        """,
    )
    assert result == {"tensorflow": False}
    analysed = json.loads(report.read_text(encoding="utf-8"))
    assert analysed["backend"] == "movenet-lightning"
    assert analysed["exercises"][0]["reps_completed"] == 2


@pytest.mark.models
def test_blazepose_keeps_mediapipe_and_still_leaves_tensorflow_unloaded(
    tmp_path: Path, tfjs_media: Path
) -> None:
    require_model("blazepose-full")
    result = _run_script(
        tmp_path,
        f"""
        import json, sys
        from pathlib import Path
        from coach.bench.frames import read_image
        from coach.pose import create_detector
        frame = read_image(Path({str(tfjs_media / "pose.jpg")!r}))
        with create_detector("blazepose-full") as detector:
            poses = detector.estimate(frame, 0.0)
        without_tf = "tensorflow" not in sys.modules
        import tensorflow  # chosen later in the same process, it still imports
        print(json.dumps({{
            "poses": len(poses),
            "mediapipe": "mediapipe" in sys.modules,
            "tensorflow_absent_before": without_tf,
            "tensorflow_imports_after": hasattr(tensorflow, "constant"),
        }}))
        """,
    )
    assert result == {
        "poses": 1,
        "mediapipe": True,
        "tensorflow_absent_before": True,
        "tensorflow_imports_after": True,
    }
