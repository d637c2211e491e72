"""Heel raises count on COCO-17 backends (MoveNet: no heel or toe points) from the ankle's rise.

Scripted side-view stick figures: the foot pivots on the ball of the foot, so the whole body
rises with the ankle (``ankle_rise_px``); the shank is ``SHANK`` = 180 px. Jitter of 3 px (1.7 %
of the shank) is about what MoveNet Lightning's ankle shows while standing still on the real
squat clip (2-3.5 px on a 185 px shank), here independent from frame to frame, which is harsher.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import pytest

from coach.analysis.events import CueRaised, Event, PartialReason, PartialRep, RepCompleted
from coach.analysis.measurements import MeasurementSet
from coach.exercises.library import load_library
from coach.exercises.schema import ExerciseDefinition
from coach.pose.keypoints import COCO17_NAMES
from coach.pose.types import Pose
from coach.session.report_build import exercise_report
from coach.session.tracker import ExerciseTracker
from tests.analysis.synthetic import SHANK, Figure, ankle_rise_px, figure_pose, rep_sequence

HEELS_DOWN = Figure(mirror=False)
RAISED = Figure(foot_tilt=25, mirror=False)  # ankle up 26.7 px = 14.8 % of the shank
TOO_LOW = Figure(foot_tilt=11, mirror=False)  # ankle up 12.8 px = 7.1 %: past start, short of turn
JITTER_PX = 3.0

PoseHook = Callable[[int, Pose], Pose | None]


@pytest.fixture(scope="module")
def heel_raise() -> ExerciseDefinition:
    return load_library().exercise("heel_raise")


def _with_score(pose: Pose, names: tuple[str, ...], score: float) -> Pose:
    keypoints = pose.keypoints.copy()
    for name in names:
        keypoints[pose.index_of(name), 2] = score
    return Pose(keypoints=keypoints, names=pose.names, score=pose.score)


def _run(
    exercise: ExerciseDefinition,
    frames: list[tuple[float, Figure]],
    *,
    seed: int = 0,
    jitter_px: float = JITTER_PX,
    scale: float = 1.0,
    hook: PoseHook | None = None,
) -> tuple[ExerciseTracker, list[Event]]:
    """Feed COCO-17 poses of ``frames``; ``hook`` may alter or drop (None) the i-th pose."""
    rng = np.random.default_rng(seed)
    tracker = ExerciseTracker(exercise)
    events: list[Event] = []
    for i, (timestamp_ms, figure) in enumerate(frames):
        pose: Pose | None = figure_pose(
            figure, jitter_px=jitter_px, rng=rng, names=COCO17_NAMES, scale=scale
        )
        if hook is not None and pose is not None:
            pose = hook(i, pose)
        events += tracker.update(timestamp_ms, pose)
    events += tracker.finish(frames[-1][0] + 33.0)
    return tracker, events


def _reps(events: list[Event]) -> list[RepCompleted]:
    return [e for e in events if isinstance(e, RepCompleted)]


def _partials(events: list[Event]) -> list[PartialRep]:
    return [e for e in events if isinstance(e, PartialRep)]


def test_ankle_rise_reads_the_lift_in_percent_of_the_shank_without_foot_points(
    heel_raise: ExerciseDefinition,
) -> None:
    measurements = MeasurementSet(heel_raise, "both")
    for _ in range(8):  # the resting position must hold for a few frames first
        measurements.evaluate(figure_pose(HEELS_DOWN, names=COCO17_NAMES))
    values = measurements.evaluate(figure_pose(RAISED, names=COCO17_NAMES))["both"]
    assert values["ankle_rise"] == pytest.approx(100 * ankle_rise_px(25) / SHANK, abs=0.01)
    assert 14.0 < values["ankle_rise"] < 16.0
    assert math.isnan(values["foot_angle"])  # no foot points on COCO-17


def test_ankle_rise_is_not_measured_before_the_resting_position_has_held(
    heel_raise: ExerciseDefinition,
) -> None:
    measurements = MeasurementSet(heel_raise, "left")
    first = measurements.evaluate(figure_pose(HEELS_DOWN, names=COCO17_NAMES))["left"]
    assert math.isnan(first["ankle_rise"])


def test_ankle_rise_is_the_same_for_a_small_or_a_large_patient(
    heel_raise: ExerciseDefinition,
) -> None:
    frames = list(rep_sequence(HEELS_DOWN, RAISED, reps=2, rep_s=2.0))
    peaks = []
    for scale in (0.5, 1.0, 1.6):
        _, events = _run(heel_raise, frames, jitter_px=0.0, scale=scale)
        assert len(_reps(events)) == 2 and not _partials(events)
        peaks += [r.signal_peak for r in _reps(events)]
    assert max(peaks) - min(peaks) < 0.01
    # The resting position follows upwards at 0.5 % of the shank per second (REST_RELEASE_PER_S),
    # so the peak, 1 s into the raise, reads up to 0.5 % below the true lift.
    expected = 100 * ankle_rise_px(25) / SHANK
    assert expected - 0.55 < min(peaks) <= max(peaks) <= expected


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_coco17_heel_raises_count_exactly_under_jitter(
    heel_raise: ExerciseDefinition, seed: int
) -> None:
    frames = list(rep_sequence(HEELS_DOWN, RAISED, reps=6, rep_s=2.0, rest_s=1.0))
    tracker, events = _run(heel_raise, frames, seed=seed)
    assert len(_reps(events)) == 6, _partials(events)
    assert not _partials(events)
    assert tracker.state.reps_completed == 6


def test_coco17_heel_raises_count_through_dropouts_and_a_hidden_ankle(
    heel_raise: ExerciseDefinition,
) -> None:
    frames = list(rep_sequence(HEELS_DOWN, RAISED, reps=5, rep_s=2.0, rest_s=1.0))

    def hook(i: int, pose: Pose) -> Pose | None:
        if i % 9 == 4 or 150 <= i < 165:  # single lost frames and a 0.5 s gap mid-rep
            return None
        if 200 <= i < 320:  # far ankle hidden for 4 s: the near one counts alone
            return _with_score(pose, ("right_ankle",), 0.1)
        if 330 <= i < 390:  # knee lost: the known shank length still scales the rise
            return _with_score(pose, ("left_knee", "right_knee"), 0.1)
        return pose

    _, events = _run(heel_raise, frames, hook=hook)
    assert len(_reps(events)) == 5, _partials(events)
    assert not _partials(events)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_jitter_alone_at_rest_counts_nothing_in_a_minute(
    heel_raise: ExerciseDefinition, seed: int
) -> None:
    frames = [(i * 1000 / 30, HEELS_DOWN) for i in range(60 * 30)]
    _, events = _run(heel_raise, frames, seed=seed)
    assert events == []  # no rep, no partial rep, no cue


def test_a_brief_glitch_of_the_ankle_at_rest_does_not_move_the_resting_position(
    heel_raise: ExerciseDefinition,
) -> None:
    frames = list(rep_sequence(HEELS_DOWN, RAISED, reps=3, rep_s=2.0, rest_s=2.0))

    def hook(i: int, pose: Pose) -> Pose | None:
        if 10 <= i < 13:  # ankles detected 40 px too low (22 % of the shank) for 3 frames
            keypoints = pose.keypoints.copy()
            for name in ("left_ankle", "right_ankle"):
                keypoints[pose.index_of(name), 1] += 40.0
            return Pose(keypoints=keypoints, names=pose.names, score=pose.score)
        return pose

    _, events = _run(heel_raise, frames, hook=hook)
    assert len(_reps(events)) == 3 and not _partials(events)


def _shifted_up_from(frame_index: int, shift_px: float) -> PoseHook:
    """Every pose from ``frame_index`` on ``shift_px`` higher in the image (a step back)."""

    def hook(i: int, pose: Pose) -> Pose | None:
        if i < frame_index:
            return pose
        keypoints = pose.keypoints.copy()
        keypoints[:, 1] -= shift_px
        return Pose(keypoints=keypoints, names=pose.names, score=pose.score)

    return hook


def _then(
    first: Iterable[tuple[float, Figure]], second: Iterable[tuple[float, Figure]]
) -> list[tuple[float, Figure]]:
    frames = list(first)
    t0 = frames[-1][0] + 1000 / 30
    return frames + [(t0 + t, f) for t, f in second]


@pytest.mark.parametrize("shift_px", [7.0, 13.0])
def test_counting_resumes_after_the_patient_shuffles_back_from_the_camera(
    heel_raise: ExerciseDefinition, shift_px: float
) -> None:
    """A step back moves the ankle up in the image for good (here 3.9 % and 7.2 % of the shank).

    The resting position follows within seconds, so the reps after the shuffle count; until it
    has, the offset plus jitter may read as a small raise that never reached the turn.
    """
    before = rep_sequence(HEELS_DOWN, RAISED, reps=3, rep_s=2.0, rest_s=1.0)
    still = [(i * 1000 / 30, HEELS_DOWN) for i in range(int(30 * 12.0))]  # 12 s standing
    after = rep_sequence(HEELS_DOWN, RAISED, reps=3, rep_s=2.0, rest_s=1.0)
    frames = _then(_then(before, still), after)
    shuffle_at = int(30 * 10.5)  # in the rest after the third rep
    _, events = _run(heel_raise, frames, hook=_shifted_up_from(shuffle_at, shift_px))
    assert len(_reps(events)) == 6
    partials = _partials(events)
    last_rest_ms = frames[shuffle_at - 1][0]  # a partial starts at the last frame at rest
    assert all(p.reason is PartialReason.TURN_NOT_REACHED for p in partials)
    # 0.5 % of the shank per second: a 7 % offset is forgotten within about 12 s.
    assert all(last_rest_ms <= p.start_ms and p.end_ms < last_rest_ms + 12_000 for p in partials)


def test_a_heel_raise_that_comes_up_too_little_is_a_partial_rep_with_its_cue(
    heel_raise: ExerciseDefinition,
) -> None:
    frames = list(rep_sequence(HEELS_DOWN, TOO_LOW, reps=3, rep_s=2.0, rest_s=1.0))
    _, events = _run(heel_raise, frames, jitter_px=2.5)  # 3 px can split one into two
    partials = _partials(events)
    assert not _reps(events)
    assert [p.reason for p in partials] == [PartialReason.TURN_NOT_REACHED] * 3
    assert all(6.0 < p.signal_peak < 10.5 for p in partials)
    cues = [e for e in events if isinstance(e, CueRaised)]
    assert cues and cues[0].rule_id == "partial_rep"


def test_coco17_reps_report_no_foot_angle_but_their_ankle_rise(
    heel_raise: ExerciseDefinition,
) -> None:
    frames = list(rep_sequence(HEELS_DOWN, RAISED, reps=2, rep_s=2.0))
    tracker, events = _run(heel_raise, frames, jitter_px=1.0)
    report = exercise_report(tracker, events)
    assert report.reps_completed == 2
    assert all(math.isnan(r.rom_deg) and math.isnan(r.rom_min_deg) for r in report.reps)
    assert report.best_rom_deg is None
    assert all(13.0 < r.signal_peak < 18.0 for r in report.reps)
    assert '"rom_deg":null' in report.model_dump_json()
    assert math.isnan(tracker.state.best_rom_deg)


def test_blazepose_heel_raises_report_the_foot_angle_as_range_of_motion(
    heel_raise: ExerciseDefinition,
) -> None:
    frames = list(rep_sequence(HEELS_DOWN, RAISED, reps=3, rep_s=2.0))
    rng = np.random.default_rng(0)
    tracker = ExerciseTracker(heel_raise)
    events: list[Event] = []
    for timestamp_ms, figure in frames:
        events += tracker.update(timestamp_ms, figure_pose(figure, jitter_px=1.0, rng=rng))
    events += tracker.finish(frames[-1][0] + 33.0)
    reps = _reps(events)
    assert len(reps) == 3 and not _partials(events)
    assert [r.rom_max_deg - r.rom_min_deg for r in reps] == pytest.approx([25, 25, 25], abs=3)


def test_the_display_shows_the_ankle_rise_where_the_backend_has_no_foot_points(
    heel_raise: ExerciseDefinition,
) -> None:
    frames = list(rep_sequence(HEELS_DOWN, RAISED, reps=1, rep_s=2.0))
    peak_frame = len(frames) - 30 - 30  # halfway through the 2 s raise: heels at the top
    coco, _ = _run(heel_raise, frames[: peak_frame + 1], jitter_px=0.0)
    assert coco.state.measurement_name == "ankle_rise"
    assert coco.state.measurement_unit == "pct" and coco.state.measurement_keypoint == "left_ankle"
    assert 13.5 < coco.state.measurement_value < 15.0
    blaze = ExerciseTracker(heel_raise)
    for timestamp_ms, figure in frames[: peak_frame + 1]:
        blaze.update(timestamp_ms, figure_pose(figure))
    assert blaze.state.measurement_name == "foot_angle"
    assert blaze.state.measurement_value == pytest.approx(25.0, abs=0.01)
