"""Golden tests on the real squat clip: 2 completed squats and the unfinished third as partial."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.exercises.library import load_library
from coach.pose.types import Pose
from coach.session.tracker import ExerciseTracker
from coach.session.video import iter_video_frames
from tests.analysis.synthetic import BLAZEPOSE_NAMES
from tests.support.resources import require_model

SQUATS_FPS = 5.0


def test_tfjs_blazepose_golden_keypoints_give_two_squats_and_one_partial(tfjs_media: Path) -> None:
    frames = np.asarray(json.loads((tfjs_media / "pose_squats.full.json").read_text()), np.float32)
    tracker = ExerciseTracker(load_library().exercise("squat"))
    for i, landmarks in enumerate(frames):
        keypoints = np.concatenate([landmarks[:, :2], np.ones((33, 1), np.float32)], axis=1)
        tracker.update(i * 1000 / SQUATS_FPS, Pose(keypoints, BLAZEPOSE_NAMES, 1.0))
    tracker.finish(len(frames) * 1000 / SQUATS_FPS)
    assert (tracker.state.reps_completed, tracker.state.partial_reps) == (2, 1)


@pytest.mark.shared
@pytest.mark.models
@pytest.mark.parametrize("backend", ["movenet-lightning", "blazepose-full"])
def test_coach_analyze_counts_the_real_squat_clip(
    tfjs_media: Path, tmp_path: Path, backend: str
) -> None:
    require_model(backend)
    report_path, annotated = tmp_path / "report.json", tmp_path / "annotated.mp4"
    result = CliRunner().invoke(
        app,
        ["analyze", str(tfjs_media / "pose_squats.mp4"), "--exercise", "squat",
         "--backend", backend, "--json", str(report_path), "--annotate", str(annotated)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text())
    assert report["schema_version"] == 1 and report["backend"] == backend
    squat = report["exercises"][0]
    assert (squat["reps_completed"], squat["partial_reps"]) == (2, 1)
    assert squat["partials"][0]["reason"] == "not_returned"
    # Labelled bottoms: frames 6–14 and 30–38 at 5 fps.
    assert 1200 <= squat["reps"][0]["peak_ms"] <= 2800
    assert 6000 <= squat["reps"][1]["peak_ms"] <= 7600
    frames = list(iter_video_frames(annotated))
    assert len(frames) == 65 and frames[0][1].shape == (1280, 720, 3)


def test_analyze_rejects_a_missing_video_with_exit_code_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "nope.mp4"), "--exercise", "squat"])
    assert result.exit_code == 2
    assert "no such video file" in result.output


def test_analyze_rejects_an_unknown_exercise_listing_known_ones(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"not a video")
    result = CliRunner().invoke(app, ["analyze", str(video), "--exercise", "squatt"])
    assert result.exit_code == 2
    assert "unknown exercise 'squatt'" in result.output and "sit_to_stand" in result.output


def test_analyze_rejects_an_unreadable_video(tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"not a video")
    result = CliRunner().invoke(app, ["analyze", str(video), "--exercise", "squat"])
    assert result.exit_code == 2
    assert "cannot open as video" in result.output


@pytest.mark.shared
@pytest.mark.models
def test_coach_analyze_runs_every_exercise_of_a_routine_with_its_overrides(
    tfjs_media: Path, tmp_path: Path
) -> None:
    require_model("movenet-lightning")
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        app,
        ["analyze", str(tfjs_media / "pose_squats.mp4"), "--routine", "knee_rehab",
         "--json", str(report_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    exercises = {e["id"]: e for e in json.loads(report_path.read_text())["exercises"]}
    assert list(exercises) == [
        "seated_knee_extension", "sit_to_stand", "squat", "wall_sit", "heel_raise"
    ]  # fmt: skip
    squat = exercises["squat"]
    assert (squat["reps_completed"], squat["rom_target_deg"]) == (2, 60)
    assert exercises["seated_knee_extension"]["side"] == "left"
    assert exercises["heel_raise"]["reps_completed"] == 0  # squats: the ankles never rise
