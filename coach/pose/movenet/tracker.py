"""Keep ids of people stable across frames (MultiPose), like TF.js's pose trackers.

Each frame's detections are matched greedily, highest pose score first, to the most similar
live track whose similarity reaches ``min_similarity``; unmatched detections open new tracks.
Tracks unseen for longer than ``max_age_ms`` are dropped, and at most ``max_tracks`` (the most
recently seen) are kept. Similarity is either the IoU of the boxes or COCO's object keypoint
similarity (OKS), all in image pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coach.pose.movenet.constants import (
    OKS_FALLOFF,
    OKS_KEYPOINT_MIN_SCORE,
    OKS_MIN_KEYPOINTS,
    TRACKER_MAX_TRACKS,
)
from coach.pose.movenet.options import TrackerType
from coach.pose.types import Box, FloatArray

_FALLOFF = np.asarray(OKS_FALLOFF, dtype=np.float64)


@dataclass(slots=True)
class Track:
    """The last detection of one person."""

    id: int
    last_timestamp_ms: float
    keypoints: FloatArray
    box: Box


def box_iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes, 0..1."""
    width = min(a.x_max, b.x_max) - max(a.x_min, b.x_min)
    height = min(a.y_max, b.y_max) - max(a.y_min, b.y_min)
    if width <= 0 or height <= 0:
        return 0.0
    intersection = width * height
    union = a.width * a.height + b.width * b.height - intersection
    return intersection / union if union > 0 else 0.0


def keypoint_oks(keypoints: FloatArray, track: Track) -> float:
    """COCO object keypoint similarity of ``(17, 3)`` pixel keypoints to a track, 0..1.

    Only keypoints confident (> 0.3) in both count; fewer than 4 such gives 0. The scale is
    the area of the box around the track's confident keypoints.
    """
    both = (keypoints[:, 2] > OKS_KEYPOINT_MIN_SCORE) & (
        track.keypoints[:, 2] > OKS_KEYPOINT_MIN_SCORE
    )
    if int(both.sum()) < OKS_MIN_KEYPOINTS:
        return 0.0
    seen = track.keypoints[track.keypoints[:, 2] > OKS_KEYPOINT_MIN_SCORE, :2]
    extent = seen.max(axis=0) - seen.min(axis=0)
    area = float(extent[0] * extent[1]) + 1e-6
    squared_distance = ((keypoints[both, :2] - track.keypoints[both, :2]) ** 2).sum(axis=1)
    kappa = 2.0 * _FALLOFF[both]
    return float(np.exp(-squared_distance / (2.0 * area * kappa**2)).mean())


class PoseTracker:
    """Assigns track ids to detections frame after frame.

    Args:
        similarity: ``"bounding_box"`` (IoU) or ``"keypoint"`` (OKS).
        min_similarity: least similarity for a detection to continue a track.
        max_age_ms: tracks unseen for longer are forgotten.
        max_tracks: most tracks kept.
    """

    def __init__(
        self,
        similarity: TrackerType,
        min_similarity: float,
        max_age_ms: float,
        max_tracks: int = TRACKER_MAX_TRACKS,
    ) -> None:
        self.similarity = similarity
        self.min_similarity = min_similarity
        self.max_age_ms = max_age_ms
        self.max_tracks = max_tracks
        self._tracks: list[Track] = []
        self._next_id = 1

    @property
    def track_ids(self) -> set[int]:
        return {track.id for track in self._tracks}

    def _similarity(self, keypoints: FloatArray, box: Box, track: Track) -> float:
        if self.similarity == "keypoint":
            return keypoint_oks(keypoints, track)
        return box_iou(box, track.box)

    def assign(self, detections: list[tuple[FloatArray, Box]], timestamp_ms: float) -> list[int]:
        """Ids for ``detections`` (``(keypoints, box)`` in pixels, best score first)."""
        self._tracks = [
            t for t in self._tracks if timestamp_ms - t.last_timestamp_ms <= self.max_age_ms
        ]
        unmatched = list(range(len(self._tracks)))
        ids: list[int] = []
        for keypoints, box in detections:
            scored = [(self._similarity(keypoints, box, self._tracks[i]), i) for i in unmatched]
            best = max(scored, default=(-1.0, -1))
            if best[0] >= self.min_similarity:
                track = self._tracks[best[1]]
                unmatched.remove(best[1])
                track.last_timestamp_ms, track.keypoints, track.box = timestamp_ms, keypoints, box
                ids.append(track.id)
            else:
                self._tracks.append(Track(self._next_id, timestamp_ms, keypoints, box))
                ids.append(self._next_id)
                self._next_id += 1
        self._tracks.sort(key=lambda t: t.last_timestamp_ms, reverse=True)
        del self._tracks[self.max_tracks :]
        return ids

    def reset(self) -> None:
        """Forget every track (ids keep increasing, so old ids are never reused)."""
        self._tracks.clear()
