"""The versioned JSON report of ``coach analyze`` (pydantic models)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

#: Bump when a field is renamed or removed (adding optional fields keeps the version).
REPORT_SCHEMA_VERSION = 1


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


class RepReport(_Report):
    """One completed repetition."""

    index: int
    side: str
    start_ms: float
    peak_ms: float
    end_ms: float
    rom_min_deg: float | None
    rom_max_deg: float | None
    rom_deg: float | None = Field(description="Arc moved through, rom_max_deg - rom_min_deg.")
    signal_peak: float
    eccentric_s: float
    concentric_s: float
    duration_s: float
    rom_left_deg: float | None = Field(None, description="Left-side arc (two-sided exercises).")
    rom_right_deg: float | None = Field(None, description="Right-side arc (two-sided exercises).")
    symmetry_index_pct: float | None = Field(
        None, description="100·|L−R| / mean(L, R) of the two arcs; above 10–15 % is notable."
    )


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
    reps: list[RepReport]
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
