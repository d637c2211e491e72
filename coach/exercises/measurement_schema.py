"""Measurement declarations: what an exercise reads off each pose.

A measurement names keypoints, optionally with a ``{side}`` placeholder (and ``{other}`` for
the opposite side), so one exercise serves the left and the right side. Values are computed by
:mod:`coach.analysis.measurements` from image-pixel keypoints.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from coach.exercises.vocabulary import SIDE_PLACEHOLDER, check_keypoint_name

#: Largest distance between two keypoints of one body, in torso lengths (arm span is ~3).
MAX_DISTANCE_TORSO = 10.0

#: A keypoint name, possibly with ``{side}`` / ``{other}`` placeholders, checked on load.
KeypointName = Annotated[str, AfterValidator(check_keypoint_name)]


class FrozenModel(BaseModel):
    """Base of every definition model: immutable, unknown keys rejected, finite numbers only."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class _MeasurementBase(FrozenModel):
    description: str = Field("", description="What this measures, in words for a clinician.")

    @property
    def value_range(self) -> tuple[float, float]:
        """Lowest and highest value this measurement can take, in its unit.

        Thresholds and bounds on the measurement must lie within it: a value outside can never
        be reached (a 1e29 threshold, a -148 degree included angle), so it is a typing error.
        """
        return (0.0, 180.0)

    @property
    def sided(self) -> bool:
        """Whether the keypoints use the ``{side}`` placeholder."""
        points: tuple[str, ...] = getattr(self, "points", ())
        return any(SIDE_PLACEHOLDER in p or "{other}" in p for p in points)


class JointAngle(_MeasurementBase):
    """Angle at the middle keypoint of three, in degrees."""

    type: Literal["joint_angle"] = Field(description="Discriminator: a joint angle.")
    points: tuple[KeypointName, KeypointName, KeypointName] = Field(
        description="Three keypoints [a, joint, c]; the angle is measured at the joint."
    )
    flexion: bool = Field(
        False,
        description="Report flexion (180 minus the included angle: 0 = straight limb) instead "
        "of the included angle (180 = straight limb).",
    )

    @property
    def unit(self) -> str:
        return "deg"


class SegmentAngle(_MeasurementBase):
    """Inclination of a segment against the image vertical or horizontal, in degrees."""

    type: Literal["segment_angle"] = Field(description="Discriminator: a segment inclination.")
    points: tuple[KeypointName, KeypointName] = Field(
        description="Two keypoints [from, to] defining the segment direction."
    )
    reference: Literal["up", "down", "horizontal"] = Field(
        "up",
        description="Reference direction: 'up' or 'down' give 0..180 degrees from that "
        "vertical direction; 'horizontal' gives the unsigned tilt 0..90 degrees.",
    )

    @property
    def unit(self) -> str:
        return "deg"

    @property
    def value_range(self) -> tuple[float, float]:
        """0..180 degrees from the vertical; 0..90 for the unsigned tilt from horizontal."""
        return (0.0, 90.0) if self.reference == "horizontal" else (0.0, 180.0)


class Distance(_MeasurementBase):
    """Distance between two keypoints, in torso lengths (shoulder centre to hip centre)."""

    type: Literal["distance"] = Field(description="Discriminator: a normalised distance.")
    points: tuple[KeypointName, KeypointName] = Field(description="The two keypoints.")

    @property
    def unit(self) -> str:
        return "torso"

    @property
    def value_range(self) -> tuple[float, float]:
        """0..10 torso lengths: any two keypoints of one body are closer than that."""
        return (0.0, MAX_DISTANCE_TORSO)


class HeightDrop(_MeasurementBase):
    """How far ``top`` has come down towards ``bottom``, in percent of their standing distance.

    ``100 * (1 - dy / dy_ref)`` where ``dy`` is the vertical pixel distance from ``top`` down to
    ``bottom`` and ``dy_ref`` the largest seen so far in the stream (the patient's standing
    height of that segment). Vertical drop is visible from the front and the side alike, unlike
    a knee angle, whose 2-D projection depends on where the knee points.
    """

    type: Literal["height_drop"] = Field(description="Discriminator: a height drop.")
    points: tuple[KeypointName, KeypointName] = Field(
        description="[top, bottom] keypoints, e.g. [{side}_hip, {side}_ankle]."
    )

    @property
    def unit(self) -> str:
        return "pct"

    @property
    def value_range(self) -> tuple[float, float]:
        """0..100 percent of the standing segment length."""
        return (0.0, 100.0)


class HeightRise(_MeasurementBase):
    """How far ``moving`` has risen above its resting position, in percent of a segment length.

    ``100 * (y_rest - y) / length_ref``: ``y`` is the image height of ``moving`` (pixels, y
    down), ``y_rest`` the lowest position it has held (the largest y seen in two consecutive
    frames) and ``length_ref`` the standing length of the segment ``moving``–``segment_end``
    (the longest distance seen in two consecutive frames). Both references are kept exactly like
    the standing height of :class:`HeightDrop`. Dividing by the patient's own segment length
    makes the value independent of body size and of the distance to the camera.

    Example: ``[{side}_ankle, {side}_knee]`` is the heel raise without foot landmarks: the
    ankle rises when the heel leaves the floor, measured in shank lengths.
    """

    type: Literal["height_rise"] = Field(description="Discriminator: a height rise.")
    points: tuple[KeypointName, KeypointName] = Field(
        description="[moving, segment_end]: the keypoint whose rise is measured and the other "
        "end of the segment that normalises it, e.g. [{side}_ankle, {side}_knee]."
    )

    @property
    def unit(self) -> str:
        return "pct"

    @property
    def value_range(self) -> tuple[float, float]:
        """0..100 percent of the standing segment length."""
        return (0.0, 100.0)


Measurement = Annotated[
    JointAngle | SegmentAngle | Distance | HeightDrop | HeightRise, Field(discriminator="type")
]
