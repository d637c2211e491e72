"""What the patient is told around a set: where to put the camera, how the set went.

Pure functions of the plan (no Streamlit), so the words are tested directly. A set in which
nothing was counted never reads as "Well done": the patient should know it did not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coach.exercises.point_coverage import PointCoverage
from coach.live.flow import PlanItem

_CAMERA_POSITION = {
    "front": (
        "Put the phone or camera about 2 to 3 metres away, at hip height, facing you, so it "
        "sees you from head to feet."
    ),
    "side": (
        "Put the phone or camera about 2 to 3 metres away, at hip height, and turn side-on to "
        "it, with the side you train nearest to it. It must see you from head to feet."
    ),
}


def camera_position(item: PlanItem) -> str:
    """Where the camera goes for this exercise, in plain words."""
    return _CAMERA_POSITION.get(item.camera_view, _CAMERA_POSITION["front"])


def set_result(item: PlanItem | None, reps: int) -> tuple[str, bool]:
    """The words shown after a set, and whether it counted as exercise done.

    Args:
        item: The exercise of the set (``None`` when unknown).
        reps: Repetitions counted in the set.
    """
    if item is not None and item.target_reps is None:
        return "Set done.", True
    if reps == 0:
        return "No reps were counted in that set. Check that the camera sees you.", False
    return f"Set done: {reps} rep{'s' if reps != 1 else ''}. Well done!", True


def session_title(total_reps: int, holds_done: int) -> str:
    """The title of the summary after a session."""
    if total_reps == 0 and holds_done == 0:
        return "No reps were counted this time"
    return "Well done! Your session is saved."


def practice_items(plans: Iterable[Sequence[PlanItem]]) -> list[PlanItem]:
    """Exercises a patient may practise on their own: those of their plans, once each."""
    seen: dict[str, PlanItem] = {}
    for plan in plans:
        for item in plan:
            seen.setdefault(item.exercise_key, item)
    return sorted(seen.values(), key=lambda item: item.name)


def backend_words(coverage: PointCoverage, exercise_name: str) -> tuple[str, bool]:
    """What the patient is told when the pose model lacks points the exercise uses, and
    whether the set may start (``("", True)`` when nothing is missing).

    An exercise whose counting needs a point the model does not see cannot start: counting
    something else would mislead. A missing extra (the foot angle of a heel raise) is said
    once; the set still starts.
    """
    if not coverage.usable:
        points = [p for part in coverage.missing if part.required for p in part.points]
        return (
            f"{exercise_name} cannot be counted with the pose model {coverage.backend}: it "
            f"needs to see your {_spoken(points)}, which this model does not detect. Choose "
            "a BlazePose model under Settings on the start page, or skip this exercise.",
            False,
        )
    extras = [part for part in coverage.missing if not part.required]
    if not extras:
        return "", True
    points = [p for part in extras for p in part.points]
    return (
        f"With the pose model {coverage.backend}, reps count but your {_spoken(points)} "
        "cannot be seen, so part of the feedback (such as the angle measured there) is missing.",
        True,
    )


def _spoken(points: Sequence[str]) -> str:
    """``left_foot_index`` → ``left foot index``; joined with commas and "and"."""
    words = list(dict.fromkeys(p.replace("_", " ") for p in points))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
