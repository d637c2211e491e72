"""Latest-frame-wins handoff between the WebRTC callback and the inference worker.

The callback must never wait for inference: it drops its frame into a one-slot mailbox and
returns. When the worker is still busy, the next frame *replaces* the waiting one instead of
queueing behind it, so latency stays bounded by one inference however slow the machine is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class PendingFrame:
    """A frame waiting for the worker.

    Attributes:
        frame_rgb: ``H×W×3`` ``uint8`` RGB picture.
        timestamp_ms: Session-clock time of the frame.
    """

    frame_rgb: npt.NDArray[np.uint8]
    timestamp_ms: float


class LatestFrameMailbox:
    """One-slot mailbox: :meth:`put` never blocks, :meth:`take` gets the newest frame."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._pending: PendingFrame | None = None
        self._closed = False
        self.dropped = 0

    def put(self, frame: PendingFrame) -> bool:
        """Offer a frame; returns True when it replaced one the worker had not taken (a drop)."""
        with self._condition:
            replaced = self._pending is not None
            if replaced:
                self.dropped += 1
            self._pending = frame
            self._condition.notify()
            return replaced

    def take(self, timeout_s: float) -> PendingFrame | None:
        """Wait up to ``timeout_s`` seconds for a frame; ``None`` on timeout or when closed."""
        with self._condition:
            if self._pending is None and not self._closed:
                self._condition.wait(timeout_s)
            frame, self._pending = self._pending, None
            return None if self._closed else frame

    def has_pending(self) -> bool:
        """Whether a frame waits for the worker."""
        with self._condition:
            return self._pending is not None

    def close(self) -> None:
        """Wake the worker and refuse further frames."""
        with self._condition:
            self._closed = True
            self._pending = None
            self._condition.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed


class SessionClock:
    """Turns frame timestamps into a session clock that never goes backwards.

    A camera that is unplugged and plugged back, or a browser that reconnects, restarts its
    timestamps; the session clock continues from where it was, one frame later.
    """

    def __init__(self, restart_gap_ms: float = 33.0) -> None:
        self._offset_ms = 0.0
        self._last_ms: float | None = None
        self._restart_gap_ms = restart_gap_ms

    def to_session_ms(self, frame_ms: float) -> float:
        """Session time for a frame stamped ``frame_ms`` by its source."""
        session_ms = frame_ms + self._offset_ms
        if self._last_ms is not None and session_ms < self._last_ms:
            self._offset_ms += self._last_ms - session_ms + self._restart_gap_ms
            session_ms = frame_ms + self._offset_ms
        self._last_ms = session_ms
        return session_ms
