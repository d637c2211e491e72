"""Set and rest flow: set x of y, rest countdown, next exercise, finish, resume."""

from __future__ import annotations

import pytest

from coach.live.flow import Phase, PlanItem, SessionFlow


def _item(key: str, sets: int, rest_s: float = 30.0) -> PlanItem:
    return PlanItem(
        exercise_key=key, name=key.title(), sets=sets, target_reps=10, target_hold_s=None,
        rest_s=rest_s, side=None, camera_view="front", required_keypoints=("left_knee",),
    )  # fmt: skip


def test_two_sets_then_the_next_exercise_with_a_rest_countdown_between() -> None:
    flow = SessionFlow([_item("squat", 2), _item("bridge", 1)])
    assert flow.progress_text() == "Squat — set 1 of 2"
    first = flow.start_set()
    assert (first.exercise_key, first.set_index, first.item_index) == ("squat", 1, 0)
    flow.finish_set(now_s=100.0)
    assert flow.phase is Phase.REST
    assert flow.rest_remaining_s(110.0) == pytest.approx(20.0)
    assert flow.tick(129.0) is Phase.REST
    assert flow.tick(130.0) is Phase.READY
    assert flow.start_set().set_index == 2
    flow.finish_set(now_s=200.0)
    assert flow.progress_text() == "Bridge — set 1 of 1"
    flow.skip_rest()
    assert flow.start_set().exercise_key == "bridge"
    flow.finish_set(now_s=300.0)
    assert flow.finished and flow.progress_text() == "All done for today"


def test_a_resumed_session_starts_after_the_sets_already_done() -> None:
    flow = SessionFlow([_item("squat", 2), _item("bridge", 3)], completed_sets={0: 2, 1: 1})
    assert (flow.item.exercise_key, flow.set_number) == ("bridge", 2)


def test_skipping_an_exercise_moves_on_and_skipping_the_last_finishes() -> None:
    flow = SessionFlow([_item("squat", 3), _item("bridge", 1)])
    flow.skip_exercise()
    assert flow.item.exercise_key == "bridge"
    flow.skip_exercise()
    assert flow.finished


def test_starting_twice_or_finishing_without_a_set_is_refused() -> None:
    flow = SessionFlow([_item("squat", 1)])
    with pytest.raises(ValueError, match="no set to finish while ready"):
        flow.finish_set(0.0)
    flow.start_set()
    with pytest.raises(ValueError, match="cannot start a set while active"):
        flow.start_set()
    with pytest.raises(ValueError, match="finish the current set before skipping"):
        flow.skip_exercise()


def test_a_plan_must_have_exercises_with_at_least_one_set() -> None:
    with pytest.raises(ValueError, match="at least one exercise"):
        SessionFlow([])
    with pytest.raises(ValueError, match="squat: sets must be at least 1, got 0"):
        _item("squat", 0)
