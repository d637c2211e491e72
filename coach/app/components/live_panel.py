"""The side panel of the live session as one HTML block: big numbers, plain words.

One element, replaced in place a few times a second: the live page's script run never ends
(see ``patient_session._watch``), so the panel must not change its number of elements, or
old ones would linger on screen.
"""

from __future__ import annotations

import html
import math

from coach.analysis.readiness import Readiness
from coach.live.controller import LiveSessionController
from coach.live.flow import Phase
from coach.live.guidance import camera_position, set_result
from coach.session.state import TrackerState

PANEL_CSS = """
<style>
.coach-panel { font-family: inherit; }
.coach-label { font-size: 1.1rem; color: #4b5563; margin-top: 0.4rem; }
.coach-big { font-size: 5.5rem; font-weight: 800; line-height: 1.0; color: #111827; }
.coach-goal { font-size: 1.4rem; color: #374151; }
.coach-mid { font-size: 2.6rem; font-weight: 700; color: #111827; }
.coach-note { font-size: 1.3rem; padding: 0.7rem 1rem; border-radius: 10px; margin-top: 0.8rem; }
.coach-ok { background: #e7f6ec; color: #14532d; }
.coach-warn { background: #fff4e0; color: #7c4a03; }
.coach-info { background: #e8f0fe; color: #1e3a8a; }
.coach-alarm { background: #fde8e8; color: #7f1d1d; font-weight: 700; }
.coach-tech { font-size: 0.8rem; color: #5f6b7a; margin-top: 1rem; }
/* Phones (a patient 2 m away): the count, the tip and the main button must fit in the first
   screen under the video, so everything around them shrinks and the buttons stay in a row. */
@media (max-width: 640px) {
  .block-container { padding-top: 3.2rem !important; }
  [data-testid="stMain"] [data-testid="stHorizontalBlock"] { gap: 0.5rem !important; }
  [data-testid="stMain"] h1 { font-size: 1.35rem !important; padding: 0 0 0.2rem 0 !important; }
  .coach-count { display: flex; align-items: baseline; gap: 0.6rem; }
  .coach-label { font-size: 1rem; margin-top: 0.1rem; }
  .coach-big { font-size: 3.4rem; }
  .coach-mid { font-size: 1.6rem; }
  .coach-note { font-size: 1.1rem; padding: 0.45rem 0.7rem; margin-top: 0.4rem; }
  .coach-now, .coach-tech, .coach-label-now { display: none; }
  .st-key-live_controls [data-testid="stHorizontalBlock"] { flex-wrap: nowrap !important;
                                                           gap: 0.5rem; }
  .st-key-live_controls [data-testid="stColumn"] { min-width: 0 !important; width: auto !important;
                                                  flex: 1 1 0 !important; }
  .st-key-live_controls [data-testid="stColumn"]:not(:has(button)) { display: none; }
}
</style>
"""


def measurement_label(controller: LiveSessionController, measurement: str) -> str:
    """Plain words for a measurement (``Knee bend``), from the plan item's labels."""
    labels = dict(controller.flow.item.measurement_labels)
    return labels.get(measurement) or measurement.replace("_", " ").capitalize()


def _note(text: str, kind: str, *, tip: bool = False) -> str:
    """A coloured note; ``tip`` marks the current tip (what a browser test looks for)."""
    mark = ' data-coach="tip"' if tip else ""
    return f'<div class="coach-note coach-{kind}"{mark}>{html.escape(text)}</div>'


def _active_html(controller: LiveSessionController) -> str:
    item = controller.flow.item
    record = controller.view.state
    tracker = record.state if record is not None and record.set_ref is not None else None
    if item.target_reps is not None:
        parts = [
            '<div class="coach-count"><div class="coach-label">Reps</div>',
            f'<div class="coach-big" data-coach="reps">{controller.reps_in_current_set()}</div>',
            f'<div class="coach-goal">of {item.target_reps}</div></div>',
        ]
    else:
        held = tracker.hold_s if tracker is not None else 0.0
        goal = f"of {item.target_hold_s:.0f}" if item.target_hold_s else ""
        parts = [
            '<div class="coach-count"><div class="coach-label">Seconds held</div>',
            f'<div class="coach-big" data-coach="hold">{held:.0f}</div>',
            f'<div class="coach-goal">{goal}</div></div>',
        ]
    if controller.view.fall_detected:
        parts.append(_note("It looks like you may have fallen. If you are hurt, call for help.",
                           "alarm", tip=True))  # fmt: skip
    elif record is not None and not record.person_seen:
        parts.append(_note("I can't see you. Step back into the picture.", "info", tip=True))
    elif tracker is not None and (position := _position_text(tracker)) is not None:
        parts.append(_note(position, "info", tip=True))
    elif tracker is not None and tracker.cue:
        parts.append(_note(tracker.cue, "warn", tip=True))
    else:
        parts.append(_note("Keep going at your own pace.", "ok", tip=True))
    if tracker is not None and not math.isnan(tracker.measurement_value):
        unit = "°" if tracker.measurement_unit == "deg" else ""
        name = measurement_label(controller, tracker.measurement_name)
        parts.append(f'<div class="coach-now"><div class="coach-label">{html.escape(name)} now'
                     f'</div><div class="coach-mid">{tracker.measurement_value:.0f}{unit}</div>'
                     "</div>")  # fmt: skip
    return "".join(parts)


def _position_text(tracker: TrackerState) -> str | None:
    """What to say while counting waits for (or paused outside) the exercise's position."""
    posture = tracker.start_posture
    if posture is None or tracker.readiness is Readiness.READY:
        return None
    if tracker.readiness is Readiness.AWAY:
        return f"Counting paused. Get back into position: {posture}."
    if tracker.readiness is Readiness.SETTLING:
        return f"Hold it: {posture}. Counting starts in a moment."
    return f"Get into position: {posture}. Counting starts when you hold it."


def _ready_html(controller: LiveSessionController) -> str:
    item = controller.flow.item
    record = controller.view.state
    check = record.camera_check if record is not None else None
    parts = [f'<div class="coach-label coach-label-now">Now</div><div class="coach-count">'
             f'<div class="coach-mid">{html.escape(item.name)}</div><div class="coach-goal">'
             f"Set {controller.flow.set_number} of {item.sets}</div></div>"]  # fmt: skip
    if check is None:
        parts.append(_note(f"Press Start camera. {camera_position(item)}", "info", tip=True))
    else:
        parts.append(_note(check.message, "ok" if check.ok else "warn", tip=True))
    if controller.flow.set_number == 1 and item.instructions:
        parts.append(_note(f"How to do it: {item.instructions}", "info"))
    if item.notes:
        parts.append(_note(f"From your therapist: {item.notes}", "info"))
    return "".join(parts)


def _set_result_html(controller: LiveSessionController, suffix: str = "") -> str:
    last = controller.last_finished
    reps = controller.view.reps_by_set.get(last, 0) if last is not None else 0
    item = controller.plan[last.item_index] if last is not None else None
    text, counted = set_result(item, reps)
    return _note(text + suffix, "ok" if counted else "warn") + (
        f'<div data-coach="set-reps" hidden>{reps}</div>'
    )


def _rest_html(controller: LiveSessionController) -> str:
    parts = []
    if controller.last_finished is not None:
        parts.append(_set_result_html(controller))
    parts.append('<div class="coach-label">Rest</div>')
    parts.append(f'<div class="coach-big">{controller.rest_remaining_s():.0f}</div>')
    parts.append('<div class="coach-goal">seconds</div>')
    parts.append(f'<div class="coach-label">Next: {html.escape(controller.flow.progress_text())}'
                 "</div>")  # fmt: skip
    return "".join(parts)


def panel_html(controller: LiveSessionController, phase: Phase) -> str:
    """The whole side panel for the current phase, as HTML."""
    if phase is Phase.ACTIVE:
        body = _active_html(controller)
    elif phase is Phase.REST:
        body = _rest_html(controller)
    elif phase is Phase.READY:
        body = _ready_html(controller)
    else:
        body = _set_result_html(controller, " All done for today.") + _note(
            "Press Finish for today to see your summary.", "info"
        )
    stats = controller.processor.stats()
    delay_ms = 0.0 if math.isnan(stats.pose_age_ms_median) else stats.pose_age_ms_median
    tech = (
        f'<div class="coach-tech" data-coach="throughput">Camera {stats.input_fps:.0f} fps · '
        f"analysed {stats.processed_fps:.0f} fps · skeleton delay {delay_ms:.0f} ms</div>"
    )
    return f'<div class="coach-panel">{body}{tech}</div>'
