"""Assessments scored by the exercise engine on scripted keypoint sequences with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from coach.exercises.assessment_library import AssessmentLibrary, load_assessments
from coach.exercises.library import ExerciseLibrary, load_library
from coach.exercises.norms import NormPosition, describe_reading, interpret
from coach.pose.types import Pose
from coach.session.assessments import AssessmentOutcome, AssessmentScorer, create_scorer
from tests.analysis.synthetic import Figure, figure_pose, rep_sequence

SEATED = Figure(shank_up=10, thigh_up=-80, mirror=False)
STANDING = Figure(mirror=False)
FPS = 30.0
#: The counter marks "seated again" when knee flexion is back past its start threshold plus
#: hysteresis, a little before the thighs rest fully on the seat.
SEATED_TOLERANCE_S = 0.5

FEET_TOGETHER = Figure()
SEMI_TANDEM = Figure(r_thigh_down=6, r_shank_down=6)
TANDEM = Figure(r_thigh_down=12.2, r_shank_down=12.2)
STEPPED_OUT = Figure(r_thigh_down=-25, r_shank_down=-25)
ON_LEFT_LEG = Figure(r_thigh_down=30, r_shank_down=-30)


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return load_library()


@pytest.fixture(scope="module")
def assessments(library: ExerciseLibrary) -> AssessmentLibrary:
    return load_assessments(library.exercises)


def _chair_frames(stands: int) -> list[tuple[float, Figure]]:
    """0.5 s seated, then ``stands`` stands of 2.5 s each with 0.5 s seated between them.

    Knee flexion goes 90° → 0° → 90° along a raised cosine, so standing (flexion below the
    exercise's 25° turn threshold) is reached 0.81 s into each rise, at 1.31 s + 3 s·k, and the
    patient is seated again at 3 s + 3 s·k."""
    return list(rep_sequence(SEATED, STANDING, reps=stands, rep_s=2.5, fps=FPS, rest_s=0.5))


def _run_trial(
    scorer_trial: tuple[AssessmentScorer, str], frames: list[tuple[float, Figure]], seed: int = 0
) -> bool:
    scorer, trial = scorer_trial
    rng = np.random.default_rng(seed)
    scorer.start_trial(trial)
    for timestamp_ms, figure in frames:
        scorer.update(timestamp_ms, figure_pose(figure, jitter_px=1.5, rng=rng))
    return scorer.finish_trial(frames[-1][0] + 33.0)


def _chair_outcome(
    library: ExerciseLibrary,
    assessments: AssessmentLibrary,
    test_id: str,
    stands: int,
    cue_ms: float | None,
) -> AssessmentOutcome:
    scorer = create_scorer(assessments.assessment(test_id), library, start_ms=cue_ms)
    _run_trial((scorer, "stands"), _chair_frames(stands))
    return scorer.outcome()


def test_library_holds_the_four_required_assessments(assessments: AssessmentLibrary) -> None:
    assert set(assessments.assessments) >= {
        "chair_stand_30s", "five_times_sit_to_stand", "four_stage_balance",
        "single_leg_stance_time",
    }  # fmt: skip
    for test in assessments.assessments.values():
        assert test.protocol and test.instructions and test.protocol_source.citation
        assert test.cutoffs, f"{test.id} has no published cut-off"


def test_chair_stand_counts_the_stands_reached_within_30_seconds(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    # Cue at 0.9 s: the window ends at 30.9 s, 0.4 s into the 11th rise (not yet halfway).
    outcome = _chair_outcome(library, assessments, "chair_stand_30s", 12, cue_ms=900.0)
    assert outcome.scores == {"result": 10.0}
    assert outcome.start_source == "cue"
    counted = [s for s in outcome.stands if s.counted]
    assert len(counted) == 10
    assert counted[0].standing_s == pytest.approx(1.31 - 0.9, abs=0.1)


def test_chair_stand_counts_a_stand_more_than_halfway_up_at_30_seconds(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    # Cue at 1.2 s: the window ends at 31.2 s, 0.7 s into the 11th rise: knee flexion about
    # 36°, past halfway from seated (90°) to standing (25°), not yet standing.
    outcome = _chair_outcome(library, assessments, "chair_stand_30s", 12, cue_ms=1200.0)
    assert outcome.scores == {"result": 11.0}
    assert "more than halfway" in outcome.note


def test_chair_stand_without_a_cue_is_timed_from_the_first_rise(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    outcome = _chair_outcome(library, assessments, "chair_stand_30s", 12, cue_ms=None)
    assert outcome.start_source == "first_rise"
    assert outcome.scores == {"result": 10.0}


def test_chair_stand_recording_shorter_than_30_seconds_has_no_score(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    outcome = _chair_outcome(library, assessments, "chair_stand_30s", 5, cue_ms=0.0)
    assert outcome.scores == {"result": None} and not outcome.completed
    assert "before 30 s" in outcome.note


def test_five_times_sit_to_stand_times_until_seated_after_the_fifth_stand(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    outcome = _chair_outcome(library, assessments, "five_times_sit_to_stand", 6, cue_ms=0.0)
    seconds = outcome.scores["result"]
    assert seconds is not None
    assert 15.0 - SEATED_TOLERANCE_S <= seconds <= 15.0
    assert [s.index for s in outcome.stands if s.counted] == [1, 2, 3, 4, 5]
    test = assessments.assessment("five_times_sit_to_stand")
    reading = interpret(test, seconds, age=72, sex="female")
    assert reading.position is NormPosition.BELOW  # slower than 12.6 s for 70-79
    assert reading.flags == ()  # under 15 s: no fall flag (Buatois 2008)


def test_five_times_sit_to_stand_with_four_stands_is_not_completed(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    outcome = _chair_outcome(library, assessments, "five_times_sit_to_stand", 4, cue_ms=0.0)
    assert outcome.scores == {"result": None}
    assert "only 4 of 5" in outcome.note


def _stage_frames(stance: Figure, held_s: float, then: Figure | None) -> list[tuple[float, Figure]]:
    frames = [(i * 1000.0 / FPS, stance) for i in range(int(held_s * FPS))]
    if then is not None:
        frames += [(held_s * 1000.0 + i * 1000.0 / FPS, then) for i in range(int(FPS))]
    return frames


def _run_right_leg_trial(
    scorer: AssessmentScorer, trial: str, frames: list[tuple[float, Figure]]
) -> bool:
    """A trial on the right leg: the scripted left-leg figures mirrored."""
    rng = np.random.default_rng(2)
    scorer.start_trial(trial)
    for timestamp_ms, figure in frames:
        scorer.update(timestamp_ms, _as_right_leg(figure_pose(figure, jitter_px=1.5, rng=rng)))
    return scorer.finish_trial(frames[-1][0] + 33.0)


def _first_three_stages_held(scorer: AssessmentScorer) -> list[bool]:
    return [
        _run_trial((scorer, stage), _stage_frames(figure, 11.0, None))
        for stage, figure in (("feet_together", FEET_TOGETHER), ("semi_tandem", SEMI_TANDEM),
                              ("tandem", TANDEM))
    ]  # fmt: skip


def test_four_stage_balance_runs_the_one_leg_stage_on_each_leg_left_then_right(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    test = assessments.assessment("four_stage_balance")
    scorer = create_scorer(test, library)
    assert scorer.trial_names == ("feet_together", "semi_tandem", "tandem", "single_leg_left",
                                  "single_leg_right")  # fmt: skip
    assert _first_three_stages_held(scorer) == [True, True, True]
    left = [(0.0, FEET_TOGETHER), *_stage_frames(ON_LEFT_LEG, 4.0, FEET_TOGETHER)]
    assert _run_trial((scorer, "single_leg_left"), left)  # not held: the right leg follows
    right = [(0.0, FEET_TOGETHER), *_stage_frames(ON_LEFT_LEG, 11.0, None)]
    assert not _run_right_leg_trial(scorer, "single_leg_right", right)  # the last trial
    outcome = scorer.outcome()
    assert outcome.scores == {"result": 4.0}  # held on one leg: the stage is held
    assert [t.reason for t in outcome.trials] == ["target_reached"] * 3 + [
        "foot_down", "target_reached"
    ]
    assert outcome.trials[3].held_s == pytest.approx(4.0, abs=0.1)
    assert outcome.trials[4].held_s == pytest.approx(10.0)
    assert "left leg 4.0 s (foot down), right leg 10.0 s (target reached)" in outcome.note
    assert not interpret(test, 4.0, age=75, sex="male").flags


def test_four_stage_balance_one_leg_stage_not_held_on_either_leg_scores_three(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    test = assessments.assessment("four_stage_balance")
    scorer = create_scorer(test, library)
    _first_three_stages_held(scorer)
    left = [(0.0, FEET_TOGETHER), *_stage_frames(ON_LEFT_LEG, 4.0, FEET_TOGETHER)]
    assert _run_trial((scorer, "single_leg_left"), left)
    right = [(0.0, FEET_TOGETHER), *_stage_frames(ON_LEFT_LEG, 2.5, FEET_TOGETHER)]
    assert not _run_right_leg_trial(scorer, "single_leg_right", right)
    outcome = scorer.outcome()
    assert outcome.scores == {"result": 3.0}
    assert [t.trial for t in outcome.trials][-2:] == ["single_leg_left", "single_leg_right"]
    assert outcome.trials[4].held_s == pytest.approx(2.5, abs=0.1)


def test_four_stage_balance_stops_at_a_step_out_of_tandem_and_flags_fall_risk(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    test = assessments.assessment("four_stage_balance")
    scorer = create_scorer(test, library)
    assert _run_trial((scorer, "feet_together"), _stage_frames(FEET_TOGETHER, 11.0, None))
    assert _run_trial((scorer, "semi_tandem"), _stage_frames(SEMI_TANDEM, 11.0, None))
    assert not _run_trial((scorer, "tandem"), _stage_frames(TANDEM, 6.0, STEPPED_OUT))
    outcome = scorer.outcome()
    assert outcome.scores == {"result": 2.0}
    assert outcome.trials[-1].reason == "step"
    assert outcome.trials[-1].held_s == pytest.approx(6.0, abs=0.15)
    assert [f.id for f in interpret(test, 2.0, age=75, sex="male").flags] == ["fall_risk"]


def _as_right_leg(pose: Pose) -> Pose:
    """The same pose with left and right swapped: standing on the right leg."""
    swapped = tuple(
        n.replace("left_", "@").replace("right_", "left_").replace("@", "right_")
        for n in pose.names
    )
    return Pose(keypoints=pose.keypoints, names=swapped, score=pose.score)


def test_single_leg_stance_time_is_timed_per_leg_and_capped_at_45_seconds(
    library: ExerciseLibrary, assessments: AssessmentLibrary
) -> None:
    test = assessments.assessment("single_leg_stance_time")
    scorer = create_scorer(test, library)
    assert scorer.trial_names == ("left", "right")
    left = [(0.0, FEET_TOGETHER), *_stage_frames(ON_LEFT_LEG, 12.0, FEET_TOGETHER)]
    assert _run_trial((scorer, "left"), left)
    rng = np.random.default_rng(1)
    scorer.start_trial("right")
    for i in range(int(50 * FPS)):  # 50 s on the right leg: capped at 45 s
        scorer.update(i * 1000.0 / FPS, _as_right_leg(figure_pose(ON_LEFT_LEG, jitter_px=1.5,
                                                                  rng=rng)))  # fmt: skip
    assert not scorer.finish_trial(50_000.0)
    outcome = scorer.outcome()
    assert outcome.scores["left"] == pytest.approx(12.0, abs=0.1)
    assert outcome.scores["right"] == pytest.approx(45.0)
    assert [t.reason for t in outcome.trials] == ["foot_down", "target_reached"]
    reading = interpret(test, 12.0, age=72, sex=None)
    assert reading.position is NormPosition.BELOW and not reading.flags
    assert [f.id for f in interpret(test, 3.0, age=72, sex=None).flags] == ["fall_risk"]


def test_a_normal_range_and_a_published_average_are_read_in_different_words(
    assessments: AssessmentLibrary,
) -> None:
    chair = assessments.assessment("chair_stand_30s")  # Rikli & Jones: a middle-50 % range
    below_range = interpret(chair, 8.0, age=72, sex="female")
    assert describe_reading(chair, below_range, 8.0).startswith(
        "8 stands; worse than the normal range for female 70–74 y (10–15 stands)"
    )
    within = interpret(chair, 12.0, age=72, sex="female")
    assert "within the normal range" in describe_reading(chair, within, 12.0)
    stance = assessments.assessment("single_leg_stance_time")  # Bohannon 2006: a mean per age band
    below_mean = interpret(stance, 12.1, age=72, sex="female")
    assert describe_reading(stance, below_mean, 12.1).startswith(
        "12.1 s; worse than average for 70–79 y (average 17.2 s)"
    )
