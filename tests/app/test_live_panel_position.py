"""The live panel tells the patient to get into position while counting waits for it."""

from __future__ import annotations

from coach.analysis.readiness import Readiness
from coach.app.components.live_panel import _position_text
from coach.exercises.library import load_library
from coach.session.tracker import ExerciseTracker
from tests.analysis.synthetic import Figure, figure_pose


def test_the_panel_asks_for_the_start_posture_until_it_is_held() -> None:
    tracker = ExerciseTracker(load_library().exercise("squat"))
    tracker.update(0.0, None)
    assert tracker.state.readiness is Readiness.WAITING
    assert _position_text(tracker.state) == (
        "Get into position: standing tall, whole body in view. Counting starts when you hold it."
    )
    for i in range(30):  # a second standing still
        tracker.update(i * 33.0, figure_pose(Figure()))
    assert tracker.state.readiness is Readiness.READY and _position_text(tracker.state) is None


def test_exercises_without_a_start_posture_say_nothing_about_position() -> None:
    tracker = ExerciseTracker(load_library().exercise("heel_raise"))
    tracker.update(0.0, None)
    assert _position_text(tracker.state) is None
