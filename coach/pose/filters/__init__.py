"""Temporal filters for keypoints and crop regions (backend-free NumPy math)."""

from coach.pose.filters.keypoints import KeypointSmoother
from coach.pose.filters.low_pass import LowPassFilter
from coach.pose.filters.one_euro import OneEuroFilter, OneEuroParams

__all__ = ["KeypointSmoother", "LowPassFilter", "OneEuroFilter", "OneEuroParams"]
