"""Video decode with real timestamps, the threaded analysis pipeline, overlay and writer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.exercises.library import load_library
from coach.pose.detector import Frame, PoseDetector
from coach.pose.types import Pose
from coach.render.annotated_video import AnnotatedVideoWriter
from coach.render.overlay import draw_overlay
from coach.session.report import AnalysisReport
from coach.session.tracker import ExerciseTracker
from coach.session.video import analyze_video, iter_video_frames, upright
from tests.analysis.synthetic import BLAZEPOSE_NAMES, Figure, figure_pose


class GoldenReplayDetector(PoseDetector):
    """Replays TF.js's BlazePose output for pose_squats.mp4, one pose per decoded frame."""

    name = "golden-replay"

    def __init__(self, golden: np.ndarray) -> None:
        super().__init__()
        self._golden = golden
        self._next = 0

    def _estimate(self, frame: Frame, timestamp_ms: float) -> list[Pose]:
        landmarks = self._golden[self._next]
        self._next += 1
        keypoints = np.concatenate([landmarks[:, :2], np.ones((33, 1), np.float32)], axis=1)
        return [Pose(keypoints.astype(np.float32), BLAZEPOSE_NAMES, 1.0)]

    def reset(self) -> None:
        super().reset()
        self._next = 0


def test_frames_are_timed_by_their_presentation_timestamps(tfjs_media: Path) -> None:
    stamps = [t for t, rgb in iter_video_frames(tfjs_media / "pose_squats.mp4")]
    assert len(stamps) == 65
    assert np.allclose(np.diff(stamps), 200.0, atol=1.0)  # 5 fps clip


def test_analyze_video_reports_the_golden_squats(tfjs_media: Path) -> None:
    golden = np.asarray(json.loads((tfjs_media / "pose_squats.full.json").read_text()), np.float32)
    seen: list[int] = []
    report = analyze_video(
        tfjs_media / "pose_squats.mp4",
        [load_library().exercise("squat")],
        GoldenReplayDetector(golden),
        progress=lambda done, total: seen.append(done),
    )
    assert seen[-1] == 65
    squat = report.exercises[0]
    assert (squat.reps_completed, squat.partial_reps) == (2, 1)
    assert [r.index for r in squat.reps] == [1, 2]
    assert all(r.rom_deg > 50 for r in squat.reps)  # NaN (unmeasured) fails
    again = AnalysisReport.model_validate_json(report.model_dump_json())
    assert again == report and again.schema_version == 1


def test_overlay_draws_on_a_copy_and_marks_the_skeleton() -> None:
    frame = np.zeros((1280, 1200, 3), np.uint8)
    pose = figure_pose(Figure())
    tracker = ExerciseTracker(load_library().exercise("squat"))
    tracker.update(0.0, pose)
    out = draw_overlay(frame, pose, tracker.state)
    assert frame.max() == 0  # input untouched
    x, y = (round(v) for v in pose.xy("left_knee"))
    assert out[y - 3 : y + 4, x - 3 : x + 4].max() > 0
    assert out[:100].any()  # counter panel


def test_annotated_video_keeps_frame_count_and_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "out.mp4"
    with AnnotatedVideoWriter(path, 321, 240) as writer:
        for i in range(10):
            writer.write(i * 200.0, np.full((240, 321, 3), i * 20, np.uint8))
    decoded = list(iter_video_frames(path))
    assert [round(t) for t, _ in decoded] == [i * 200 for i in range(10)]
    assert decoded[0][1].shape == (240, 320, 3)


def test_exercises_validate_reports_file_line_and_field_with_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "squat.yaml"
    text = (Path(__file__).parents[2] / "exercises" / "squat.yaml").read_text()
    bad.write_text(text.replace("camera_view: front", "camera_view: above"))
    result = CliRunner().invoke(app, ["exercises", "validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "[camera_view]" in result.output
    assert "'front' or 'side'" in result.output


def test_exercises_schema_is_json_schema_with_field_descriptions() -> None:
    result = CliRunner().invoke(app, ["exercises", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert "description" in schema["properties"]["camera_view"]


@pytest.mark.parametrize("command", [["exercises", "validate"], ["exercises", "list"]])
def test_library_commands_succeed_on_the_shipped_library(command: list[str]) -> None:
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output


def test_phone_rotation_metadata_turns_the_frame_upright_like_ffmpeg() -> None:
    landscape = np.zeros((2, 3, 3), np.uint8)
    landscape[0, 0] = 255  # top-left marker
    # A portrait phone clip stores landscape pixels with a -90 degree display rotation: FFmpeg
    # turns it 90 degrees clockwise, moving the top-left pixel to the top-right.
    portrait = upright(landscape, -90)
    assert portrait.shape == (3, 2, 3)
    assert portrait[0, 1, 0] == 255
    assert upright(landscape, 0) is landscape
    assert upright(landscape, 180)[1, 2, 0] == 255
