"""Two-person clips built from the shared footage, for patient-lock tests (written to tmp)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from coach.session.video import iter_video_frames

Rgb = npt.NDArray[np.uint8]


def _resize(rgb: Rgb, height_px: int) -> Rgb:
    """Nearest-neighbour resize to ``height_px`` keeping the aspect ratio."""
    width_px = round(rgb.shape[1] * height_px / rgb.shape[0])
    rows = (np.arange(height_px) * rgb.shape[0] / height_px).astype(int)
    cols = (np.arange(width_px) * rgb.shape[1] / width_px).astype(int)
    return rgb[rows][:, cols]


def squat_beside_dancer(tfjs_media: Path, out: Path, height_px: int = 640) -> Path:
    """The squat clip with the dancer of ``pose_1.mp4`` beside the patient at the same size.

    The patient (``pose_squats.mp4``, 5 fps) stands right of centre, the dancer (looped to the
    squat clip's timestamps) in a 360 px strip at the left edge; both are whole-body in view,
    and the dancer is often the more confident pose, so "the most confident pose" would switch.
    """
    import av

    dancer = list(iter_video_frames(tfjs_media / "pose_1.mp4"))
    loop_ms = dancer[-1][0] + (dancer[1][0] - dancer[0][0])
    width_px = 900
    container = av.open(str(out), "w")
    stream = container.add_stream("mpeg4", rate=5)
    stream.width, stream.height, stream.pix_fmt = width_px, height_px, "yuv420p"
    stream.bit_rate = 4_000_000
    for timestamp_ms, patient in iter_video_frames(tfjs_media / "pose_squats.mp4"):
        other = min(dancer, key=lambda f: abs(f[0] - timestamp_ms % loop_ms))[1]
        frame = np.full((height_px, width_px, 3), 200, np.uint8)
        scaled = _resize(patient, height_px)
        frame[:, 400:400 + scaled.shape[1]] = scaled
        frame[:, :360] = _resize(other, height_px)[:, 140:500]
        for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return out
