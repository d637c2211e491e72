"""The versioned JSON report of ``coach analyze`` (pydantic models)."""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    InstanceOf,
    PlainSerializer,
)

from coach.analysis.events import RepCompleted

#: Bump when a field is renamed or removed (adding optional fields keeps the version).
REPORT_SCHEMA_VERSION = 1


#: Properties of :class:`RepCompleted` written beside its fields.
REP_DERIVED_FIELDS = ("rom_deg", "duration_s", "symmetry_index_pct")


def rep_document(rep: RepCompleted) -> dict[str, str | int | float | None]:
    """A rep as JSON: its fields and :data:`REP_DERIVED_FIELDS`, NaN as ``null``.

    JSON has no NaN; a value that was never measured (an unseen side, an angle below the
    confidence threshold) becomes ``null``.
    """
    names = [f.name for f in fields(rep)] + list(REP_DERIVED_FIELDS)
    document: dict[str, str | int | float | None] = {}
    for name in names:
        value = getattr(rep, name)
        document[name] = None if isinstance(value, float) and math.isnan(value) else value
    return document


def rep_from_document(value: object) -> object:
    """A :class:`RepCompleted` again from :func:`rep_document` output (``null`` as NaN; the
    derived fields are recomputed, not read); anything else is left to the type check."""
    if not isinstance(value, dict):
        return value
    names = {f.name for f in fields(RepCompleted)}
    unknown = sorted(set(value) - names - set(REP_DERIVED_FIELDS))
    if unknown:
        raise ValueError(f"unknown rep field(s): {', '.join(unknown)}")
    known: dict[str, Any] = {
        name: math.nan if item is None else item for name, item in value.items()
    }
    try:
        return RepCompleted(**{name: item for name, item in known.items() if name in names})
    except TypeError as exc:  # a missing field: pydantic reports ValueError, not TypeError
        raise ValueError(str(exc)) from None


#: A completed rep inside a report: the analyzer's own event, serialised by :func:`rep_document`
#: and read back by :func:`rep_from_document`.
ReportedRep = Annotated[
    InstanceOf[RepCompleted],
    BeforeValidator(rep_from_document),
    PlainSerializer(rep_document),
]


class _Report(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VideoInfo(_Report):
    """The analysed clip."""

    path: str = Field(description="Video file as given.")
    width_px: int
    height_px: int
    frames: int = Field(description="Frames decoded and analysed.")
    duration_s: float = Field(description="Last frame time minus first, seconds.")
    fps: float = Field(description="Average frame rate from the timestamps.")


class PartialRepReport(_Report):
    """A movement that did not count, with the reason."""

    side: str
    start_ms: float
    end_ms: float
    reason: str
    rom_min_deg: float | None
    rom_max_deg: float | None
    signal_peak: float


class CueReport(_Report):
    """A coaching cue that was raised."""

    timestamp_ms: float
    rule_id: str
    text: str
    severity: str
    value: float | None


class BalanceReport(_Report):
    """Outcome of a balance trial."""

    time_in_stance_s: float
    lost: bool
    reason: str
    sway_path_per_height: float | None
    sway_area_per_height2: float | None
    sway_rms_pct: float | None = None
    sway_max_pct: float | None = None


class ExerciseReport(_Report):
    """Results of one exercise over the clip."""

    id: str
    name: str
    kind: str
    side: str
    reps_completed: int
    partial_reps: int
    target_reps: int | None
    reps: list[ReportedRep] = Field(
        description="Completed reps, numbered 1.. across sides; NaN values are written as null."
    )
    partials: list[PartialRepReport]
    best_rom_deg: float | None = Field(
        description="Best rep by the value the ROM target refers to (rom_target_of), degrees."
    )
    rom_target_deg: float | None
    rom_target_of: str | None = Field(
        None,
        description="What best_rom_deg and the target are: range, highest_angle (higher is "
        "better) or lowest_angle (lower is better).",
    )
    best_hold_s: float | None
    target_hold_s: float | None
    balance: BalanceReport | None
    cues: list[CueReport]
    falls_ms: list[float] = Field(description="Times of detected falls.")


class AnalysisReport(_Report):
    """Everything ``coach analyze`` found in one video."""

    schema_version: int = REPORT_SCHEMA_VERSION
    video: VideoInfo
    backend: str
    frames_with_pose: int
    exercises: list[ExerciseReport]
