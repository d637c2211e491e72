"""``create_detector``: the one way to build a pose detector, a closed set of backends.

Each backend's heavy dependency (TensorFlow, MediaPipe) is imported only when that backend
is built, so importing :mod:`coach.pose` stays cheap.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal, TypeVar

from coach.pose.blazepose.constants import BLAZEPOSE33_NAMES
from coach.pose.blazepose.options import BlazePoseOptions
from coach.pose.detector import PoseDetector
from coach.pose.keypoints import COCO17_NAMES
from coach.pose.movenet.options import MoveNetOptions, MultiPoseOptions

#: Every valid detector name, in the order shown to users.
DETECTOR_NAMES: tuple[str, ...] = (
    "movenet-lightning",
    "movenet-thunder",
    "movenet-multipose",
    "blazepose-lite",
    "blazepose-full",
    "blazepose-heavy",
)

_OPTIONS_BY_NAME: dict[str, type[Any]] = {
    "movenet-lightning": MoveNetOptions,
    "movenet-thunder": MoveNetOptions,
    "movenet-multipose": MultiPoseOptions,
    "blazepose-lite": BlazePoseOptions,
    "blazepose-full": BlazePoseOptions,
    "blazepose-heavy": BlazePoseOptions,
}

#: Keypoint names each detector returns (MoveNet: COCO-17; BlazePose: its 33 landmarks).
_KEYPOINTS_BY_NAME: dict[str, tuple[str, ...]] = {
    "movenet-lightning": COCO17_NAMES,
    "movenet-thunder": COCO17_NAMES,
    "movenet-multipose": COCO17_NAMES,
    "blazepose-lite": BLAZEPOSE33_NAMES,
    "blazepose-full": BLAZEPOSE33_NAMES,
    "blazepose-heavy": BLAZEPOSE33_NAMES,
}

OptionsT = TypeVar("OptionsT")


def keypoint_names(name: str) -> tuple[str, ...]:
    """The keypoint names detector ``name`` returns, known without loading its model.

    Raises:
        ValueError: unknown name (valid names listed).
    """
    _check_name(name)
    return _KEYPOINTS_BY_NAME[name]


def options_class(name: str) -> type[Any]:
    """The options dataclass of detector ``name`` (its fields are the valid options)."""
    _check_name(name)
    return _OPTIONS_BY_NAME[name]


def _check_name(name: str) -> None:
    if name not in DETECTOR_NAMES:
        raise ValueError(
            f"unknown pose detector {name!r}; valid names: {', '.join(DETECTOR_NAMES)}"
        )


def _accepts(annotation: Any, value: Any) -> bool:
    """Whether ``value`` fits a simple option annotation (bool/int/float/str/Literal/None)."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return value in typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(arg, value) for arg in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if annotation is bool:
        return isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, annotation) if isinstance(annotation, type) else True


def build_options(name: str, cls: type[OptionsT], options: dict[str, Any]) -> OptionsT:
    """``cls(**options)`` after checking option names and types, with readable errors.

    Raises:
        ValueError: an unknown option (the valid ones are listed) or a value of the wrong
            type or range.
    """
    hints = typing.get_type_hints(cls)
    valid = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    unknown = sorted(set(options) - set(valid))
    if unknown:
        raise ValueError(
            f"unknown option(s) for {name}: {', '.join(unknown)}; valid options: {', '.join(valid)}"
        )
    for key, value in options.items():
        if not _accepts(hints[key], value):
            raise ValueError(
                f"option {key} of {name} must be {hints[key]}, got {value!r} "
                f"({type(value).__name__})"
            )
    return cls(**options)


def create_detector(name: str = "movenet-lightning", **options: Any) -> PoseDetector:
    """Build the pose detector called ``name`` with keyword ``options``.

    Args:
        name: one of :data:`DETECTOR_NAMES`.
        **options: fields of the backend's options dataclass: :class:`MoveNetOptions`
            (Lightning, Thunder), :class:`MultiPoseOptions`, :class:`BlazePoseOptions`.

    Raises:
        ValueError: unknown name (valid names listed), unknown option or bad option value.
        ModelNotInstalledError: the model must first be installed with
            ``coach models fetch NAME``.
    """
    _check_name(name)
    opts = build_options(name, _OPTIONS_BY_NAME[name], options)
    if name in ("movenet-lightning", "movenet-thunder"):
        from coach.pose.movenet.single import MoveNetSinglePoseDetector

        return MoveNetSinglePoseDetector(name, opts)
    if name == "movenet-multipose":
        from coach.pose.movenet.multipose import MoveNetMultiPoseDetector

        return MoveNetMultiPoseDetector(opts)
    from coach.pose.blazepose.detector import BlazePoseDetector

    return BlazePoseDetector(name, opts)


def create_detector_with_threads(name: str, num_threads: int) -> PoseDetector:
    """:func:`create_detector` with ``num_threads`` inference threads where the backend has any.

    MoveNet backends take the option; BlazePose (MediaPipe schedules its own graph) does not,
    and gets its defaults.
    """
    _check_name(name)
    fields = {f.name for f in dataclasses.fields(_OPTIONS_BY_NAME[name])}
    options = {"num_threads": num_threads} if "num_threads" in fields else {}
    return create_detector(name, **options)
