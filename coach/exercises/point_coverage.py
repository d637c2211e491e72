"""Which keypoints of an exercise a pose backend lacks, and what that costs the exercise.

MoveNet gives the 17 COCO keypoints; BlazePose adds heels, toes (``foot_index``), hands and
eye corners. An exercise needs some of its measurements to work at all and others only for
extras:

- **Required**: the rep counter's signal, the held posture of a hold, and the start posture
  (the readiness gate). Without them the exercise would count or time something else, or
  nothing, so it is refused up front with a message that names the missing points and the
  backends that have them.
- **Optional**: the range-of-motion measurement (when it is not the signal) and the form
  rules' measurements. Without them the exercise still counts; the report and the live display
  say which part is unavailable (e.g. a heel raise counts on the ankle's rise everywhere but
  reports the foot angle only on BlazePose).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from coach.exercises.schema import ExerciseDefinition
from coach.exercises.vocabulary import resolve_keypoint
from coach.pose.factory import DETECTOR_NAMES, keypoint_names

logger = logging.getLogger(__name__)


class MissingKeypointsError(ValueError):
    """An exercise needs keypoints the chosen backend does not give; the message says which."""


@dataclass(frozen=True)
class MissingPart:
    """One measurement of an exercise that a backend cannot measure.

    Attributes:
        measurement: the measurement's name in the exercise YAML.
        role: what it is used for, in words (``counting signal``, ``range of motion``...).
        points: the keypoints the backend lacks (sides expanded).
        required: whether the exercise cannot work without it.
    """

    measurement: str
    role: str
    points: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class PointCoverage:
    """What one backend's keypoints leave of one exercise."""

    exercise_id: str
    backend: str
    missing: tuple[MissingPart, ...]

    @property
    def usable(self) -> bool:
        """Whether the exercise can run on the backend (every required part is measurable)."""
        return not any(part.required for part in self.missing)

    def refusal(self) -> str:
        """One line naming the exercise, its missing points and the backends that have them
        (empty when the exercise is usable)."""
        parts = [p for p in self.missing if p.required]
        if not parts:
            return ""
        points = _points(parts)
        what = "; ".join(f"its {p.role} {p.measurement} needs {', '.join(p.points)}" for p in parts)
        return (
            f"exercise {self.exercise_id} cannot run on {self.backend}: {what}, which "
            f"{self.backend} does not detect; {_backends_with(points)}"
        )

    def notes(self) -> list[str]:
        """One line per optional part the backend cannot measure (the exercise still runs)."""
        return [
            f"{self.exercise_id} on {self.backend}: {p.role} ({p.measurement}) unavailable, "
            f"it needs {', '.join(p.points)}; {_backends_with(p.points)}"
            for p in self.missing
            if not p.required
        ]


def _points(parts: list[MissingPart]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(point for part in parts for point in part.points))


def _backends_with(points: tuple[str, ...]) -> str:
    having = [name for name in DETECTOR_NAMES if set(points) <= set(keypoint_names(name))]
    if not having:
        return "no backend detects them"
    return f"use {' or '.join(having)}"


def _roles(exercise: ExerciseDefinition) -> list[tuple[str, str, bool]]:
    """``(measurement, role, required)`` for every measurement the exercise uses."""
    roles: list[tuple[str, str, bool]] = []
    if exercise.rep is not None:
        roles.append((exercise.rep.signal, "counting signal", True))
    if exercise.hold is not None:
        roles += [(b.measurement, "held posture", True) for b in exercise.hold.posture]
    if exercise.start_posture is not None:
        roles += [(b.measurement, "start posture", True) for b in exercise.start_posture.posture]
    rom = exercise.rom_measurement
    if rom is not None:
        roles.append((rom, "range of motion", False))
    roles += [(rule.measurement, f"form cue {rule.id}", False) for rule in exercise.form_rules]
    return roles


def point_coverage(
    exercise: ExerciseDefinition, backend: str, side: str | None = None
) -> PointCoverage:
    """What ``backend``'s keypoints leave of ``exercise`` done on ``side`` (default: its own).

    Raises:
        ValueError: unknown backend (valid names listed).
    """
    available = set(keypoint_names(backend))
    mode = side or exercise.side
    sides = ("left", "right") if mode in ("both", "alternating") else (mode,)
    missing: dict[str, MissingPart] = {}
    for name, role, required in _roles(exercise):
        model = exercise.measurements[name]
        points = getattr(model, "points", ())
        needed = dict.fromkeys(resolve_keypoint(p, s) for s in sides for p in points)
        lacking = tuple(p for p in needed if p not in available)
        if not lacking:
            continue
        known = missing.get(name)
        if known is None or (required and not known.required):  # the strongest role wins
            missing[name] = MissingPart(name, role, lacking, required)
    return PointCoverage(exercise.id, backend, tuple(missing.values()))


def require_points(exercise: ExerciseDefinition, backend: str, side: str | None = None) -> None:
    """Refuse an exercise the backend cannot measure.

    Raises:
        MissingKeypointsError: a required measurement needs points the backend lacks.
        ValueError: unknown backend.
    """
    coverage = point_coverage(exercise, backend, side)
    if not coverage.usable:
        raise MissingKeypointsError(coverage.refusal())
