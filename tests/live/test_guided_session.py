"""A live guided test through the real frame processor, with a scripted pose detector."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

from coach.exercises.assessment_library import load_assessments
from coach.exercises.library import load_library
from coach.live.guided_assessment import GuidedPhase
from coach.live.guided_session import GuidedTestSession
from coach.live.processor import LiveSessionProcessor
from coach.pose import PoseDetector
from coach.pose.types import Pose
from coach.store import Actor, ClinicService, open_database
from tests.analysis.synthetic import Figure, figure_pose, rep_sequence

FPS = 30.0
SEATED = Figure(shank_up=10, thigh_up=-80, mirror=False)
STANDING = Figure(mirror=False)
WAIT_S = 30.0


class _ScriptedDetector(PoseDetector):
    """Returns the next scripted pose for every frame (the frames' pixels are ignored)."""

    name = "scripted"

    def __init__(self, poses: Iterator[Pose]) -> None:
        super().__init__()
        self.poses = poses

    def _estimate(self, frame: npt.NDArray[np.uint8], timestamp_ms: float) -> list[Pose]:
        return [next(self.poses)]


def _guided_run(
    tmp_path: Path, poses: Iterator[Pose]
) -> tuple[ClinicService, int, GuidedTestSession]:
    """A live five-times sit-to-stand for a new patient, seen through ``poses`` (the clinic,
    the patient's id and the run; the caller closes the run)."""
    library = load_library()
    test = load_assessments(library.exercises).assessment("five_times_sit_to_stand")
    db = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    clinic = ClinicService(db, Actor.system("test"))
    patient = clinic.accounts.create_user("pat", "correct horse battery", "patient", "Pat")
    processor = LiveSessionProcessor(detector_factory=lambda: _ScriptedDetector(poses))
    session = GuidedTestSession(
        service=clinic, patient_id=patient.id, assessment=test, library=library,
        backend="scripted", processor=processor,
    )  # fmt: skip
    return clinic, patient.id, session


def _show(session: GuidedTestSession, frame: npt.NDArray[np.uint8], index: int) -> None:
    """Hand frame ``index`` to the run and wait until the processor has analysed it."""
    session.on_frame(frame, index / FPS)
    deadline = time.monotonic() + WAIT_S
    while session.processor.stats().frames_processed <= index:
        assert time.monotonic() < deadline, session.processor.detector_error
        time.sleep(0.001)


def test_a_live_five_times_sit_to_stand_is_scored_and_saved_with_its_events(
    tmp_path: Path,
) -> None:
    figures = [SEATED] * 100  # set-up and the 3 s countdown
    figures += [f for _, f in rep_sequence(SEATED, STANDING, reps=6, rep_s=2.5, fps=FPS,
                                            rest_s=0.5)]  # fmt: skip
    rng = np.random.default_rng(0)
    poses = iter([figure_pose(f, jitter_px=1.5, rng=rng) for f in figures])
    clinic, patient_id, session = _guided_run(tmp_path, poses)
    # The scripted figure spans x 440-670, y 420-1130 px: a frame that holds it whole.
    frame = np.zeros((1280, 1280, 3), np.uint8)
    try:
        assert not session.ready()  # no frame seen yet: the countdown cannot start
        assert "The camera is not on yet" in session.guided.announcements[-1].text
        for index in range(len(figures)):
            _show(session, frame, index)  # every frame, in turn
            if index == 5:  # seated side-on, whole legs in view: the set-up check passes
                check = session.guided.camera_check
                assert check is not None and check.ok, check
                # what the overlay is drawn from agrees: the patient is in view (not "step into
                # view" while the panel says the camera sees them)
                latest = session.processor.latest()
                assert latest is not None and latest.state is not None
                assert latest.state.pose_visible
                assert session.ready()
            if session.guided.phase is GuidedPhase.DONE:
                break
    finally:
        session.close()
    assert session.guided.phase is GuidedPhase.DONE
    saved = session.save()
    assert saved is not None and saved.mode == "live"
    seconds = saved.scores["result"]
    assert seconds is not None and 14.4 <= seconds <= 15.2  # five 3 s stand cycles after "Go"
    assert len(saved.events["stands"]) == 5
    assert session.save() == saved  # stored once
    assert len(clinic.assessments.results(patient_id)) == 1


def test_a_live_test_does_not_count_down_while_the_camera_cannot_see_the_feet(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(0)
    poses = iter([figure_pose(SEATED, jitter_px=1.5, rng=rng) for _ in range(10)])
    _, _, session = _guided_run(tmp_path, poses)
    frame = np.zeros((1000, 1280, 3), np.uint8)  # cut off above the ankles (y ≈ 1130 px)
    try:
        for index in range(10):
            _show(session, frame, index)
        assert not session.ready()
        assert session.guided.phase is GuidedPhase.SETUP
        said = session.guided.announcements[-1].text
        assert said.startswith("Not yet. I can't see your feet.")
    finally:
        session.close()
