"""Evaluate an exercise's declared measurements on one pose.

Sides: a ``left`` or ``right`` exercise reads one side; ``both`` reads each side and averages
them (a side that is not confidently seen is left out, so a front-view squat keeps counting when
one knee is hidden); ``alternating`` keeps the two sides apart as two channels.

``height_drop`` and ``height_rise`` are relative to references learnt from the stream itself (the
standing height of a segment, the resting position of a keypoint), kept by one mechanism,
:class:`_ConfirmedMaximum`.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from coach.exercises.measurement_schema import (
    Distance,
    HeightDrop,
    HeightRise,
    JointAngle,
    SegmentAngle,
)
from coach.exercises.schema import ExerciseDefinition, SideMode
from coach.exercises.vocabulary import resolve_keypoint
from coach.kinematics import (
    DEFAULT_MIN_SCORE,
    confident_xy,
    joint_angle_deg,
    normalised_distance,
    segment_inclination_deg,
)
from coach.pose.types import Pose

#: Frames a resting position must hold before it becomes the reference of a ``height_rise``.
#: Two frames (as for a standing height) leave the rest about two jitter-sigmas too low after a
#: minute at 30 fps, which reads as a constant rise of several percent; six frames (0.2 s at
#: 30 fps, 1.2 s at 5 fps) cut that to under one sigma and only delay learning the rest once.
REST_CONFIRM_FRAMES = 6

#: How fast (segment lengths per second) a ``height_rise`` resting position follows the point up
#: when it stays higher than the rest: a patient who shuffles back from the camera, or a camera
#: that got nudged, shifts the ankle up in the image for good. At 0.5 % of the shank per second
#: a 2 s raise reads about 0.5 % low at its peak (the rest snaps back once the heel is down),
#: while a shift of 7 % is forgotten within about 12 s instead of blocking the count for the
#: rest of the set. Needs frame timestamps (:meth:`MeasurementSet.evaluate`).
REST_RELEASE_PER_S = 0.005

MeasurementModel = JointAngle | SegmentAngle | Distance | HeightDrop | HeightRise


def channels_for(side: SideMode) -> tuple[str, ...]:
    """Channel names a side mode produces: ``("both",)``, ``("left",)``, or both sides."""
    return ("left", "right") if side == "alternating" else (side,)


def _resolve(points: tuple[str, ...], side: str) -> tuple[str, ...]:
    return tuple(resolve_keypoint(p, side) for p in points)


@dataclass
class _ConfirmedMaximum:
    """The largest value seen so far, in pixels: a standing height or a resting position.

    A value only counts once it has held for ``frames`` consecutive frames (the smallest of them
    is used), so one glitched detection cannot shift the reference for the rest of the session
    and stop the counting. A NaN frame breaks the run. Values at or below ``floor`` are never
    confirmed (a segment height must be positive; an image coordinate has no floor).

    Because it keeps the largest confirmed value, the reference sits in the upper tail of the
    keypoint jitter; more ``frames`` pull it back towards the typical value (with independent
    jitter, after N frames it lies about the ``1 - N**(-1/frames)`` quantile above the mean).
    ``release_px`` lets the reference sink back towards smaller confirmed values by at most that
    much per frame, so it can follow a patient who has moved (0: it never sinks).
    """

    floor: float = 0.0
    frames: int = 2
    max_px: float = math.nan
    _recent: deque[float] = field(default_factory=deque)

    def update(self, value_px: float, release_px: float = 0.0) -> float:
        """Feed this frame's value (NaN if unseen); returns the reference (NaN if none yet)."""
        if math.isnan(value_px):
            self._recent.clear()
        else:
            self._recent.append(value_px)
            if len(self._recent) > self.frames:
                self._recent.popleft()
        if len(self._recent) == self.frames:
            confirmed = min(self._recent)
            if confirmed > self.floor and not confirmed <= self.max_px:  # also replaces NaN
                self.max_px = confirmed
            elif release_px > 0.0 and confirmed < self.max_px:
                self.max_px = max(self.max_px - release_px, confirmed)
        if math.isnan(self.max_px) and value_px > self.floor:
            return value_px  # before any confirmation: the best estimate available
        return self.max_px

    @property
    def confirmed(self) -> bool:
        """Whether a value has held for ``frames`` consecutive frames."""
        return not math.isnan(self.max_px)


@dataclass
class MeasurementSet:
    """Compiled measurements of one exercise for one side mode; call :meth:`evaluate` per pose.

    Stateful only for ``height_drop`` and ``height_rise`` measurements, which remember their
    references per measurement and side.
    """

    exercise: ExerciseDefinition
    side: SideMode
    min_score: float = DEFAULT_MIN_SCORE
    _references: dict[tuple[str, str, str], _ConfirmedMaximum] = field(default_factory=dict)
    _frame_interval_s: float = math.nan
    _last_timestamp_ms: float = math.nan
    #: ``(left, right)`` values of each sided measurement from the last ``both`` evaluation.
    side_values: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def channels(self) -> tuple[str, ...]:
        return channels_for(self.side)

    def evaluate(
        self, pose: Pose | None, timestamp_ms: float = math.nan
    ) -> dict[str, dict[str, float]]:
        """Values of every measurement per channel (NaN when not confidently measurable).

        Args:
            pose: the pose in image pixels, or ``None`` when nobody was seen.
            timestamp_ms: capture time of the frame; without it a ``height_rise`` resting
                position never follows a patient who moved (see ``REST_RELEASE_PER_S``).
        """
        self._frame_interval_s = (timestamp_ms - self._last_timestamp_ms) / 1000.0
        self._last_timestamp_ms = timestamp_ms
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
        if isinstance(model, HeightRise):
            return self._height_rise_pct(name, pose, points, side)
        return self._height_drop_pct(name, pose, points, side)

    def _reference(
        self, name: str, side: str, role: str, floor: float, frames: int = 2
    ) -> _ConfirmedMaximum:
        return self._references.setdefault((name, side, role), _ConfirmedMaximum(floor, frames))

    def _height_drop_pct(self, name: str, pose: Pose, points: tuple[str, ...], side: str) -> float:
        top = confident_xy(pose, points[0], self.min_score)
        bottom = confident_xy(pose, points[1], self.min_score)
        dy_px = bottom[1] - top[1]
        if math.isnan(dy_px):
            return math.nan
        ref_px = self._reference(name, side, "height", 0.0).update(dy_px)
        return 100.0 * (1.0 - dy_px / ref_px) if ref_px > 0.0 else math.nan

    def _height_rise_pct(self, name: str, pose: Pose, points: tuple[str, ...], side: str) -> float:
        """Rise of ``points[0]`` above its resting position, percent of the segment length.

        The segment end is only needed to learn the segment length: once that is known, the
        rise is read from the moving point alone (a knee lost for a few frames costs nothing).
        A side is NaN until its resting position has held for ``REST_CONFIRM_FRAMES`` frames,
        so an ankle that comes into view mid-raise is not averaged in against a wrong rest.
        """
        moving = confident_xy(pose, points[0], self.min_score)
        end = confident_xy(pose, points[1], self.min_score)
        length_px = self._reference(name, side, "length", 0.0).update(
            math.hypot(end[0] - moving[0], end[1] - moving[1])
        )
        rest = self._reference(name, side, "rest", -math.inf, REST_CONFIRM_FRAMES)
        release_px = REST_RELEASE_PER_S * length_px * self._frame_interval_s
        # Image y grows downwards: the resting position is the largest y.
        rest_y_px = rest.update(moving[1], release_px if release_px > 0.0 else 0.0)
        if math.isnan(moving[1]) or not rest.confirmed or not length_px > 0.0:
            return math.nan
        return 100.0 * (rest_y_px - moving[1]) / length_px
