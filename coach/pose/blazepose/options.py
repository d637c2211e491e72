"""Options of the BlazePose backend (MediaPipe Tasks style: typed, defaulted, documented)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BlazePoseOptions:
    """How a BlazePose detector runs. The model variant comes from the registry name.

    Attributes:
        smooth_landmarks: let MediaPipe filter landmarks over time (uses the frame
            timestamps, see :class:`~coach.pose.blazepose.detector.BlazePoseDetector`).
        static_image_mode: treat every frame as an unrelated photo (runs the person detector
            on each frame, no tracking, no smoothing); for still images, not video.
        min_detection_confidence: person-detector score (0..1) needed to start tracking.
        min_tracking_confidence: landmark-model presence score (0..1) below which the person
            is considered lost and the detector runs again on the next frame.
    """

    smooth_landmarks: bool = True
    static_image_mode: bool = False
    min_detection_confidence: float = 0.5
    min_tracking_confidence: float = 0.5

    def __post_init__(self) -> None:
        for name in ("min_detection_confidence", "min_tracking_confidence"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"BlazePoseOptions.{name} must be in 0..1, got {value}")
