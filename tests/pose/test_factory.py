"""``create_detector``: closed set of names, checked options, lazy heavy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coach.pose import DETECTOR_NAMES, create_detector
from coach.pose.factory import options_class
from coach.pose.movenet.options import MoveNetOptions, MultiPoseOptions


def test_unknown_detector_name_lists_the_valid_names() -> None:
    with pytest.raises(
        ValueError,
        match=r"unknown pose detector 'openpose'.*movenet-lightning.*"
        r"blazepose-heavy",
    ):
        create_detector("openpose")


def test_unknown_option_lists_the_valid_options() -> None:
    with pytest.raises(ValueError, match=r"unknown option.*smoothing.*valid options: runtime"):
        create_detector("movenet-lightning", smoothing=True)


def test_option_of_the_wrong_type_is_rejected_before_loading_a_model() -> None:
    with pytest.raises(ValueError, match=r"num_threads of movenet-thunder must be.*'2'"):
        create_detector("movenet-thunder", num_threads="2")
    with pytest.raises(ValueError, match="runtime of movenet-multipose must be"):
        create_detector("movenet-multipose", runtime="onnx")


def test_option_out_of_range_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"min_pose_score must be in 0\.\.1"):
        MoveNetOptions(min_pose_score=1.5)
    with pytest.raises(ValueError, match=r"max_poses must be in 1\.\.6"):
        MultiPoseOptions(max_poses=7)


def test_every_name_has_an_options_dataclass_with_defaults() -> None:
    for name in DETECTOR_NAMES:
        options_class(name)()  # constructible with defaults


def test_importing_the_pose_package_does_not_import_tensorflow_or_mediapipe() -> None:
    code = (
        "import sys, coach.pose, coach.pose.factory; "
        "heavy = [m for m in ('tensorflow', 'mediapipe', 'cv2') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
