"""What the patient reads around a set: camera position, an honest set result, practice list."""

from __future__ import annotations

from coach.exercises.library import load_library
from coach.live.guidance import camera_position, practice_items, session_title, set_result
from coach.live.plan import single_exercise_plan


def test_a_set_without_reps_says_so_and_never_well_done() -> None:
    library = load_library()
    (squat,) = single_exercise_plan(library.exercise("squat"))
    (wall_sit,) = single_exercise_plan(library.exercise("wall_sit"))
    text, counted = set_result(squat, 0)
    assert text.startswith("No reps were counted") and "Well done" not in text and not counted
    assert set_result(squat, 1) == ("Set done: 1 rep. Well done!", True)
    assert set_result(squat, 8)[0] == "Set done: 8 reps. Well done!"
    assert set_result(wall_sit, 0) == ("Set done.", True)  # a hold is not counted in reps
    assert session_title(0, 0) == "No reps were counted this time"
    assert session_title(0, 1) == session_title(5, 0) == "Well done! Your session is saved."


def test_a_seated_side_view_exercise_is_not_told_to_face_the_camera() -> None:
    library = load_library()
    (knee,) = single_exercise_plan(library.exercise("seated_knee_extension"))
    (squat,) = single_exercise_plan(library.exercise("squat"))
    assert "side-on" in camera_position(knee) and "facing you" not in camera_position(knee)
    assert "facing you" in camera_position(squat)
    assert knee.instructions.startswith("Sit tall on a firm chair")


def test_practice_offers_the_prescribed_exercises_once_each_by_name() -> None:
    library = load_library()
    squat = single_exercise_plan(library.exercise("squat"))
    knee = single_exercise_plan(library.exercise("seated_knee_extension"))
    items = practice_items([squat + knee, squat])
    assert [item.name for item in items] == ["Seated knee extension", "Squat"]
    assert practice_items([]) == []
