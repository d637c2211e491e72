"""Plans from the real exercise library and routines."""

from __future__ import annotations

import pytest

from coach.exercises.library import load_library
from coach.live.flow import PlanItem
from coach.live.plan import plain_label, plan_for_routine, required_keypoints
from coach.live.today import ItemWeek, done_this_week, what_to_do


def test_the_knee_rehab_routine_becomes_plan_items_with_its_overrides() -> None:
    library = load_library()
    plan = plan_for_routine(library.routine("knee_rehab"), library)
    squat = next(item for item in plan if item.exercise_key == "squat")
    assert (squat.sets, squat.target_reps, squat.rom_target_deg) == (2, 10, 60)
    assert squat.camera_view == "front"
    assert "Only go as low as is comfortable" in squat.notes
    assert what_to_do(squat) == "2 sets of 10 reps, rest 60 s"
    wall_sit = next(item for item in plan if item.exercise_key == "wall_sit")
    assert (wall_sit.target_reps, wall_sit.target_hold_s) == (None, 20)
    assert what_to_do(wall_sit).startswith("2 sets, hold 20 seconds")


def test_a_two_sided_exercise_needs_both_legs_in_view_and_a_one_sided_one_only_its_own() -> None:
    squat = load_library().exercise("squat")
    both = required_keypoints(squat, "both")
    assert {"left_knee", "right_knee", "left_ankle", "right_ankle"} <= set(both)
    assert "right_knee" not in required_keypoints(squat, "left")


@pytest.mark.parametrize(
    ("description", "label"),
    [
        ("Knee bend in degrees, 0 = straight knee (front-view projection).", "Knee bend"),
        ("Bend of the front (leading) knee, degrees.", "Bend of the front knee"),
        ("", "Knee flexion"),
    ],
)
def test_measurements_get_short_plain_labels(description: str, label: str) -> None:
    assert plain_label("knee_flexion", description) == label


def test_what_was_done_this_week_is_one_plain_line_per_exercise() -> None:
    library = load_library()
    items = {i.exercise_key: i for i in plan_for_routine(library.routine("knee_rehab"), library)}
    squat, wall_sit = items["squat"], items["wall_sit"]

    def week(item: PlanItem, sets: int, reps: int, hold: float | None) -> str:
        summary = ItemWeek(item=item, what_to_do="", sets_done=sets, reps_done=reps,
                           best_hold_s=hold)  # fmt: skip
        return done_this_week(summary)

    assert week(squat, 0, 0, None) == "Not done yet this week"
    assert week(squat, 1, 1, None) == "Done this week: 1 set, 1 rep"
    assert week(squat, 3, 27, None) == "Done this week: 3 sets, 27 reps"
    assert week(wall_sit, 2, 0, 24.6) == "Done this week: 2 sets, longest hold 25 seconds"
