"""Chair-stand scoring on real footage, with the squat clip as a proxy for stands.

There is no sit-to-stand clip in ``../shared/media``. The squat clip (front view, 5 fps) has the
movement a chair-stand test times — rising from deep knee flexion to standing — without the
chair: each rise from the bottom of a squat is scored as one stand. Known answer (media
README): bottoms at frames 6–14 and 30–38, standing again by ≈ frames 19 and 43, and a third
descent whose rise is cut off by the end of the clip. So: two full stands, standing reached at
≈ 3.8 s and ≈ 8.6 s, and no five-stand result. The clip proves the stand detection on real
poses; it does not prove the chair-test protocol (no chair, no 30 s window).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.exercises.assessment_library import load_assessments
from coach.exercises.library import load_library
from coach.pose.types import Pose
from coach.session.assessments import create_scorer
from tests.analysis.synthetic import BLAZEPOSE_NAMES
from tests.support.resources import require_model

SQUATS_FPS = 5.0
#: Standing again by ≈ frames 19 and 43 of the 5 fps clip (media README).
STANDING_S = (19 / SQUATS_FPS, 43 / SQUATS_FPS)
#: Three frames at 5 fps: the README labels are "≈", and the counter needs the knee back past
#: its turn threshold, which a real rise reaches a frame or two before it looks upright.
LABEL_TOLERANCE_S = 0.6


def test_tfjs_golden_keypoints_give_two_stands_at_the_labelled_times(tfjs_media: Path) -> None:
    frames = np.asarray(json.loads((tfjs_media / "pose_squats.full.json").read_text()), np.float32)
    library = load_library()
    test = load_assessments(library.exercises).assessment("five_times_sit_to_stand")
    scorer = create_scorer(test, library, start_ms=0.0)
    scorer.start_trial("stands")
    for i, landmarks in enumerate(frames):
        keypoints = np.concatenate([landmarks[:, :2], np.ones((33, 1), np.float32)], axis=1)
        scorer.update(i * 1000 / SQUATS_FPS, Pose(keypoints, BLAZEPOSE_NAMES, 1.0))
    scorer.finish_trial(len(frames) * 1000 / SQUATS_FPS)
    outcome = scorer.outcome()
    assert outcome.scores == {"result": None} and "only 2 of 5" in outcome.note
    standing = [s.standing_s for s in outcome.stands]
    assert standing == pytest.approx(list(STANDING_S), abs=LABEL_TOLERANCE_S)


@pytest.mark.shared
@pytest.mark.models
def test_coach_assess_scores_the_real_squat_clip_as_two_stands(
    tfjs_media: Path, tmp_path: Path
) -> None:
    require_model("movenet-lightning")
    out = tmp_path / "outcome.json"
    result = CliRunner().invoke(
        app,
        ["assess", str(tfjs_media / "pose_squats.mp4"), "--test", "five_times_sit_to_stand",
         "--start-s", "0", "--json", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    outcome = json.loads(out.read_text())
    assert outcome["scores"] == {"result": None} and not outcome["completed"]
    standing = [s["standing_s"] for s in outcome["stands"]]
    assert standing == pytest.approx(list(STANDING_S), abs=LABEL_TOLERANCE_S)
    assert "only 2 of 5 stands completed" in result.output


def test_coach_assess_refuses_a_wrong_number_of_videos(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["assess", "a.mp4", "b.mp4", "--test", "chair_stand_30s"])
    assert result.exit_code == 2
    assert "expected 1 video (stands, in this order)" in result.output
    result = CliRunner().invoke(app, ["assess", "a.mp4", "--test", "chair_stand_60"])
    assert result.exit_code == 2 and "unknown assessment 'chair_stand_60'" in result.output
