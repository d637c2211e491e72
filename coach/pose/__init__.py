"""The pose engine: one detector contract, several backends, one ``Pose`` type.

>>> from coach.pose import create_detector
>>> with create_detector("movenet-lightning") as detector:  # doctest: +SKIP
...     poses = detector.estimate(rgb_frame, timestamp_ms=0.0)
"""

from coach.pose.detector import PoseDetector
from coach.pose.factory import DETECTOR_NAMES, create_detector
from coach.pose.keypoints import COCO17_NAMES
from coach.pose.types import Box, Pose

__all__ = ["COCO17_NAMES", "DETECTOR_NAMES", "Box", "Pose", "PoseDetector", "create_detector"]
