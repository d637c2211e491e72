"""Keypoint names an exercise may refer to.

Exercises are written against COCO-17 names, which every backend produces. BlazePose adds feet,
hands and face points; a measurement that uses them (the heel raise's foot angle uses
``{side}_heel`` and ``{side}_foot_index``) only measures on a BlazePose backend and reads NaN
elsewhere, so an exercise should count on a COCO-17 measurement; one that counts on a
BlazePose-only point is refused on MoveNet up front (:mod:`coach.exercises.point_coverage`).
"""

from __future__ import annotations

from coach.pose.blazepose.constants import BLAZEPOSE33_NAMES
from coach.pose.keypoints import COCO17_NAMES

#: Names BlazePose has beyond COCO-17, taken from the backend's own landmark list (one source).
BLAZEPOSE_EXTRA_NAMES: tuple[str, ...] = tuple(
    name for name in BLAZEPOSE33_NAMES if name not in COCO17_NAMES
)

#: Every keypoint name valid in an exercise file, after ``{side}`` substitution.
KNOWN_KEYPOINTS: frozenset[str] = frozenset(COCO17_NAMES + BLAZEPOSE_EXTRA_NAMES)

SIDE_PLACEHOLDER = "{side}"


def expand_side(name: str, side: str) -> str:
    """``name`` with ``{side}`` replaced by ``left`` or ``right``."""
    return name.replace(SIDE_PLACEHOLDER, side)


def opposite_side(side: str) -> str:
    """``right`` for ``left`` and vice versa."""
    return "right" if side == "left" else "left"


def resolve_keypoint(name: str, side: str) -> str:
    """``name`` with ``{side}`` → ``side`` and ``{other}`` → the opposite side."""
    return expand_side(name, side).replace("{other}", opposite_side(side))


def check_keypoint_name(name: str) -> str:
    """Return ``name`` if valid with ``{side}`` / ``{other}`` expanded, else raise ValueError."""
    for side in ("left", "right"):
        expanded = resolve_keypoint(name, side)
        if expanded not in KNOWN_KEYPOINTS:
            valid = ", ".join(sorted(KNOWN_KEYPOINTS))
            raise ValueError(
                f"unknown keypoint {name!r}; expected one of: {valid} "
                "(use '{side}_' and '{other}_' prefixes for sided exercises)"
            )
    return name
