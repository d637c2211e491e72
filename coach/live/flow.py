"""Set and rest flow of a live session: set x of y, rest countdown, next exercise, finish.

A pure state machine: the page tells it what happened (a set started, a set finished, the
patient skipped the rest) and the wall-clock time in seconds, and asks what to show. Nothing
here draws, stores or sleeps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from coach.live.records import SetRef


class Phase(StrEnum):
    """Where the patient is in the session."""

    READY = "ready"  # camera check, waiting for the patient to start the next set
    ACTIVE = "active"  # a set is being tracked
    REST = "rest"  # counting down before the next set
    DONE = "done"  # every set of every exercise is done (or the patient finished early)


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One exercise of today's routine, as the live session needs it.

    Attributes:
        exercise_key: Exercise id in the library.
        name: Name shown to the patient.
        sets: Number of sets prescribed.
        target_reps: Repetitions per set, or ``None`` for holds.
        target_hold_s: Seconds to hold per set, or ``None`` for rep exercises.
        rest_s: Rest between sets, seconds.
        side: ``left``/``right`` for sided exercises, else ``None``.
        camera_view: ``front`` or ``side``.
        required_keypoints: Keypoints the camera must see (side already expanded).
        instructions: Short instructions shown before the first set.
        notes: The therapist's notes for this item.
        rom_target_deg: Range-of-motion target, degrees, if prescribed.
        measurement_labels: ``(measurement name, plain words)`` pairs for display.
        cue_cooldown_s: Seconds before the same coaching cue may be spoken again (the
            longest cooldown of the exercise's form rules).
    """

    exercise_key: str
    name: str
    sets: int
    target_reps: int | None
    target_hold_s: float | None
    rest_s: float
    side: str | None
    camera_view: str
    required_keypoints: tuple[str, ...]
    instructions: str = ""
    notes: str = ""
    rom_target_deg: float | None = None
    measurement_labels: tuple[tuple[str, str], ...] = ()
    cue_cooldown_s: float = 8.0

    def __post_init__(self) -> None:
        if self.sets < 1:
            raise ValueError(f"{self.exercise_key}: sets must be at least 1, got {self.sets}")
        if self.rest_s < 0:
            raise ValueError(f"{self.exercise_key}: rest_s must be >= 0, got {self.rest_s}")


class SessionFlow:
    """Walks through the plan one set at a time.

    Args:
        items: Today's exercises in order (at least one).
        completed_sets: Sets already done per item index (from a resumed session).
    """

    def __init__(
        self, items: Sequence[PlanItem], completed_sets: Mapping[int, int] | None = None
    ) -> None:
        if not items:
            raise ValueError("a session needs at least one exercise")
        self.items = tuple(items)
        self._done = [0] * len(self.items)
        for index, count in (completed_sets or {}).items():
            if not 0 <= index < len(self.items):
                raise ValueError(f"completed_sets names item {index}; plan has {len(items)}")
            self._done[index] = min(count, self.items[index].sets)
        self.phase = Phase.READY
        self._rest_until_s = 0.0
        self._item_index = 0
        self._move_to_next_open_item()

    @property
    def item_index(self) -> int:
        return self._item_index

    @property
    def item(self) -> PlanItem:
        return self.items[min(self._item_index, len(self.items) - 1)]

    @property
    def set_number(self) -> int:
        """1-based number of the current (or next) set of the current exercise."""
        return min(self._done[self._item_index] + 1, self.item.sets) if not self.finished else 0

    @property
    def finished(self) -> bool:
        return self.phase is Phase.DONE

    def sets_done(self, item_index: int) -> int:
        """Sets completed so far for one exercise of the plan."""
        return self._done[item_index]

    def progress_text(self) -> str:
        """``Squat — set 2 of 3`` for the page header."""
        if self.finished:
            return "All done for today"
        return f"{self.item.name} — set {self.set_number} of {self.item.sets}"

    def start_set(self) -> SetRef:
        """READY or REST → ACTIVE; returns which set is now being tracked."""
        if self.phase not in (Phase.READY, Phase.REST):
            raise ValueError(f"cannot start a set while {self.phase.value}")
        self.phase = Phase.ACTIVE
        item = self.item
        return SetRef(self._item_index, item.exercise_key, self.set_number, item.side)

    def undo_start(self) -> None:
        """ACTIVE → READY: the set just started could not be stored, so it has not begun."""
        if self.phase is not Phase.ACTIVE:
            raise ValueError(f"no set to take back while {self.phase.value}")
        self.phase = Phase.READY

    def finish_set(self, now_s: float) -> None:
        """ACTIVE → REST (more sets to do) or DONE; ``now_s`` starts the rest countdown."""
        if self.phase is not Phase.ACTIVE:
            raise ValueError(f"no set to finish while {self.phase.value}")
        rest_s = self.item.rest_s
        self._done[self._item_index] += 1
        self._move_to_next_open_item()
        if not self.finished:
            self.phase = Phase.REST if rest_s > 0 else Phase.READY
            self._rest_until_s = now_s + rest_s

    def rest_remaining_s(self, now_s: float) -> float:
        """Seconds of rest left (0 when not resting or the rest is over)."""
        return max(0.0, self._rest_until_s - now_s) if self.phase is Phase.REST else 0.0

    def tick(self, now_s: float) -> Phase:
        """Let time pass: a rest that is over becomes READY. Returns the phase."""
        if self.phase is Phase.REST and now_s >= self._rest_until_s:
            self.phase = Phase.READY
        return self.phase

    def skip_rest(self) -> None:
        """The patient is ready before the countdown ends."""
        if self.phase is Phase.REST:
            self.phase = Phase.READY

    def skip_exercise(self) -> None:
        """Leave the remaining sets of the current exercise undone and go to the next one."""
        if self.phase is Phase.ACTIVE:
            raise ValueError("finish the current set before skipping the exercise")
        if self.finished:
            return
        self._item_index += 1
        self._move_to_next_open_item()
        if not self.finished:
            self.phase = Phase.READY

    def finish_early(self) -> None:
        """End the session now, whatever is left."""
        self.phase = Phase.DONE

    def _move_to_next_open_item(self) -> None:
        while self._item_index < len(self.items) and (
            self._done[self._item_index] >= self.items[self._item_index].sets
        ):
            self._item_index += 1
        if self._item_index >= len(self.items):
            self._item_index = len(self.items) - 1
            self.phase = Phase.DONE
