"""What the camera must see for each trial of a standard test, for the set-up check.

The same check as the live exercise page (:func:`coach.live.camera_check.check_camera`): the
trial's exercise gives the view (front or side) and the keypoints it measures; a test adds what
its protocol needs in the picture: the feet for every test, and the whole body from head to feet
for a standing balance trial.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.exercises.assessment_schema import AssessmentDefinition
from coach.exercises.library import ExerciseLibrary
from coach.exercises.schema import ExerciseDefinition
from coach.live.camera_check import CameraView
from coach.live.plan import required_keypoints

#: The feet: every test's protocol is judged on them (seated, standing, stepping).
FEET = ("left_ankle", "right_ankle")
#: Head to feet: a standing balance trial is watched whole (trunk lean, a step, a foot down).
WHOLE_BODY = ("nose", *FEET)


@dataclass(frozen=True, slots=True)
class TrialCamera:
    """The camera needs of one trial: the view and the keypoints that must be in the picture."""

    view: CameraView
    keypoints: tuple[str, ...]


def _needs(exercise: ExerciseDefinition, side: str | None) -> TrialCamera:
    measured = required_keypoints(exercise, side or exercise.side)
    extra = WHOLE_BODY if exercise.kind == "balance" else FEET
    return TrialCamera(CameraView(exercise.camera_view), tuple(dict.fromkeys((*measured, *extra))))


def trial_cameras(
    assessment: AssessmentDefinition, library: ExerciseLibrary
) -> dict[str, TrialCamera]:
    """Camera needs per trial name (the scorer's ``trial_names``), in protocol order."""
    rule = assessment.scoring.rule
    if rule == "last_stage_held":
        return {
            trial: _needs(library.exercise(stage.exercise), side)
            for stage in assessment.stages
            for trial, side in zip(stage.trial_ids(), stage.sides or (None,), strict=True)
        }
    assert assessment.exercise is not None
    exercise = library.exercise(assessment.exercise)
    if rule == "stance_time":
        return {side: _needs(exercise, side) for side in assessment.sides}
    return {"stands": _needs(exercise, None)}
