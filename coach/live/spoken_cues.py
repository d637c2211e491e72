"""Which coaching cue to speak, and when: one at a time, each code at most once per cooldown.

The tracker already rate-limits the cues it raises; speech needs its own pacing because a
sentence takes seconds to say and a new cue must not cut the previous one off.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Rough speaking rate of the browser's default voice, seconds per word.
SECONDS_PER_WORD = 0.4
#: Fixed pause added after each spoken sentence, seconds.
PAUSE_AFTER_S = 0.5


@dataclass(frozen=True, slots=True)
class SpokenCue:
    """A cue chosen to be spoken now.

    Attributes:
        code: Cue code (``knees_in``...).
        message: The words to say.
        serial: Increases with every cue spoken, so the page can tell a new one from a repeat.
    """

    code: str
    message: str
    serial: int


class CueAnnouncer:
    """Decides which cues reach the speaker.

    Args:
        cooldown_s: Minimum seconds between two utterances of the same cue code (the
            exercise's cue cooldown).
    """

    def __init__(self, cooldown_s: float) -> None:
        if cooldown_s < 0:
            raise ValueError(f"cooldown_s must be >= 0, got {cooldown_s}")
        self.cooldown_s = cooldown_s
        self._last_said_s: dict[str, float] = {}
        self._busy_until_s = float("-inf")
        self._serial = 0

    def offer(self, code: str, message: str, now_s: float) -> SpokenCue | None:
        """Offer a cue at wall-clock ``now_s`` seconds; returns it if it should be spoken now.

        A cue is dropped (not queued: by the time the speaker is free it may no longer apply)
        while another sentence is being spoken or within the cooldown of the same code.
        """
        if not message.strip() or now_s < self._busy_until_s:
            return None
        last = self._last_said_s.get(code)
        if last is not None and now_s - last < self.cooldown_s:
            return None
        self._last_said_s[code] = now_s
        self._busy_until_s = now_s + speaking_time_s(message)
        self._serial += 1
        return SpokenCue(code, message, self._serial)


def speaking_time_s(message: str) -> float:
    """Estimated seconds the browser needs to say ``message``."""
    return len(message.split()) * SECONDS_PER_WORD + PAUSE_AFTER_S
