"""Latest-frame-wins mailbox and the session clock."""

from __future__ import annotations

import threading

import numpy as np

from coach.live.handoff import LatestFrameMailbox, PendingFrame, SessionClock

FRAME = np.zeros((4, 4, 3), np.uint8)


def test_a_newer_frame_replaces_the_one_the_worker_has_not_taken() -> None:
    mailbox = LatestFrameMailbox()
    assert mailbox.put(PendingFrame(FRAME, 0.0)) is False
    assert mailbox.put(PendingFrame(FRAME, 33.0)) is True
    assert mailbox.put(PendingFrame(FRAME, 66.0)) is True
    taken = mailbox.take(timeout_s=0.1)
    assert taken is not None and taken.timestamp_ms == 66.0
    assert mailbox.dropped == 2
    assert mailbox.take(timeout_s=0.01) is None


def test_closing_wakes_a_waiting_worker_with_nothing() -> None:
    mailbox = LatestFrameMailbox()
    results: list[PendingFrame | None] = []
    worker = threading.Thread(target=lambda: results.append(mailbox.take(timeout_s=10.0)))
    worker.start()
    mailbox.close()
    worker.join(2.0)
    assert not worker.is_alive() and results == [None]


def test_the_session_clock_continues_when_the_camera_restarts_its_timestamps() -> None:
    clock = SessionClock(restart_gap_ms=33.0)
    assert [clock.to_session_ms(t) for t in (0.0, 33.0, 66.0)] == [0.0, 33.0, 66.0]
    assert clock.to_session_ms(0.0) == 99.0  # restarted stream: one frame after the last
    assert clock.to_session_ms(33.0) == 132.0
