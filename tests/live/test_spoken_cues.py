"""Spoken cues: one at a time, each code at most once per cooldown."""

from __future__ import annotations

import pytest

from coach.live.spoken_cues import CueAnnouncer, speaking_time_s


def test_a_cue_is_not_spoken_over_another_and_not_repeated_within_its_cooldown() -> None:
    announcer = CueAnnouncer(cooldown_s=5.0)
    first = announcer.offer("knees_in", "Push your knees out", now_s=0.0)
    assert first is not None and first.serial == 1
    busy_s = speaking_time_s("Push your knees out")
    assert announcer.offer("go_deeper", "Go a little deeper", now_s=busy_s / 2) is None
    assert announcer.offer("knees_in", "Push your knees out", now_s=busy_s + 0.1) is None
    second = announcer.offer("go_deeper", "Go a little deeper", now_s=busy_s + 0.1)
    assert second is not None and second.serial == 2
    assert announcer.offer("knees_in", "Push your knees out", now_s=5.0 + 3.0) is not None


def test_a_negative_cooldown_is_refused() -> None:
    with pytest.raises(ValueError, match="cooldown_s must be >= 0, got -1"):
        CueAnnouncer(cooldown_s=-1)
