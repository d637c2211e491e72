"""Form cues: rules checked per phase; one cue on screen at a time, each rule with a cooldown."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coach.analysis.balance import BalancePhase
from coach.analysis.events import CueRaised, Event
from coach.analysis.hold import HoldPhase
from coach.analysis.reps import RepPhase
from coach.exercises.schema import FormRule

#: How long a raised cue stays current (on screen) before another may replace it.
CUE_DISPLAY_S = 3.0
_SEVERITY_RANK = {"info": 0, "warning": 1, "safety": 2}


#: The phase of whichever analyzer runs the exercise.
AnalyzerPhase = RepPhase | HoldPhase | BalancePhase


def rule_phase_name(phase: AnalyzerPhase) -> str:
    """The name a form rule's ``phases`` uses for ``phase`` (YAML says ``hold`` for holding)."""
    return "hold" if phase is HoldPhase.HOLDING else phase.value


@dataclass
class _RuleState:
    fault_since_ms: float = math.nan
    last_raised_ms: float = -math.inf


class CueEngine:
    """Checks form rules each frame and raises at most one cue at a time.

    A rule fires when its measurement stays outside ``[min_value, max_value]`` for
    ``min_duration_s`` during one of its phases, no other cue is showing (a safety cue may
    replace a lesser one) and its own ``cooldown_s`` has passed. NaN values never fire a rule.
    """

    def __init__(self, rules: Sequence[FormRule]) -> None:
        self.rules = tuple(rules)
        self._states = {rule.id: _RuleState() for rule in self.rules}
        self.current: CueRaised | None = None

    def current_text(self, timestamp_ms: float) -> str | None:
        """Text of the cue still showing at ``timestamp_ms``, if any."""
        if self.current is None or timestamp_ms - self.current.timestamp_ms > CUE_DISPLAY_S * 1000:
            return None
        return self.current.text

    def update(
        self, timestamp_ms: float, phase: AnalyzerPhase, values: Mapping[str, float]
    ) -> list[Event]:
        """Check every rule active in ``phase`` against this frame's measurement values."""
        phase_name = rule_phase_name(phase)
        best: tuple[FormRule, float] | None = None
        for rule in self.rules:
            state = self._states[rule.id]
            value = values.get(rule.measurement, math.nan)
            active = "any" in rule.phases or phase_name in rule.phases
            if not (active and _violates(rule, value)):
                state.fault_since_ms = math.nan
                continue
            if math.isnan(state.fault_since_ms):
                state.fault_since_ms = timestamp_ms
            persisted = (timestamp_ms - state.fault_since_ms) / 1000.0 >= rule.min_duration_s
            cooled = (timestamp_ms - state.last_raised_ms) / 1000.0 >= rule.cooldown_s
            if (
                persisted
                and cooled
                and (
                    best is None or _SEVERITY_RANK[rule.severity] > _SEVERITY_RANK[best[0].severity]
                )
            ):
                best = (rule, value)
        if best is None or not self._may_show(timestamp_ms, best[0]):
            return []
        rule, value = best
        self._states[rule.id].last_raised_ms = timestamp_ms
        self.current = CueRaised(
            timestamp_ms, rule.id, rule.cue, rule.severity, rule.measurement, value
        )
        return [self.current]

    def pause(self) -> None:
        """Nothing is checked for a while (the patient is out of position): forget faults in
        progress, so a fault must persist ``min_duration_s`` anew once checking resumes.
        """
        for state in self._states.values():
            state.fault_since_ms = math.nan

    def offer(
        self, timestamp_ms: float, rule_id: str, text: str, measurement: str, value: float
    ) -> list[Event]:
        """Show an ``info`` cue that comes from an event rather than a rule (a partial rep).

        It obeys the same one-cue-at-a-time rule and is simply dropped if another cue is showing.
        """
        if self.current_text(timestamp_ms) is not None:
            return []
        self.current = CueRaised(timestamp_ms, rule_id, text, "info", measurement, value)
        return [self.current]

    def _may_show(self, timestamp_ms: float, rule: FormRule) -> bool:
        if self.current_text(timestamp_ms) is None:
            return True
        assert self.current is not None
        return _SEVERITY_RANK[rule.severity] > _SEVERITY_RANK[self.current.severity]


def _violates(rule: FormRule, value: float) -> bool:
    if math.isnan(value):
        return False
    if rule.min_value is not None and value < rule.min_value:
        return True
    return rule.max_value is not None and value > rule.max_value
