"""Every exercise in the library counts (or times) a scripted keypoint sequence correctly."""

from __future__ import annotations

import numpy as np
import pytest

from coach.analysis.events import (
    BalanceLost,
    BalanceResult,
    Event,
    FallDetected,
    HoldBroken,
    PartialRep,
    RepCompleted,
)
from coach.exercises.library import ExerciseLibrary, load_library
from coach.session.tracker import ExerciseTracker
from tests.analysis.synthetic import Figure, figure_pose, rep_sequence

SIDE = False  # side-view figures: right side overlaps the left

#: (start posture, turning posture) of one rep of each rep-based exercise.
REP_SCRIPTS: dict[str, tuple[Figure, Figure]] = {
    "squat": (Figure(), Figure(shank_up=40, thigh_up=-65, trunk_up=25)),
    "sit_to_stand": (Figure(shank_up=10, thigh_up=-80, mirror=SIDE), Figure(mirror=SIDE)),
    "lunge": (Figure(mirror=SIDE), Figure(shank_up=30, thigh_up=-50, mirror=SIDE)),
    "heel_raise": (Figure(mirror=SIDE), Figure(foot_tilt=30, mirror=SIDE)),
    "standing_hip_abduction": (Figure(), Figure(leg_abduction=25)),
    "seated_knee_extension": (
        Figure(thigh_up=-90, mirror=SIDE),
        Figure(shank_up=-80, thigh_up=-90, mirror=SIDE),
    ),
    "glute_bridge": (
        Figure(trunk_up=40, rotate=90, mirror=SIDE),
        Figure(trunk_up=6, rotate=90, mirror=SIDE),
    ),
    "shoulder_abduction": (
        Figure(upper_arm_down=10, forearm_down=10),
        Figure(upper_arm_down=95, forearm_down=95),
    ),
    "shoulder_flexion": (
        Figure(upper_arm_down=10, forearm_down=10, mirror=SIDE),
        Figure(upper_arm_down=150, forearm_down=150, mirror=SIDE),
    ),
    "wall_slide": (
        Figure(upper_arm_down=90, forearm_down=180),
        Figure(upper_arm_down=150, forearm_down=170),
    ),
    "push_up": (
        Figure(rotate=75, mirror=SIDE),
        Figure(forearm_down=90, rotate=75, mirror=SIDE),
    ),
    "jumping_jack": (
        Figure(upper_arm_down=5, forearm_down=5, r_thigh_down=0, r_shank_down=0),
        Figure(upper_arm_down=160, forearm_down=160, r_thigh_down=-15, r_shank_down=-15),
    ),
}


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return load_library()


def _run(
    tracker: ExerciseTracker, frames: list[tuple[float, Figure]], seed: int = 0
) -> list[Event]:
    rng = np.random.default_rng(seed)
    events: list[Event] = []
    for timestamp_ms, figure in frames:
        events += tracker.update(timestamp_ms, figure_pose(figure, jitter_px=1.5, rng=rng))
    events += tracker.finish(frames[-1][0] + 33.0)
    return events


def test_every_rep_exercise_in_the_library_has_a_script(library: ExerciseLibrary) -> None:
    rep_based = {e.id for e in library.exercises.values() if e.kind in ("reps", "rom")}
    assert rep_based - {"elbow_curl"} == set(REP_SCRIPTS)


@pytest.mark.parametrize("exercise_id", sorted(REP_SCRIPTS))
def test_exercise_counts_three_scripted_reps_exactly(
    library: ExerciseLibrary, exercise_id: str
) -> None:
    exercise = library.exercise(exercise_id)
    start, turn = REP_SCRIPTS[exercise_id]
    rep_s = 1.0 if exercise_id == "jumping_jack" else 2.5
    frames = list(rep_sequence(start, turn, reps=3, rep_s=rep_s))
    events = _run(ExerciseTracker(exercise), frames)
    reps = [e for e in events if isinstance(e, RepCompleted)]
    assert len(reps) == 3, [e for e in events if isinstance(e, PartialRep)]
    assert not [e for e in events if isinstance(e, (PartialRep, FallDetected))]
    assert all(r.rom_max_deg - r.rom_min_deg > 10 for r in reps)


def test_elbow_curl_counts_each_arm_of_alternating_curls(library: ExerciseLibrary) -> None:
    start = Figure(upper_arm_down=5, forearm_down=5, r_forearm_down=5)
    left = Figure(upper_arm_down=5, forearm_down=130, r_forearm_down=5)
    right = Figure(upper_arm_down=5, forearm_down=5, r_forearm_down=130)
    frames = list(rep_sequence(start, left, reps=2, rep_s=2.0))
    t0 = frames[-1][0] + 33.0
    frames += [(t0 + t, f) for t, f in rep_sequence(start, right, reps=3, rep_s=2.0)]
    events = _run(ExerciseTracker(library.exercise("elbow_curl")), frames)
    sides = [e.side for e in events if isinstance(e, RepCompleted)]
    assert sides == ["left", "left", "right", "right", "right"]


def test_single_leg_stance_times_the_stance_until_the_foot_comes_down(
    library: ExerciseLibrary,
) -> None:
    standing = Figure()
    lifted = Figure(r_thigh_down=30, r_shank_down=-30)
    fps = 30.0
    frames = [(i * 1000 / fps, standing) for i in range(30)]  # 1 s standing
    frames += [(1000 + i * 1000 / fps, lifted) for i in range(int(8 * fps))]  # 8 s on one leg
    frames += [(9000 + i * 1000 / fps, standing) for i in range(30)]  # foot down at 9 s
    events = _run(ExerciseTracker(library.exercise("single_leg_stance")), frames)
    lost = [e for e in events if isinstance(e, BalanceLost)]
    assert [e.reason for e in lost] == ["foot_down"]
    assert lost[0].time_in_stance_s == pytest.approx(8.0, abs=0.05)
    result = next(e for e in events if isinstance(e, BalanceResult))
    assert result.lost and result.sway_path_per_height > 0.0
    assert 0.0 < result.sway_rms_pct <= result.sway_max_pct


def test_tandem_stance_reports_a_step_out_of_line(library: ExerciseLibrary) -> None:
    tandem = Figure(r_thigh_down=12.2, r_shank_down=12.2)
    stepped = Figure(r_thigh_down=-25, r_shank_down=-25)
    frames = [(i * 100.0, tandem) for i in range(50)]  # 5 s in tandem
    frames += [(5000 + i * 100.0, stepped) for i in range(10)]
    events = _run(ExerciseTracker(library.exercise("tandem_stance")), frames)
    lost = [e for e in events if isinstance(e, BalanceLost)]
    assert [e.reason for e in lost] == ["step"]
    assert lost[0].time_in_stance_s == pytest.approx(5.0, abs=0.15)


def test_wall_sit_counts_only_the_time_in_position(library: ExerciseLibrary) -> None:
    standing, sitting = Figure(mirror=SIDE), Figure(shank_up=40, thigh_up=-40, mirror=SIDE)
    frames = [(i * 100.0, standing) for i in range(20)]
    frames += [(2000 + i * 100.0, sitting) for i in range(121)]  # 12 s held
    frames += [(14100 + i * 100.0, standing) for i in range(20)]
    tracker = ExerciseTracker(library.exercise("wall_sit"))
    events = _run(tracker, frames)
    broken = [e for e in events if isinstance(e, HoldBroken)]
    assert len(broken) == 1
    assert broken[0].held_s == pytest.approx(12.0, abs=0.01)
    assert tracker.best_hold_s == pytest.approx(12.0, abs=0.01)
