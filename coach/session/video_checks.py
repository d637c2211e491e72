"""Checks on an input video before any model is loaded or any frame is decoded.

A photo, a text file or a 1×1-pixel clip must be refused at once with a message that says what
it is, not analysed as "a 1-frame video" or reported as "person seen in 50 frames".
"""

from __future__ import annotations

from pathlib import Path

from coach.session.video import VideoError, VideoProbe, probe_video

#: Smallest accepted picture side, in pixels: below this no pose model can find a person
#: (MoveNet's own input is 192 px; 64 px is already a very distant figure).
MIN_SIDE_PX = 64

#: Leading bytes of still-image formats, which FFmpeg would otherwise open as a 1-frame video.
_IMAGE_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"GIF87a", "GIF"),
    (0, b"GIF89a", "GIF"),
    (0, b"BM", "BMP"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (8, b"WEBP", "WebP"),
    (4, b"ftypheic", "HEIC"),
    (4, b"ftypheix", "HEIC"),
    (4, b"ftypmif1", "HEIF"),
    (4, b"ftypavif", "AVIF"),
)


def image_format(head: bytes) -> str | None:
    """The still-image format whose signature ``head`` (a file's first bytes) starts with."""
    for offset, signature, name in _IMAGE_SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return name
    return None


def check_video_file(path: Path) -> VideoProbe:
    """Refuse anything that is not a readable video big enough to see a person in.

    Reads the file's first bytes and its container header only; nothing is decoded.

    Raises:
        VideoError: missing, a folder, empty, a still image, not a video, a single frame, or
            a picture smaller than :data:`MIN_SIDE_PX` on a side; the message names the file.
    """
    if not path.exists():
        raise VideoError(f"{path}: no such video file")
    if path.is_dir():
        raise VideoError(f"{path}: is a folder, not a video file")
    if not path.is_file():
        raise VideoError(f"{path}: is not a regular file")
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
    except OSError as exc:
        raise VideoError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not head:
        raise VideoError(f"{path}: is empty")
    kind = image_format(head)
    if kind is not None:
        raise VideoError(
            f"{path}: is a {kind} image, not a video; record a clip (MP4, MOV, WebM...) instead"
        )
    try:
        probe = probe_video(path)
    except VideoError as exc:
        raise VideoError(f"{exc}; this is not a video file FFmpeg can read") from None
    if probe.frame_count == 1:
        raise VideoError(f"{path}: holds a single frame (a still image), not a video")
    if min(probe.width_px, probe.height_px) < MIN_SIDE_PX:
        raise VideoError(
            f"{path}: the picture is {probe.width_px}×{probe.height_px} px; at least "
            f"{MIN_SIDE_PX}×{MIN_SIDE_PX} px are needed to see a person"
        )
    return probe
