"""Patient lock: choose the coached person once, then follow that person by identity.

Choosing "the most confident pose" every frame lets the coached person change mid-set when
someone walks behind, sits beside or dances next to them. Instead the lock picks the patient
once, at the first frame where someone is fully in view (a shoulder, hip, knee and ankle
confidently seen), preferring the largest and most central such person (if nobody is fully in
view within :data:`FULL_BODY_WAIT_MS`, as when the camera frames only the upper body, the
largest and most central person), and from then on accepts only that person:

* MultiPose: by track id; if the tracker renumbers the patient (after a long occlusion), by
  box overlap with where they were last seen.
* Single-pose backends (one pose per frame, id 0; their crop already follows the person): by
  box continuity, so a pose that jumped to somebody else is refused.

While the patient is unseen, :meth:`PatientLock.select` returns ``None`` (counting pauses as
for any dropout). After :data:`RELOCK_AFTER_MS` unseen, a fully visible person of about the
patient's size is taken as the patient coming back.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence

from coach.kinematics import DEFAULT_MIN_SCORE
from coach.pose.types import Box, Pose

#: Body parts that must be seen (either side) for a person to count as fully in view.
FULL_BODY_PARTS: tuple[str, ...] = ("shoulder", "hip", "knee", "ankle")
#: A pose continues the patient's track if its box overlaps their last box by this much (IoU)...
MIN_CONTINUITY_IOU = 0.2
#: ...or its centre lies within this share of their last box's larger side.
MAX_CENTRE_SHIFT = 0.5
#: Unseen this long, a fully visible person of the patient's size is taken as them coming back.
RELOCK_AFTER_MS = 3000.0
#: Size (box height) ratio range for that re-lock.
RELOCK_SIZE_RATIO = (0.7, 1.4)
#: If nobody is fully in view this long after the first person is seen (a camera that frames
#: only the upper body for an arm exercise), the largest, most central person is chosen.
FULL_BODY_WAIT_MS = 2000.0


class PatientStatus(enum.Enum):
    """What the lock knows about the patient."""

    SEARCHING = "searching"  # nobody fully in view yet
    FOLLOWING = "following"  # the patient is seen this frame
    HIDDEN = "hidden"  # locked, but the patient is not seen this frame


def pose_box(pose: Pose, min_score: float = DEFAULT_MIN_SCORE) -> Box | None:
    """Box around the confident keypoints (pixels), or ``None`` if fewer than two."""
    confident = pose.keypoints[pose.keypoints[:, 2] >= min_score]
    if len(confident) < 2:
        return None
    xs, ys = confident[:, 0], confident[:, 1]
    return Box(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def fully_in_view(pose: Pose, min_score: float = DEFAULT_MIN_SCORE) -> bool:
    """Whether a shoulder, a hip, a knee and an ankle (either side) are confidently seen."""
    for part in FULL_BODY_PARTS:
        seen = [
            pose.keypoints[pose.index_of(name), 2] >= min_score
            for name in (f"left_{part}", f"right_{part}")
            if pose.has(name)
        ]
        if not any(seen):
            return False
    return True


def _iou(a: Box, b: Box) -> float:
    width = min(a.x_max, b.x_max) - max(a.x_min, b.x_min)
    height = min(a.y_max, b.y_max) - max(a.y_min, b.y_min)
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    union = a.width * a.height + b.width * b.height - inter
    return inter / union if union > 0 else 0.0


def _centre(box: Box) -> tuple[float, float]:
    return (box.x_min + box.x_max) / 2.0, (box.y_min + box.y_max) / 2.0


def _continues(box: Box, last: Box) -> bool:
    if _iou(box, last) >= MIN_CONTINUITY_IOU:
        return True
    (x, y), (lx, ly) = _centre(box), _centre(last)
    return math.hypot(x - lx, y - ly) <= MAX_CENTRE_SHIFT * max(last.width, last.height)


class PatientLock:
    """Picks the patient among each frame's poses, the same person for the whole set.

    Args:
        min_score: keypoint confidence below which a keypoint counts as unseen.
    """

    def __init__(self, min_score: float = DEFAULT_MIN_SCORE) -> None:
        self.min_score = min_score
        self.status = PatientStatus.SEARCHING
        self._id = 0
        self._others: set[int] = set()  # MultiPose ids of people who are not the patient
        self._box: Box | None = None
        self._seen_ms = math.nan
        self._first_seen_ms = math.nan

    @property
    def locked(self) -> bool:
        """Whether the patient has been chosen."""
        return self._box is not None

    def select(
        self, poses: Sequence[Pose], timestamp_ms: float, frame_width_px: int
    ) -> Pose | None:
        """The patient's pose in this frame, or ``None`` when they are not seen (or not yet
        chosen). ``frame_width_px`` ranks how central a candidate is when choosing.
        """
        boxed = [(p, b) for p in poses if (b := pose_box(p, self.min_score)) is not None]
        if self._box is None:
            if boxed and math.isnan(self._first_seen_ms):
                self._first_seen_ms = timestamp_ms
            waited = timestamp_ms - self._first_seen_ms >= FULL_BODY_WAIT_MS
            chosen = self._choose(boxed, frame_width_px, full_body=not waited)
        else:
            chosen = self._follow(boxed, timestamp_ms)
        if chosen is None:
            if self.locked:
                self.status = PatientStatus.HIDDEN
            return None
        pose, box = chosen
        self._others.update(p.id for p in poses if p.id and p.id != pose.id)
        self._others.discard(pose.id)
        self._id, self._box, self._seen_ms = pose.id, box, timestamp_ms
        self.status = PatientStatus.FOLLOWING
        return pose

    def _choose(
        self, boxed: list[tuple[Pose, Box]], frame_width_px: int, full_body: bool
    ) -> tuple[Pose, Box] | None:
        """Largest and most central person (fully in view, if ``full_body``)."""
        full = [(p, b) for p, b in boxed if not full_body or fully_in_view(p, self.min_score)]
        half_width = max(frame_width_px, 1) / 2.0

        def rank(item: tuple[Pose, Box]) -> float:
            box = item[1]
            off_centre = abs(_centre(box)[0] - half_width) / half_width  # 0 centre .. 1 edge
            return box.width * box.height * (1.0 - 0.5 * off_centre)

        return max(full, key=rank, default=None)

    def _follow(
        self, boxed: list[tuple[Pose, Box]], timestamp_ms: float
    ) -> tuple[Pose, Box] | None:
        assert self._box is not None
        last = self._box
        if self._id:  # a MultiPose track id
            same = [(p, b) for p, b in boxed if p.id == self._id]
            if same:
                return same[0]
        # Never somebody already known to be someone else (MultiPose ids).
        boxed = [(p, b) for p, b in boxed if not (p.id and p.id in self._others)]
        near = [(p, b) for p, b in boxed if _continues(b, last)]
        if near:
            return max(near, key=lambda item: _iou(item[1], last))
        if (timestamp_ms - self._seen_ms) < RELOCK_AFTER_MS:
            return None
        low, high = RELOCK_SIZE_RATIO
        alike = [
            (p, b)
            for p, b in boxed
            if fully_in_view(p, self.min_score) and low <= b.height / last.height <= high
        ]
        lx, ly = _centre(last)
        return min(
            alike, key=lambda i: math.hypot(_centre(i[1])[0] - lx, _centre(i[1])[1] - ly),
            default=None,
        )  # fmt: skip
