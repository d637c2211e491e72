"""The guided live run of a standard test, driven by scripted poses on the frame clock."""

from __future__ import annotations

import numpy as np
import pytest

from coach.exercises.assessment_library import AssessmentLibrary, load_assessments
from coach.exercises.library import ExerciseLibrary, load_library
from coach.live.camera_check import CameraView, check_camera
from coach.live.guided_assessment import GuidedAssessment, GuidedPhase
from coach.live.guided_camera import trial_cameras
from coach.session.assessments import create_scorer
from tests.analysis.synthetic import Figure, figure_pose, rep_sequence

FPS = 30.0
SEATED = Figure(shank_up=10, thigh_up=-80, mirror=False)
STANDING = Figure(mirror=False)
FEET_TOGETHER, SEMI_TANDEM = Figure(), Figure(r_thigh_down=6, r_shank_down=6)
TANDEM = Figure(r_thigh_down=12.2, r_shank_down=12.2)
STEPPED_OUT = Figure(r_thigh_down=-25, r_shank_down=-25)
#: Frames through the 3 s countdown: "Go" falls on the frame at 3.0 s.
COUNTDOWN_FEED_S = 3.1


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return load_library()


@pytest.fixture(scope="module")
def assessments(library: ExerciseLibrary) -> AssessmentLibrary:
    return load_assessments(library.exercises)


def _guided(
    library: ExerciseLibrary, assessments: AssessmentLibrary, test_id: str
) -> GuidedAssessment:
    test = assessments.assessment(test_id)
    return GuidedAssessment(test, create_scorer(test, library))


def _feed(run: GuidedAssessment, frames: list[tuple[float, Figure]], offset_ms: float) -> float:
    rng = np.random.default_rng(0)
    for t, figure in frames:
        run.on_frame(offset_ms + t, figure_pose(figure, jitter_px=1.5, rng=rng))
    return offset_ms + frames[-1][0] + 1000.0 / FPS


def _still(figure: Figure, seconds: float) -> list[tuple[float, Figure]]:
    return [(i * 1000.0 / FPS, figure) for i in range(int(seconds * FPS))]


def test_chair_stand_counts_down_says_go_and_stops_itself_at_30_seconds(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    run = _guided(library, assessments, "chair_stand_30s")
    assert run.phase is GuidedPhase.SETUP and "Side-on" in run.announcements[0].text
    _feed(run, _still(SEATED, 1.0), 0.0)  # the patient sits down; nothing starts on its own
    assert run.phase is GuidedPhase.SETUP
    run.ready()
    go_ms = _feed(run, _still(SEATED, COUNTDOWN_FEED_S), 1000.0)
    texts = [a.text for a in run.announcements]
    assert texts[-4:] == ["3", "2", "1", "Go!"] and run.phase is GuidedPhase.RUNNING
    # Twelve stands from just after "Go": standing at about 1.4 s + 3 s·k, so 10 reach standing
    # within 30 s.
    _feed(run, list(rep_sequence(SEATED, STANDING, reps=12, rep_s=2.5, fps=FPS, rest_s=0.5)),
          go_ms)  # fmt: skip
    assert run.phase is GuidedPhase.DONE and run.outcome is not None
    assert run.outcome.scores == {"result": 10.0} and run.outcome.start_source == "cue"
    assert run.announcements[-1].text.startswith("Stop.")


def test_five_times_sit_to_stand_stops_when_seated_after_the_fifth_stand(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    run = _guided(library, assessments, "five_times_sit_to_stand")
    run.ready()
    go_ms = _feed(run, _still(SEATED, COUNTDOWN_FEED_S), 0.0)
    frames = list(rep_sequence(SEATED, STANDING, reps=7, rep_s=2.5, fps=FPS, rest_s=0.5))
    _feed(run, frames, go_ms)
    assert run.phase is GuidedPhase.DONE and run.outcome is not None
    seconds = run.outcome.scores["result"]
    assert seconds is not None and 14.5 <= seconds <= 15.2
    assert len(run.outcome.stands) == 5  # stopped at the fifth: the 6th and 7th never scored


def test_four_stage_balance_moves_through_the_stages_and_stops_at_the_first_failure(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    run = _guided(library, assessments, "four_stage_balance")
    clock = 0.0
    for stance in (FEET_TOGETHER, SEMI_TANDEM):
        run.ready()
        assert "Hold it for 10 seconds" in run.announcements[-1].text
        clock = _feed(run, _still(stance, COUNTDOWN_FEED_S), clock)  # countdown
        clock = _feed(run, _still(stance, 10.5), clock)
        assert run.phase is GuidedPhase.BETWEEN
    assert "Next: Tandem" in run.announcements[-1].text
    run.ready()
    clock = _feed(run, _still(TANDEM, COUNTDOWN_FEED_S), clock)
    clock = _feed(run, _still(TANDEM, 6.0) + [(6000 + t, STEPPED_OUT) for t, _ in
                                              _still(STEPPED_OUT, 1.0)], clock)  # fmt: skip
    assert run.phase is GuidedPhase.DONE and run.outcome is not None
    assert run.outcome.scores == {"result": 2.0}
    assert [t.reason for t in run.outcome.trials] == ["target_reached", "target_reached", "step"]


def test_four_stage_balance_asks_for_the_one_leg_stage_on_the_left_then_the_right_leg(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    run = _guided(library, assessments, "four_stage_balance")
    clock = 0.0
    for stance in (FEET_TOGETHER, SEMI_TANDEM, TANDEM):
        run.ready()
        clock = _feed(run, _still(stance, COUNTDOWN_FEED_S), clock)
        clock = _feed(run, _still(stance, 10.5), clock)
    assert run.phase is GuidedPhase.BETWEEN and run.trial == "single_leg_left"
    assert "Next: One leg, left leg: Stand on your left leg and lift your right foot." in (
        run.announcements[-1].text
    )
    run.ready()
    clock = _feed(run, _still(FEET_TOGETHER, COUNTDOWN_FEED_S), clock)
    clock = _feed(run, _still(FEET_TOGETHER, 4.0), clock)  # the foot is never lifted
    run.stop()  # the helper stops the trial: the right leg follows
    assert run.phase is GuidedPhase.BETWEEN and run.trial == "single_leg_right"
    assert "Stand on your right leg and lift your left foot." in run.instruction


def _cameras_guided(
    library: ExerciseLibrary, assessments: AssessmentLibrary, test_id: str
) -> GuidedAssessment:
    test = assessments.assessment(test_id)
    return GuidedAssessment(test, create_scorer(test, library),
                            cameras=trial_cameras(test, library))  # fmt: skip


def test_each_trial_asks_the_camera_for_its_view_and_the_feet_or_the_whole_body(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    chair = trial_cameras(assessments.assessment("chair_stand_30s"), library)
    assert list(chair) == ["stands"]
    assert chair["stands"].view is CameraView.SIDE
    assert {"left_hip", "left_knee", "left_ankle", "right_ankle"} <= set(chair["stands"].keypoints)
    staged = trial_cameras(assessments.assessment("four_stage_balance"), library)
    assert list(staged) == ["feet_together", "semi_tandem", "tandem", "single_leg_left",
                            "single_leg_right"]  # fmt: skip
    for needs in staged.values():
        assert needs.view is CameraView.FRONT
        assert {"nose", "left_ankle", "right_ankle"} <= set(needs.keypoints)  # head to feet
    stance = trial_cameras(assessments.assessment("single_leg_stance_time"), library)
    assert list(stance) == ["left", "right"]


def test_the_countdown_waits_for_a_passing_camera_check_and_says_what_to_fix(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    run = _cameras_guided(library, assessments, "four_stage_balance")
    needs = run.camera_needs()
    assert needs is not None and needs.view is CameraView.FRONT
    assert not run.ready() and run.phase is GuidedPhase.SETUP  # no frame yet
    assert "The camera is not on yet" in run.announcements[-1].text
    pose = figure_pose(FEET_TOGETHER)
    run.see(check_camera(pose, 1280, 1000, needs.view, needs.keypoints), 0.0)  # feet cut off
    assert not run.ready() and run.phase is GuidedPhase.SETUP
    assert run.announcements[-1].text == "Not yet. I can't see your feet. Move so they are in " \
        "the picture. You are too close. Step back a little."  # fmt: skip
    run.see(check_camera(pose, 1280, 1280, needs.view, needs.keypoints), 0.0)
    assert run.ready() and run.phase is GuidedPhase.COUNTDOWN
    assert run.camera_needs() is needs  # checked on through the countdown
    clock = _feed(run, _still(FEET_TOGETHER, COUNTDOWN_FEED_S), 0.0)
    _feed(run, _still(FEET_TOGETHER, 10.5), clock)
    assert run.phase is GuidedPhase.BETWEEN
    assert not run.camera_ok  # the next stage is checked anew


def test_the_countdown_is_called_off_when_the_patient_leaves_the_picture_and_not_for_a_glitch(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    run = _cameras_guided(library, assessments, "four_stage_balance")
    needs = run.camera_needs()
    assert needs is not None
    in_view = check_camera(figure_pose(FEET_TOGETHER), 1280, 1280, needs.view, needs.keypoints)
    feet_cut = check_camera(figure_pose(FEET_TOGETHER), 1280, 1000, needs.view, needs.keypoints)
    assert in_view.ok and not feet_cut.ok
    frame_ms = 1000.0 / FPS
    run.see(in_view, 0.0)
    assert run.ready() and run.phase is GuidedPhase.COUNTDOWN
    # The check goes on through the countdown: a few frames without the feet (0.3 s) are a
    # detection glitch and the countdown goes on...
    clock = 0.0
    for i in range(90):
        clock = i * frame_ms
        run.see(feet_cut if 30 <= i < 39 else in_view, clock)
        run.on_frame(clock, figure_pose(FEET_TOGETHER))
        if i < 89:
            assert run.phase is GuidedPhase.COUNTDOWN, i
    # ... and "Go" came on time.
    run.on_frame(clock + frame_ms, figure_pose(FEET_TOGETHER))
    assert run.phase is GuidedPhase.RUNNING and run.announcements[-1].text == "Go!"

    # Another run: the patient steps out of the picture during the countdown.
    run = _cameras_guided(library, assessments, "four_stage_balance")
    start = 0.0
    run.see(in_view, start)
    assert run.ready() and run.phase is GuidedPhase.COUNTDOWN
    said_before = len(run.announcements)
    for i in range(60):
        t = start + i * frame_ms
        run.see(feet_cut if i >= 20 else in_view, t)
        if run.phase is not GuidedPhase.COUNTDOWN:
            break
        run.on_frame(t, figure_pose(FEET_TOGETHER))
    # Called off after half a second of failing checks, back to where it was, saying what to fix;
    # no "Go" was said and no trial ran.
    assert run.phase is GuidedPhase.SETUP and i == 20 + round(0.5 * FPS)
    spoken = [a.text for a in run.announcements[said_before:]]
    assert "Go!" not in spoken
    assert spoken[-1].startswith("Wait. I can't see your feet.")
    assert spoken[-1].endswith("Then start the countdown again.")
    # In place again, the countdown starts from the beginning.
    run.see(in_view, t + frame_ms)
    assert run.ready() and run.phase is GuidedPhase.COUNTDOWN
    run.on_frame(t + frame_ms, figure_pose(FEET_TOGETHER))
    assert run.seconds_shown == pytest.approx(3.0)
