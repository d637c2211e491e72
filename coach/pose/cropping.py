"""MoveNet "smart crop": follow the person with a square crop taken from the previous frame.

Single-pose MoveNet sees a small square input (192 or 256 px). Feeding it the whole frame
wastes most of those pixels on background, so, like the TF.js reference implementation
(``pose-detection/src/movenet/crop_utils.ts``), the detector crops around where the person
was in the previous frame:

* The crop is a square (in image pixels) centred on the mid-hip point. Its half side is the
  largest of 1.9 × the farthest torso joint (shoulders, hips) from that centre and 1.2 × the
  farthest confidently seen keypoint, capped so that the centre's farthest image edge still
  fits. A crop larger than the frame itself is not worth it: the padded full frame is used.
* The torso must be visible (a hip and a shoulder with score > ``MIN_CROP_KEYPOINT_SCORE``);
  otherwise the next frame is searched in full: the whole frame padded to a square.
* The first frame of a stream uses the centred square of side ``min(width, height)``.
* Crop corners are low-pass filtered (``CROP_FILTER_ALPHA``) so the crop does not jitter.

Everything here is in image pixels (x right, y down); a crop may extend past the frame, and
:func:`crop_and_resize` fills those parts with zeros, as ``tf.image.crop_and_resize`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coach.pose.keypoints import COCO17_NAMES
from coach.pose.types import Box, FloatArray

#: Keypoints at or above this score count as seen when sizing the crop.
MIN_CROP_KEYPOINT_SCORE = 0.2
#: Half side of the crop as a multiple of the farthest torso joint from the hip centre.
TORSO_EXPANSION_RATIO = 1.9
#: Half side of the crop as a multiple of the farthest seen keypoint from the hip centre.
BODY_EXPANSION_RATIO = 1.2
#: Weight of the new crop in the crop low-pass filter (1 = no smoothing).
CROP_FILTER_ALPHA = 0.9

_INDEX = {name: i for i, name in enumerate(COCO17_NAMES)}
_HIPS = (_INDEX["left_hip"], _INDEX["right_hip"])
_SHOULDERS = (_INDEX["left_shoulder"], _INDEX["right_shoulder"])
_TORSO = (*_SHOULDERS, *_HIPS)


@dataclass(frozen=True, slots=True)
class CropRegion(Box):
    """A square :class:`Box` of the image in pixels; it may reach past the image edges."""

    def as_array(self) -> npt.NDArray[np.float64]:
        return np.array([self.x_min, self.y_min, self.x_max, self.y_max], dtype=np.float64)

    @classmethod
    def from_array(cls, corners: npt.ArrayLike) -> CropRegion:
        x_min, y_min, x_max, y_max = (float(v) for v in np.asarray(corners).ravel())
        return cls(x_min, y_min, x_max, y_max)

    def to_image(self, normalized_xy: FloatArray) -> FloatArray:
        """Map ``(N, 2)`` crop-normalised ``x, y`` (0..1 across the crop) to image pixels."""
        out = np.empty_like(normalized_xy)
        out[:, 0] = self.x_min + normalized_xy[:, 0] * self.width
        out[:, 1] = self.y_min + normalized_xy[:, 1] * self.height
        return out


def initial_crop_region(image_width: int, image_height: int, first_frame: bool) -> CropRegion:
    """The crop used when the previous frame gives no usable torso.

    Args:
        image_width: frame width, pixels.
        image_height: frame height, pixels.
        first_frame: ``True`` at the start of a stream: the centred square of side
            ``min(w, h)``, a best guess that uses the pixels well. ``False`` after losing the
            person: the whole frame, padded to a square of side ``max(w, h)``.
    """
    side = min(image_width, image_height) if first_frame else max(image_width, image_height)
    x_min = (image_width - side) / 2.0
    y_min = (image_height - side) / 2.0
    return CropRegion(x_min, y_min, x_min + side, y_min + side)


def torso_visible(keypoints: FloatArray) -> bool:
    """Whether a hip and a shoulder of ``(17, 3)`` COCO keypoints are confidently seen."""
    scores = keypoints[:, 2]
    hip_seen = bool(np.any(scores[list(_HIPS)] > MIN_CROP_KEYPOINT_SCORE))
    shoulder_seen = bool(np.any(scores[list(_SHOULDERS)] > MIN_CROP_KEYPOINT_SCORE))
    return hip_seen and shoulder_seen


def _crop_half_side(keypoints: FloatArray, center: FloatArray) -> float:
    """Half side (pixels) of a square around ``center`` that holds the body with a margin."""
    distances = np.abs(keypoints[:, :2] - center)  # (17, 2): |dx|, |dy|
    torso_range = float(distances[list(_TORSO)].max())
    seen = keypoints[:, 2] >= MIN_CROP_KEYPOINT_SCORE
    body_range = float(distances[seen].max()) if np.any(seen) else 0.0
    return max(TORSO_EXPANSION_RATIO * torso_range, BODY_EXPANSION_RATIO * body_range)


def next_crop_region(keypoints: FloatArray, image_width: int, image_height: int) -> CropRegion:
    """Where to crop the next frame, given this frame's ``(17, 3)`` pixel keypoints.

    Returns the square around the mid-hip point described in the module docstring, or the
    padded full frame when the torso is not visible or the body fills the frame.
    """
    if not torso_visible(keypoints):
        return initial_crop_region(image_width, image_height, first_frame=False)
    center = keypoints[list(_HIPS), :2].mean(axis=0)
    center_x, center_y = float(center[0]), float(center[1])
    half_side = _crop_half_side(keypoints, center)
    farthest_edge = max(center_x, image_width - center_x, center_y, image_height - center_y)
    half_side = min(half_side, farthest_edge)
    if half_side > max(image_width, image_height) / 2.0:
        return initial_crop_region(image_width, image_height, first_frame=False)
    return CropRegion(
        center_x - half_side, center_y - half_side, center_x + half_side, center_y + half_side
    )


def crop_and_resize(
    frame: npt.NDArray[np.uint8], region: CropRegion, out: npt.NDArray[np.uint8]
) -> npt.NDArray[np.uint8]:
    """Bilinear crop of ``region`` from ``frame`` resized into the preallocated ``out``.

    Samples the same grid as ``tf.image.crop_and_resize`` (the reference's op): corner
    pixels of the output land on the box corners scaled by ``(size - 1) / size``, and samples
    outside the frame are 0. One ``cv2.warpAffine`` reads only the pixels it needs, so the
    full frame is never copied or padded.

    Args:
        frame: ``H×W×3`` uint8 RGB image.
        region: crop in image pixels.
        out: ``h×w×3`` uint8 buffer that receives the crop (the model input size).
    """
    import cv2

    image_height, image_width = frame.shape[:2]
    out_height, out_width = out.shape[:2]
    scale_x = (image_width - 1) / image_width
    scale_y = (image_height - 1) / image_height
    step_x = region.width * scale_x / max(out_width - 1, 1)
    step_y = region.height * scale_y / max(out_height - 1, 1)
    # Inverse map: output pixel (j, i) samples the frame at (x_min' + j*step_x, y_min' + i*step_y).
    inverse = np.array(
        [[step_x, 0.0, region.x_min * scale_x], [0.0, step_y, region.y_min * scale_y]],
        dtype=np.float64,
    )
    cv2.warpAffine(
        frame,
        inverse,
        (out_width, out_height),
        dst=out,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(0, 0, 0),
    )
    return out
