"""Evaluate an exercise's declared measurements on one pose.

Sides: a ``left`` or ``right`` exercise reads one side; ``both`` reads each side and averages
them (a side that is not confidently seen is left out, so a front-view squat keeps counting when
one knee is hidden); ``alternating`` keeps the two sides apart as two channels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from coach.exercises.measurements import Distance, HeightDrop, JointAngle, SegmentAngle
from coach.exercises.schema import ExerciseDefinition, SideMode
from coach.exercises.vocabulary import expand_side, opposite_side
from coach.kinematics import (
    DEFAULT_MIN_SCORE,
    confident_xy,
    joint_angle_deg,
    normalised_distance,
    segment_inclination_deg,
)
from coach.pose.types import Pose

MeasurementModel = JointAngle | SegmentAngle | Distance | HeightDrop


def channels_for(side: SideMode) -> tuple[str, ...]:
    """Channel names a side mode produces: ``("both",)``, ``("left",)``, or both sides."""
    return ("left", "right") if side == "alternating" else (side,)


def _resolve(points: tuple[str, ...], side: str) -> tuple[str, ...]:
    return tuple(expand_side(p, side).replace("{other}", opposite_side(side)) for p in points)


@dataclass
class _HeightReference:
    """Standing height of a height-drop segment: the largest vertical distance seen so far.

    A value only counts once it has been seen in two consecutive frames (the smaller of each
    pair is used), so one glitched detection cannot inflate the reference for the rest of the
    session and stop the counting.
    """

    max_px: float = math.nan
    previous_px: float = math.nan

    def update(self, dy_px: float) -> float:
        confirmed = math.nan if math.isnan(self.previous_px) else min(dy_px, self.previous_px)
        self.previous_px = dy_px
        if confirmed > 0.0 and not confirmed <= self.max_px:  # also replaces NaN
            self.max_px = confirmed
        if math.isnan(self.max_px) and dy_px > 0.0:
            return dy_px  # first frame: the best estimate available
        return self.max_px


@dataclass
class MeasurementSet:
    """Compiled measurements of one exercise for one side mode; call :meth:`evaluate` per pose.

    Stateful only for ``height_drop`` measurements, which remember the standing reference.
    """

    exercise: ExerciseDefinition
    side: SideMode
    min_score: float = DEFAULT_MIN_SCORE
    _references: dict[tuple[str, str], _HeightReference] = field(default_factory=dict)
    #: ``(left, right)`` values of each sided measurement from the last ``both`` evaluation.
    side_values: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def channels(self) -> tuple[str, ...]:
        return channels_for(self.side)

    def evaluate(self, pose: Pose | None) -> dict[str, dict[str, float]]:
        """Values of every measurement per channel (NaN when not confidently measurable)."""
        result: dict[str, dict[str, float]] = {}
        for channel in self.channels:
            sides = ("left", "right") if channel == "both" else (channel,)
            result[channel] = {
                name: self._combined(name, model, pose, sides)
                for name, model in self.exercise.measurements.items()
            }
        return result

    def _combined(
        self, name: str, model: MeasurementModel, pose: Pose | None, sides: tuple[str, ...]
    ) -> float:
        if pose is None:
            self.side_values.pop(name, None)
            return math.nan
        if not model.sided:
            sides = sides[:1]
        values = [self._one(name, model, pose, side) for side in sides]
        if len(values) == 2:
            self.side_values[name] = (values[0], values[1])
        finite = [v for v in values if not math.isnan(v)]
        return sum(finite) / len(finite) if finite else math.nan

    def _one(self, name: str, model: MeasurementModel, pose: Pose, side: str) -> float:
        points = _resolve(model.points, side)
        if isinstance(model, JointAngle):
            angle = joint_angle_deg(pose, points[0], points[1], points[2], self.min_score)
            return 180.0 - angle if model.flexion else angle
        if isinstance(model, SegmentAngle):
            return segment_inclination_deg(
                pose, points[0], points[1], model.reference, self.min_score
            )
        if isinstance(model, Distance):
            return normalised_distance(pose, points[0], points[1], self.min_score)
        top = confident_xy(pose, points[0], self.min_score)
        bottom = confident_xy(pose, points[1], self.min_score)
        dy_px = bottom[1] - top[1]
        if math.isnan(dy_px):
            return math.nan
        reference = self._references.setdefault((name, side), _HeightReference())
        ref_px = reference.update(dy_px)
        return 100.0 * (1.0 - dy_px / ref_px) if ref_px > 0.0 else math.nan

    def reset(self) -> None:
        """Forget the standing references (a new patient or camera position)."""
        self._references.clear()
