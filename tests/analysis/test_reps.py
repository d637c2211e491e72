"""Rep counter, hold timer, cues and fall detector driven by scripted signals and poses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coach.analysis.cues import CueEngine
from coach.analysis.events import CueRaised, FallDetected, PartialReason, PartialRep, RepCompleted
from coach.analysis.measurements import MeasurementSet
from coach.analysis.reps import RepCounter, RepPhase
from coach.exercises.library import load_library
from coach.exercises.schema import FormRule, RepDefinition
from coach.session.tracker import ExerciseTracker
from tests.analysis.synthetic import Figure, figure_pose, interpolate, rep_sequence

REP = RepDefinition(
    signal="knee", start_threshold=20, turn_threshold=80, hysteresis=8,
    min_rep_duration_s=0.8, max_rep_duration_s=10, max_dropout_s=0.5,
)  # fmt: skip


def _cycle(reps: int, fps: float = 30.0, rep_s: float = 2.0) -> list[tuple[float, float]]:
    """(timestamp_ms, knee flexion): 0.5 s at 5°, then reps of 5°→100°→5° with 0.5 s rests."""
    samples, t = [], 0.0
    step = 1000.0 / fps

    def rest() -> None:
        nonlocal t
        for _ in range(int(0.5 * fps)):
            samples.append((t, 5.0))
            t += step

    rest()
    for _ in range(reps):
        n = int(rep_s * fps)
        for i in range(n):
            samples.append((t, 5.0 + 95.0 * (1 - math.cos(2 * math.pi * i / n)) / 2))
            t += step
        rest()
    return samples


def _count(
    samples: list[tuple[float, float]], rep: RepDefinition = REP
) -> tuple[RepCounter, list[object]]:
    counter = RepCounter(rep)
    events: list[object] = []
    for t, v in samples:
        events += counter.update(t, v, v)
    events += counter.finish(samples[-1][0] + 33)
    return counter, events


@pytest.mark.parametrize("seed", range(5))
def test_counts_are_exact_under_jitter_and_short_dropouts(seed: int) -> None:
    rng = np.random.default_rng(seed)
    samples = [(t, v + rng.normal(0, 3.0)) for t, v in _cycle(6)]
    # Drop 10 % of frames and one 0.4 s gap mid-rep: neither counts nor breaks a rep.
    samples = [(t, math.nan if rng.random() < 0.1 else v) for t, v in samples]
    samples = [(t, math.nan if 3200 <= t < 3600 else v) for t, v in samples]
    counter, events = _count(samples)
    assert counter.reps_completed == 6
    assert counter.partial_reps == 0
    reps = [e for e in events if isinstance(e, RepCompleted)]
    assert [r.index for r in reps] == [1, 2, 3, 4, 5, 6]
    assert all(r.rom_max_deg > 90 and r.rom_min_deg < 25 for r in reps)
    assert all(0.6 < r.eccentric_s < 1.4 and 0.6 < r.concentric_s < 1.4 for r in reps)


def test_jitter_around_a_threshold_does_not_double_count() -> None:
    samples = [(i * 33.0, 20.0 + (6.0 if i % 2 else -6.0)) for i in range(60)]
    counter, _ = _count(samples)
    assert counter.reps_completed == 0


def test_a_movement_short_of_the_turn_is_a_partial_rep() -> None:
    samples = [(t, min(v, 60.0)) for t, v in _cycle(1)]
    counter, events = _count(samples)
    assert counter.reps_completed == 0
    assert [e.reason for e in events if isinstance(e, PartialRep)] == [
        PartialReason.TURN_NOT_REACHED
    ]


def test_a_rep_still_returning_when_the_clip_ends_is_flushed_as_partial() -> None:
    samples = _cycle(2)
    samples += [
        (samples[-1][0] + 33 * (i + 1), v)
        for i, v in enumerate(np.r_[np.linspace(5, 100, 30), np.linspace(100, 50, 15)])
    ]
    counter, events = _count(samples)
    assert counter.reps_completed == 2
    assert [e.reason for e in events if isinstance(e, PartialRep)] == [PartialReason.NOT_RETURNED]


def test_a_rep_faster_than_the_minimum_duration_is_reported_as_too_fast() -> None:
    counter, events = _count(_cycle(1, rep_s=0.5))
    assert counter.reps_completed == 0
    assert [e.reason for e in events if isinstance(e, PartialRep)] == [PartialReason.TOO_FAST]


def test_a_long_dropout_mid_rep_drops_that_rep_unreported_and_waits_for_the_start() -> None:
    samples = [(t, math.nan if 1200 <= t < 2400 else v) for t, v in _cycle(2)]
    counter, events = _count(samples)
    assert counter.reps_completed == 1
    assert not [e for e in events if isinstance(e, PartialRep)]
    assert counter.partial_reps == 0


def test_decreasing_signals_count_too() -> None:
    rep = RepDefinition(signal="k", start_threshold=65, turn_threshold=25, hysteresis=8)
    counter, _ = _count([(t, 100.0 - v) for t, v in _cycle(3)], rep)
    assert counter.reps_completed == 3
    assert counter.phase is RepPhase.START


def test_one_cue_at_a_time_and_each_rule_waits_for_its_cooldown() -> None:
    rules = [
        FormRule(id="a", measurement="x", max_value=10, cue="A", cooldown_s=5, min_duration_s=0),
        FormRule(id="b", measurement="y", max_value=10, cue="B", cooldown_s=5, min_duration_s=0),
    ]
    engine = CueEngine(rules)
    raised = []
    for i in range(100):  # 10 s of both faults at 10 fps
        raised += engine.update(i * 100.0, RepPhase.START, {"x": 20.0, "y": 20.0})
    times = [(e.rule_id, e.timestamp_ms) for e in raised if isinstance(e, CueRaised)]
    assert times == [("a", 0.0), ("b", 3100.0), ("a", 6200.0), ("b", 9300.0)]


def test_a_fall_is_detected_once_and_a_deep_squat_is_not_a_fall() -> None:
    library = load_library()
    tracker = ExerciseTracker(library.exercise("squat"))
    standing, fallen = Figure(), Figure(rotate=90)
    events = []
    for i in range(30):
        events += tracker.update(i * 33.0, figure_pose(standing))
    for i in range(30):  # deep squat: hips drop, trunk tilts 25 degrees
        f = interpolate(standing, Figure(shank_up=40, thigh_up=-65, trunk_up=25), i / 29)
        events += tracker.update(1000 + i * 33.0, figure_pose(f))
    assert not [e for e in events if isinstance(e, FallDetected)]
    for i in range(15):  # tips over in half a second
        events += tracker.update(
            2000 + i * 33.0, figure_pose(interpolate(standing, fallen, i / 14))
        )
    for i in range(30):
        events += tracker.update(2500 + i * 33.0, figure_pose(fallen))
    falls = [e for e in events if isinstance(e, FallDetected)]
    assert len(falls) == 1 and falls[0].spine_angle_deg > 60
    assert tracker.state.fall_detected


def test_one_glitched_frame_cannot_inflate_the_standing_height_reference() -> None:
    measurements = MeasurementSet(load_library().exercise("squat"), "both")
    standing, squatting = Figure(), Figure(shank_up=40, thigh_up=-65, trunk_up=25)
    glitch = figure_pose(standing)
    glitch.keypoints[[23, 24], 1] -= 300.0  # both hips detected far too high for one frame
    for pose in (figure_pose(standing), figure_pose(standing), glitch, figure_pose(standing)):
        measurements.evaluate(pose)
    drop = measurements.evaluate(figure_pose(squatting))["both"]["hip_descent"]
    hip_height = 180 * math.cos(math.radians(40)) + 190 * math.cos(math.radians(65))
    assert drop == pytest.approx(100 * (1 - hip_height / (180 + 190)), abs=0.01)


def test_a_squat_that_turns_back_early_gets_the_partial_rep_cue() -> None:
    tracker = ExerciseTracker(load_library().exercise("squat"))
    standing, shallow = Figure(), Figure(shank_up=25, thigh_up=-35)  # ~20 % hip descent
    events = []
    for i in range(90):
        u = (1 - math.cos(2 * math.pi * max(0, i - 15) / 60)) / 2 if 15 <= i < 75 else 0.0
        events += tracker.update(i * 33.3, figure_pose(interpolate(standing, shallow, u)))
    partial = [e for e in events if isinstance(e, PartialRep)]
    cues = [e for e in events if isinstance(e, CueRaised)]
    assert [p.reason for p in partial] == [PartialReason.TURN_NOT_REACHED]
    assert [c.rule_id for c in cues] == ["partial_rep"]
    assert "lower" in cues[0].text


def test_two_sided_reps_report_each_sides_arc_for_symmetry() -> None:
    tracker = ExerciseTracker(load_library().exercise("shoulder_abduction"))
    start = Figure(upper_arm_down=10, forearm_down=10, r_upper_arm_down=10, r_forearm_down=10)
    turn = Figure(upper_arm_down=95, forearm_down=95, r_upper_arm_down=70, r_forearm_down=70)
    events = []
    for t, figure in rep_sequence(start, turn, reps=2, rep_s=2.5):
        events += tracker.update(t, figure_pose(figure))
    reps = [e for e in events if isinstance(e, RepCompleted)]
    assert len(reps) == 2
    for rep in reps:
        assert rep.rom_left_deg == pytest.approx(85.0, abs=0.5)
        assert rep.rom_right_deg == pytest.approx(60.0, abs=0.5)
        # The rep's own ROM (sides averaged) runs from the rest position, not the threshold.
        assert rep.rom_max_deg - rep.rom_min_deg == pytest.approx(72.5, abs=0.5)


def _biased(samples: list[tuple[float, float]], rest_deg: float) -> list[tuple[float, float]]:
    """The same movement seen by a backend that reads the resting joint at ``rest_deg``."""
    return [(t, rest_deg + (v - 5.0) * (100.0 - rest_deg) / 95.0) for t, v in samples]


ABDUCTION_ABSOLUTE = RepDefinition(
    signal="arm", start_threshold=30, turn_threshold=70, hysteresis=8, max_rep_duration_s=10
)
ABDUCTION_FROM_REST = ABDUCTION_ABSOLUTE.model_copy(
    update={"thresholds_from": "rest", "start_threshold": 15, "turn_threshold": 55}
)


def test_a_rest_above_the_absolute_return_line_blocks_counting_but_not_from_rest() -> None:
    rng = np.random.default_rng(7)
    samples = [(t, v + rng.normal(0, 1.0)) for t, v in _biased(_cycle(4, rep_s=2.5), 25.0)]
    absolute, _ = _count(samples, ABDUCTION_ABSOLUTE)
    from_rest, events = _count(samples, ABDUCTION_FROM_REST)
    assert absolute.reps_completed < 4  # 30 - 8 = 22 is never crossed by a 25-degree rest
    assert (from_rest.reps_completed, from_rest.partial_reps) == (4, 0)
    assert from_rest.rest_value == pytest.approx(25.0, abs=2.0)
    assert [e.index for e in events if isinstance(e, RepCompleted)] == [1, 2, 3, 4]


def test_short_spikes_and_small_wobbles_are_not_partial_reps() -> None:
    samples = _cycle(2)
    t0 = samples[-1][0]
    wobble = [(t0 + i * 33.0, 5.0 + 25.0 * math.sin(math.pi * i / 30)) for i in range(31)]
    spike = [(wobble[-1][0] + 33.0 + i * 33.0, v) for i, v in enumerate([5.0, 60.0, 70.0, 5.0])]
    counter, events = _count(samples + wobble + spike + [(spike[-1][0] + 33.0, 5.0)])
    assert counter.reps_completed == 2
    assert counter.partial_reps == 0 and not [e for e in events if isinstance(e, PartialRep)]


def test_a_real_half_range_attempt_is_a_partial_rep() -> None:
    samples = _cycle(2)
    t0 = samples[-1][0]
    attempt = [(t0 + i * 33.0, 5.0 + 45.0 * math.sin(math.pi * i / 45)) for i in range(46)]
    counter, events = _count(samples + attempt + [(attempt[-1][0] + 33.0, 5.0)])
    assert (counter.reps_completed, counter.partial_reps) == (2, 1)
    assert [e.reason for e in events if isinstance(e, PartialRep)] == [
        PartialReason.TURN_NOT_REACHED
    ]
