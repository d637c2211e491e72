"""The side panel of a guided test run: phase, a large timer, what to do, the last thing said.

Every string that came from data (test texts) is escaped.
"""

from __future__ import annotations

import html

from coach.live.guided_assessment import GuidedAssessment, GuidedPhase

GUIDED_CSS = """
<style>
.coach-guided {font-size: 1.1rem;}
.coach-guided .timer {font-size: 3.5rem; font-weight: 700; line-height: 1.1;}
.coach-guided .phase {text-transform: uppercase; letter-spacing: .06em; color: #52606d;}
.coach-guided .said {margin-top: .6rem; padding: .5rem .7rem; border-radius: 8px;
                     background: #eef4fb;}
.coach-guided .camera {margin-top: .6rem; padding: .5rem .7rem; border-radius: 8px;}
.coach-guided .camera.ok {background: #e6f4ea; color: #1e5631;}
.coach-guided .camera.fix {background: #fdecea; color: #8a1c13;}
</style>
"""

_PHASE_TEXT = {
    GuidedPhase.SETUP: "Get in place",
    GuidedPhase.COUNTDOWN: "Get ready",
    GuidedPhase.RUNNING: "Go",
    GuidedPhase.BETWEEN: "Rest, then the next part",
    GuidedPhase.DONE: "Done",
}


def guided_panel_html(run: GuidedAssessment) -> str:
    """The panel for the run's current phase, as HTML."""
    phase = run.phase
    if phase is GuidedPhase.COUNTDOWN:
        timer = f"{max(1, round(run.seconds_shown + 0.49))}"
    elif phase is GuidedPhase.RUNNING:
        timer = f"{run.seconds_shown:.1f} s"
    else:
        timer = "–"
    said = html.escape(run.announcements[-1].text) if run.announcements else ""
    what = html.escape(run.instruction if phase is not GuidedPhase.DONE else "")
    return (
        '<div class="coach-guided">'
        f'<div class="phase" data-coach="guided-phase">{_PHASE_TEXT[phase]}</div>'
        f'<div class="timer" data-coach="guided-timer">{timer}</div>'
        f"<div>{what}</div>{_camera_html(run)}"
        f'<div class="said" data-coach="guided-said">{said}</div>'
        "</div>"
    )


def _camera_html(run: GuidedAssessment) -> str:
    """The camera set-up check while a trial is set up: what to fix, or that it is ready."""
    if run.camera_needs() is None:
        return ""
    check = run.camera_check
    if check is None:
        text, kind = "Waiting for the camera…", "fix"
    else:
        text, kind = check.message, "ok" if check.ok else "fix"
    return f'<div class="camera {kind}" data-coach="guided-camera">{html.escape(text)}</div>'

