"""The one result type every pose backend returns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from coach.pose.keypoints import COCO17_NAMES

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Box:
    """Axis-aligned box in image pixels (x to the right, y down)."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def width(self) -> float:
        return self.x_max - self.x_min

    @property
    def height(self) -> float:
        return self.y_max - self.y_min


@dataclass(frozen=True, slots=True)
class Pose:
    """One person's pose in one frame.

    Attributes:
        keypoints: ``(N, 3)`` float32 array of ``x, y`` in image pixels (origin top-left) and a
            confidence score in ``0..1``.
        names: the ``N`` keypoint names, in row order.
        score: overall pose confidence, ``0..1``.
        box: bounding box in image pixels, or ``None`` if the backend gives none.
        id: track id, stable across frames for multi-pose; ``0`` for single-pose backends.
        world_keypoints: optional ``(N, 3)`` metric coordinates (BlazePose world landmarks,
            metres, origin between the hips).
    """

    keypoints: FloatArray
    names: tuple[str, ...]
    score: float
    box: Box | None = None
    id: int = 0
    world_keypoints: FloatArray | None = None
    _index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.keypoints.ndim != 2 or self.keypoints.shape[1] != 3:
            raise ValueError(f"keypoints must be (N, 3), got {self.keypoints.shape}")
        if self.keypoints.shape[0] != len(self.names):
            raise ValueError(f"{self.keypoints.shape[0]} keypoints but {len(self.names)} names")
        if not self._index:
            self._index.update({name: i for i, name in enumerate(self.names)})

    def has(self, name: str) -> bool:
        """Whether this pose has a keypoint called ``name``."""
        return name in self._index

    def index_of(self, name: str) -> int:
        """Row of keypoint ``name``; raises ``KeyError`` listing the valid names."""
        try:
            return self._index[name]
        except KeyError:
            raise KeyError(
                f"unknown keypoint {name!r}; this pose has: {', '.join(self.names)}"
            ) from None

    def xy(self, name: str) -> tuple[float, float]:
        """Pixel position of keypoint ``name``."""
        row = self.keypoints[self.index_of(name)]
        return float(row[0]), float(row[1])

    def keypoint_score(self, name: str) -> float:
        """Confidence of keypoint ``name`` (0..1)."""
        return float(self.keypoints[self.index_of(name), 2])

    def scaled(self, factor: float) -> Pose:
        """This pose in an image ``factor`` times larger (keypoints and box; scores kept).

        Used when the model saw a downscaled decode of the frame: the pose is reported in
        the source video's pixels.
        """
        if factor == 1.0:
            return self
        keypoints = self.keypoints.copy()
        keypoints[:, :2] *= factor
        box = self.box
        if box is not None:
            box = Box(box.x_min * factor, box.y_min * factor, box.x_max * factor,
                      box.y_max * factor)
        return Pose(keypoints=keypoints, names=self.names, score=self.score, box=box,
                    id=self.id, world_keypoints=self.world_keypoints)

    def coco17(self) -> Pose:
        """This pose restricted to the 17 COCO keypoints, in COCO order.

        Works for every backend, so code written against COCO names runs on BlazePose too.
        """
        if self.names == COCO17_NAMES:
            return self
        rows = [self.index_of(name) for name in COCO17_NAMES]
        world = self.world_keypoints[rows] if self.world_keypoints is not None else None
        return Pose(
            keypoints=np.ascontiguousarray(self.keypoints[rows]),
            names=COCO17_NAMES,
            score=self.score,
            box=self.box,
            id=self.id,
            world_keypoints=world,
        )
