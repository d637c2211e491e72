"""The exercise and routine YAML schema (pydantic v2, frozen, unknown keys rejected).

Units: angles in degrees (``_deg``), times in seconds (``_s``), height drops and rises in percent
of the standing segment length, distances in torso lengths. Thresholds of a rep or rule are in
the unit of the measurement they refer to and within the range it can take
(:attr:`~coach.exercises.measurement_schema.JointAngle.value_range`: 0-180 degrees for angles, 0-90
for a tilt from horizontal, 0-100 percent, 0-10 torso lengths).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from coach.exercises.measurement_schema import MAX_DISTANCE_TORSO, FrozenModel, Measurement

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
CameraView = Literal["front", "side"]
SideMode = Literal["left", "right", "both", "alternating"]
ExerciseKind = Literal["reps", "hold", "balance", "rom"]
RomTargetOf = Literal["range", "highest_angle", "lowest_angle"]
Severity = Literal["info", "warning", "safety"]
PhaseName = Literal["any", "start", "outward", "turn", "return", "hold"]
PositiveSeconds = Annotated[float, Field(gt=0, le=3600)]


class ReferenceProblem(ValueError):
    """A cross-reference error (unknown measurement name) carrying the field path."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        self.path = path
        super().__init__(message)


class RepCalibration(FrozenModel):
    """Per-person calibration: the turning point follows the patient's own range.

    After ``after_movements`` real movements (completed reps and partial attempts alike) the
    turn line moves towards ``turn_share`` of the patient's median excursion from rest,
    closing ``rate`` of the gap per movement and staying between ``min_turn_excursion`` and
    ``max_turn_excursion``. A patient whose comfortable depth is short of the declared turn
    gets counted after a couple of attempts (never for less than the minimum); a patient with
    a large range has a shallow rep reported as partial. Excursions are distances from rest in
    the signal's unit, positive whichever way the signal moves.
    """

    after_movements: int = Field(
        2, ge=1, le=5, description="Movements seen before the turn line adapts."
    )
    turn_share: float = Field(
        0.75,
        gt=0,
        le=1,
        description="Share of the patient's median excursion the turn line moves towards.",
    )
    rate: float = Field(
        0.5, gt=0, le=1, description="Share of the gap to that target closed per movement."
    )
    min_turn_excursion: float = Field(
        gt=0,
        description="The exercise's minimum real excursion: the turn line never comes closer "
        "to rest than this (signal unit).",
    )
    max_turn_excursion: float = Field(
        gt=0, description="The turn line never goes further from rest than this (signal unit)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> RepCalibration:
        if self.max_turn_excursion < self.min_turn_excursion:
            raise ValueError(
                f"max_turn_excursion ({self.max_turn_excursion}) must not be below "
                f"min_turn_excursion ({self.min_turn_excursion})"
            )
        return self


class RepDefinition(FrozenModel):
    """How one repetition looks in the signal.

    The rep leaves the start position when the signal crosses ``start_threshold`` away from it,
    reaches the turning point at ``turn_threshold``, and counts when it comes back past
    ``start_threshold`` by ``hysteresis``. Whether the signal rises or falls during the first
    half is read from the order of the two thresholds.
    """

    signal: str = Field(description="Name of the measurement that drives the counter.")
    rom_measurement: str | None = Field(
        None,
        description="Measurement (degrees) whose min/max per rep is the reported range of "
        "motion; defaults to the signal.",
    )
    rom_target_of: RomTargetOf | None = Field(
        None,
        description="Which per-rep value of the ROM measurement the ROM target refers to, and "
        "what charts, tables and exports set against it: 'range' (highest - lowest angle of "
        "the rep), 'highest_angle' (end range reached upward, e.g. shoulder abduction peak; "
        "higher is better) or 'lowest_angle' (end range reached downward, e.g. knee extension "
        "deficit; lower is better). Required for reps and rom exercises.",
    )
    start_threshold: float = Field(
        description="Signal value at the edge of the start position (signal unit)."
    )
    turn_threshold: float = Field(
        description="Signal value the movement must reach for a full rep (signal unit)."
    )
    hysteresis: float = Field(
        gt=0, description="Band (signal unit) the signal must cross back to change phase."
    )
    min_rep_duration_s: float = Field(
        0.5, ge=0, le=60, description="Faster movements are reported as partial (too fast)."
    )
    max_rep_duration_s: PositiveSeconds = Field(
        20.0, description="Slower movements are reported as partial (too slow)."
    )
    outward_is: Literal["eccentric", "concentric"] = Field(
        "eccentric",
        description="Muscle action while moving away from the start (squat down: eccentric; "
        "curl up: concentric); labels the tempo.",
    )
    partial_rep_cue: str | None = Field(
        None,
        max_length=200,
        description="Cue shown when a movement turns back before reaching turn_threshold.",
    )
    max_dropout_s: float = Field(
        1.5,
        ge=0,
        le=10,
        description="Longest gap without a confident pose that a rep survives; longer drops it "
        "(neither counted nor reported as partial: nobody saw what happened).",
    )
    thresholds_from: Literal["absolute", "rest"] = Field(
        "absolute",
        description="'rest': start_threshold and turn_threshold are offsets from the patient's "
        "own rest value of the signal, learnt while they hold the start position (a backend's "
        "bias or a slightly bent resting joint then moves both lines with the patient); "
        "'absolute': they are values of the signal itself.",
    )
    min_partial_share: float = Field(
        0.3,
        ge=0,
        le=1,
        description="A movement that does not count is reported as a partial rep only if it "
        "went at least this share of the patient's range (median excursion of their completed "
        "reps from rest; before the first rep, the distance from rest to turn_threshold).",
    )
    min_partial_s: float = Field(
        0.3,
        ge=0,
        le=60,
        description="A movement shorter than this is jitter, not a partial rep.",
    )
    calibration: RepCalibration | None = Field(
        None,
        description="Adapt the turn line to the patient's own range after their first "
        "movements (bounded); absent: the declared turn_threshold holds throughout.",
    )

    @model_validator(mode="after")
    def _thresholds_apart(self) -> RepDefinition:
        if abs(self.turn_threshold - self.start_threshold) <= self.hysteresis:
            raise ValueError(
                f"turn_threshold ({self.turn_threshold}) must differ from start_threshold "
                f"({self.start_threshold}) by more than hysteresis ({self.hysteresis})"
            )
        if self.max_rep_duration_s <= self.min_rep_duration_s:
            raise ValueError(
                f"max_rep_duration_s ({self.max_rep_duration_s}) must exceed "
                f"min_rep_duration_s ({self.min_rep_duration_s})"
            )
        start = abs(self.start_threshold) if self.thresholds_from == "rest" else 0.0
        if self.calibration is not None and (
            self.calibration.min_turn_excursion <= start + self.hysteresis
        ):
            raise ValueError(
                f"calibration.min_turn_excursion ({self.calibration.min_turn_excursion}) must "
                f"exceed the start line's distance from rest ({start:g}) plus hysteresis "
                f"({self.hysteresis})"
            )
        return self

    @property
    def increasing(self) -> bool:
        """Whether the signal rises from start to turn."""
        return self.turn_threshold > self.start_threshold


class Bounds(FrozenModel):
    """An acceptable range of one measurement (either end may be open)."""

    measurement: str = Field(description="Name of the measurement.")
    min_value: float | None = Field(None, description="Lowest acceptable value (its unit).")
    max_value: float | None = Field(None, description="Highest acceptable value (its unit).")

    @model_validator(mode="after")
    def _one_bound(self) -> Bounds:
        if self.min_value is None and self.max_value is None:
            raise ValueError("give min_value, max_value or both")
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValueError(f"min_value ({self.min_value}) is above max_value ({self.max_value})")
        return self

    def contains(self, value: float) -> bool:
        """Whether ``value`` is within bounds (False for NaN)."""
        if value != value:  # NaN
            return False
        if self.min_value is not None and value < self.min_value:
            return False
        return not (self.max_value is not None and value > self.max_value)


class HoldDefinition(FrozenModel):
    """An isometric hold: time counts only while every posture rule holds."""

    posture: tuple[Bounds, ...] = Field(
        min_length=1, description="Ranges that define the held position."
    )
    grace_s: float = Field(
        0.5, ge=0, le=10, description="Breaks or tracking gaps shorter than this are forgiven."
    )


class BalanceDefinition(FrozenModel):
    """A static balance test; ``side`` of the exercise is the stance (or front) leg."""

    stance: Literal["single_leg", "tandem", "semi_tandem", "feet_together"] = Field(
        description="Stance being tested. Every stance but single_leg is timed until a step: "
        "the ankles moving apart sideways by more than max_foot_separation_torso."
    )
    lift_threshold_leg: float = Field(
        0.06,
        gt=0,
        le=1,
        description="Single leg: lifted ankle must be this far above the stance ankle (leg "
        "lengths) for the trial to start.",
    )
    foot_down_threshold_leg: float = Field(
        0.02,
        ge=0,
        le=1,
        description="Single leg: the lifted foot counts as down when within this height of the "
        "stance ankle (leg lengths).",
    )
    max_hip_drop_deg: float = Field(
        12.0, gt=0, le=90, description="Pelvic tilt from horizontal beyond which balance is lost."
    )
    max_trunk_lean_deg: float = Field(
        25.0, gt=0, le=90, description="Trunk lean from vertical beyond which balance is lost."
    )
    max_foot_separation_torso: float = Field(
        0.6,
        gt=0,
        le=MAX_DISTANCE_TORSO,
        description="Tandem: ankles further apart sideways than this (torso lengths) = a step.",
    )
    loss_confirm_s: float = Field(
        0.3, ge=0, le=5, description="A loss condition must last this long to count."
    )


class StartPosture(FrozenModel):
    """The posture a set is done in, and the gate that keeps counting and cues to the set.

    Counting and form cues begin once the patient has been in ``posture`` and in the rep's
    start position for ``settle_s``; they pause while the posture is lost and stop for good
    (a rep in progress is dropped, neither counted nor partial) once it has been lost for
    ``leave_s``. Walking in, kneeling down, standing up and walking off are then never
    counted, flagged or cued. ``posture`` must hold through every rep (for a push-up: the body
    near horizontal, not the straight arms, which the rep itself leaves).
    """

    name: str = Field(
        min_length=1, max_length=80, description="What the patient is asked to take, e.g. "
        "'high plank'; shown while waiting."
    )
    posture: tuple[Bounds, ...] = Field(
        min_length=1, description="Ranges that all hold while the patient is in position."
    )
    settle_s: float = Field(
        1.0, ge=0, le=30, description="Time in position (and at the start) before counting."
    )
    leave_s: float = Field(
        1.0, gt=0, le=30, description="Time out of position after which the set is left."
    )


class FormRule(FrozenModel):
    """A coaching cue shown when a measurement leaves its range during given phases."""

    id: Identifier = Field(description="Rule id, unique within the exercise.")
    phases: tuple[PhaseName, ...] = Field(
        ("any",), min_length=1, description="Phases in which the rule is checked."
    )
    measurement: str = Field(description="Measurement the rule watches.")
    min_value: float | None = Field(None, description="Cue when the value is below this.")
    max_value: float | None = Field(None, description="Cue when the value is above this.")
    cue: str = Field(min_length=1, max_length=200, description="What the patient is told.")
    severity: Severity = Field("warning", description="info, warning, or safety.")
    cooldown_s: float = Field(
        5.0, ge=0, le=600, description="Minimum time before this rule may cue again."
    )
    min_duration_s: float = Field(
        0.2, ge=0, le=10, description="The fault must persist this long (debounce)."
    )

    @model_validator(mode="after")
    def _one_bound(self) -> FormRule:
        Bounds(measurement=self.measurement, min_value=self.min_value, max_value=self.max_value)
        return self


class Targets(FrozenModel):
    """Default prescription (a routine may override each value)."""

    sets: int = Field(3, ge=1, le=20, description="Number of sets.")
    reps: int | None = Field(None, ge=1, le=200, description="Reps per set.")
    hold_s: float | None = Field(None, gt=0, le=3600, description="Hold time per set, seconds.")
    rest_s: float = Field(60.0, ge=0, le=1800, description="Rest between sets, seconds.")
    rom_target_deg: float | None = Field(
        None, ge=0, le=180, description="Range of motion to reach, degrees of the ROM measure."
    )


class ExerciseDefinition(FrozenModel):
    """One exercise as a therapist prescribes it and the analyzers measure it."""

    id: Identifier = Field(description="Stable id (file name without .yaml), e.g. 'squat'.")
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    description: str = Field("", max_length=2000, description="What and why, for the patient.")
    instructions: tuple[str, ...] = Field(
        (), description="Step-by-step instructions for the patient, one per item."
    )
    camera_view: CameraView = Field(description="Where the camera must see the patient from.")
    side: SideMode = Field(
        "both",
        description="left/right: one side; both: both sides at once (values averaged); "
        "alternating: sides take turns and each rep records its side.",
    )
    kind: ExerciseKind = Field(description="reps, hold, balance or rom.")
    measurements: dict[Identifier, Measurement] = Field(
        min_length=1, description="Named measurements read from each pose."
    )
    rep: RepDefinition | None = Field(None, description="Rep definition (reps and rom kinds).")
    hold: HoldDefinition | None = Field(None, description="Hold definition (hold kind).")
    balance: BalanceDefinition | None = Field(None, description="Balance test (balance kind).")
    start_posture: StartPosture | None = Field(
        None,
        description="Position the set is done in; counting and cues wait for it (reps and "
        "rom kinds). Without it they start with the first frame.",
    )
    form_rules: tuple[FormRule, ...] = Field((), description="Coaching cues.")
    targets: Targets = Field(Targets(), description="Default prescription.")
    fall_detection: bool = Field(
        True,
        description="Watch for falls; off for exercises done lying down or on the floor.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> ExerciseDefinition:
        needed = {"reps": "rep", "rom": "rep", "hold": "hold", "balance": "balance"}[self.kind]
        if getattr(self, needed) is None:
            raise ReferenceProblem((), f"kind {self.kind!r} needs a '{needed}' section")
        for path, name in self._measurement_references():
            if name not in self.measurements:
                known = ", ".join(sorted(self.measurements))
                raise ReferenceProblem(
                    path, f"unknown measurement {name!r}; expected one of: {known}"
                )
        self._check_value_ranges()
        if self.rep is not None:
            rom_name = self.rep.rom_measurement or self.rep.signal
            if self.measurements[rom_name].unit != "deg":
                raise ReferenceProblem(
                    ("rep", "rom_measurement"),
                    f"range of motion must be an angle in degrees; {rom_name!r} is in "
                    f"{self.measurements[rom_name].unit}",
                )
            if self.rep.rom_target_of is None:
                raise ReferenceProblem(
                    ("rep", "rom_target_of"),
                    "say which value the ROM target refers to: range, highest_angle or "
                    "lowest_angle",
                )
        ids = [rule.id for rule in self.form_rules]
        if len(ids) != len(set(ids)):
            raise ReferenceProblem(("form_rules",), f"form rule ids repeat: {ids}")
        return self

    def _check_value_ranges(self) -> None:
        """Every threshold and bound within the range its measurement can take.

        Rep thresholds read from the patient's rest (``thresholds_from: rest``) are offsets, so
        they may lie anywhere within the measurement's span either side of zero.
        """
        for path, name, value, offset in self._thresholds():
            if value is None:
                continue
            low, high = self.measurements[name].value_range
            if offset:
                low, high = -(high - low), high - low
            if not low <= value <= high:
                unit = self.measurements[name].unit
                what = "an offset from rest for" if offset else "the range of"
                raise ReferenceProblem(
                    path,
                    f"{value:g} is outside {what} {name!r} ({low:g} to {high:g} {unit})",
                )

    def _thresholds(self) -> list[tuple[tuple[str | int, ...], str, float | None, bool]]:
        """(path, measurement, value, whether the value is an offset from rest)."""
        values: list[tuple[tuple[str | int, ...], str, float | None, bool]] = []
        if self.rep is not None:
            offset = self.rep.thresholds_from == "rest"
            for field in ("start_threshold", "turn_threshold"):
                values.append((("rep", field), self.rep.signal, getattr(self.rep, field), offset))
            calibration = self.rep.calibration
            if calibration is not None:
                for field in ("min_turn_excursion", "max_turn_excursion"):
                    where: tuple[str | int, ...] = ("rep", "calibration", field)
                    values.append((where, self.rep.signal, getattr(calibration, field), True))
        bounds: list[tuple[tuple[str | int, ...], Bounds | FormRule]] = []
        if self.hold is not None:
            bounds += [(("hold", "posture", i), b) for i, b in enumerate(self.hold.posture)]
        if self.start_posture is not None:
            bounds += [
                (("start_posture", "posture", i), b)
                for i, b in enumerate(self.start_posture.posture)
            ]
        bounds += [(("form_rules", i), rule) for i, rule in enumerate(self.form_rules)]
        for path, item in bounds:
            values.append(((*path, "min_value"), item.measurement, item.min_value, False))
            values.append(((*path, "max_value"), item.measurement, item.max_value, False))
        return values

    def _measurement_references(self) -> list[tuple[tuple[str | int, ...], str]]:
        refs: list[tuple[tuple[str | int, ...], str]] = []
        if self.rep is not None:
            refs.append((("rep", "signal"), self.rep.signal))
            if self.rep.rom_measurement is not None:
                refs.append((("rep", "rom_measurement"), self.rep.rom_measurement))
        if self.hold is not None:
            for i, bounds in enumerate(self.hold.posture):
                refs.append((("hold", "posture", i, "measurement"), bounds.measurement))
        if self.start_posture is not None:
            for i, bounds in enumerate(self.start_posture.posture):
                refs.append((("start_posture", "posture", i, "measurement"), bounds.measurement))
        for i, rule in enumerate(self.form_rules):
            refs.append((("form_rules", i, "measurement"), rule.measurement))
        return refs

    @property
    def rom_measurement(self) -> str | None:
        """Name of the measurement reported as range of motion (degrees), if any."""
        if self.rep is None:
            return None
        return self.rep.rom_measurement or self.rep.signal


class RoutineItem(FrozenModel):
    """One exercise of a routine with the therapist's overrides of its default targets."""

    exercise: str = Field(description="Exercise id from the library.")
    sets: int | None = Field(None, ge=1, le=20, description="Sets (overrides the default).")
    reps: int | None = Field(None, ge=1, le=200, description="Reps per set.")
    hold_s: float | None = Field(None, gt=0, le=3600, description="Hold per set, seconds.")
    rom_target_deg: float | None = Field(None, ge=0, le=180, description="ROM target, degrees.")
    side: SideMode | None = Field(None, description="Side to train (overrides the default).")
    rest_s: float | None = Field(None, ge=0, le=1800, description="Rest between sets, seconds.")
    notes: str = Field("", max_length=2000, description="Therapist's notes for the patient.")

    def targets_for(self, exercise: ExerciseDefinition) -> Targets:
        """The exercise's default targets with this item's overrides applied."""
        overrides = {
            key: value
            for key in ("sets", "reps", "hold_s", "rom_target_deg", "rest_s")
            if (value := getattr(self, key)) is not None
        }
        return exercise.targets.model_copy(update=overrides)


class RoutineDefinition(FrozenModel):
    """A prescribed sequence of exercises."""

    id: Identifier = Field(description="Stable id, e.g. 'knee_rehab'.")
    name: str = Field(min_length=1, max_length=80, description="Display name.")
    description: str = Field("", max_length=2000, description="Purpose of the routine.")
    exercises: tuple[RoutineItem, ...] = Field(
        min_length=1, description="Exercises in the order to do them."
    )
