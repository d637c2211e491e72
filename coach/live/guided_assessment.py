"""A guided run of a standard test in the live page: camera set-up first, a spoken countdown,
a start cue, a visible timer, and the stop when the protocol says so.

Independent of Streamlit and of the camera: the page calls :meth:`GuidedAssessment.ready` when
the patient is in place and :meth:`GuidedAssessment.on_frame` with every analysed frame (its
capture time and pose); everything is timed on the frame clock (``timestamp_ms``), never the
wall clock. Before each trial the caller hands in the camera set-up check of the latest frame
(:meth:`GuidedAssessment.see`, the live page's check against :meth:`camera_needs`); the
countdown does not start until it passes, and the patient is told what to fix. The scoring is
the assessment's scorer — the exercise engine's trackers — so a live run and ``coach assess`` on
a recording give the same result for the same poses.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass

from coach.exercises.assessment_schema import AssessmentDefinition
from coach.live.camera_check import CameraCheck
from coach.live.guided_camera import TrialCamera
from coach.pose.types import Pose
from coach.session.assessments import AssessmentOutcome, AssessmentScorer

#: Seconds counted down before "Go".
COUNTDOWN_S = 3
#: During the countdown, the camera check must fail on every frame for this long before the
#: countdown is called off: a patient who steps out of the picture, or turns to face the wrong
#: way, would start a timed trial out of view, while one frame where a foot is not found does not
#: restart the countdown.
CAMERA_LOST_S = 0.5
#: A trial never runs longer than this (a balance stance the patient never takes, a chair
#: test without stands): the run stops and scores what it saw.
MAX_TRIAL_S = 120.0


def _one_leg(side: str) -> str:
    other = "right" if side == "left" else "left"
    return f"Stand on your {side} leg and lift your {other} foot."


class GuidedPhase(enum.Enum):
    """Where the guided run is."""

    SETUP = "setup"  # camera placement and instructions; waiting for the patient
    COUNTDOWN = "countdown"
    RUNNING = "running"
    BETWEEN = "between"  # a trial ended and another follows (next stage or leg)
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Announcement:
    """Something to say aloud (and show), numbered so the page speaks each once."""

    serial: int
    text: str


class GuidedAssessment:
    """Runs the trials of ``assessment`` in protocol order with ``scorer``.

    Args:
        assessment: the test (its camera text, instructions and stages are what is shown).
        scorer: :func:`coach.session.assessments.create_scorer` for the test.
        countdown_s: seconds counted down before the start cue.
        cameras: camera needs per trial (:func:`coach.live.guided_camera.trial_cameras`);
            ``None``: no set-up check (scripted runs without a camera).
    """

    def __init__(
        self,
        assessment: AssessmentDefinition,
        scorer: AssessmentScorer,
        *,
        countdown_s: int = COUNTDOWN_S,
        cameras: Mapping[str, TrialCamera] | None = None,
    ) -> None:
        self.assessment = assessment
        self.scorer = scorer
        self.countdown_s = countdown_s
        self.cameras = cameras
        #: The set-up check of the latest frame before a trial (``None``: no frame seen yet).
        self.camera_check: CameraCheck | None = None
        self.phase = GuidedPhase.SETUP
        self.trial_index = 0
        self.announcements: list[Announcement] = []
        self._ready_requested = False
        self._countdown_from_ms = math.nan
        self._said_count = countdown_s + 1
        self._go_ms = math.nan
        self._now_ms = math.nan
        self._camera_failing_since_ms = math.nan
        self.outcome: AssessmentOutcome | None = None
        self._say(f"{assessment.name}. {assessment.camera}")

    # -- what the page shows ------------------------------------------------------------------

    @property
    def trial(self) -> str:
        """The current trial (stage id, leg, or ``stands``)."""
        return self.scorer.trial_names[min(self.trial_index, len(self.scorer.trial_names) - 1)]

    @property
    def instruction(self) -> str:
        """What the patient does in the current trial."""
        for stage in self.assessment.stages:
            if self.trial == stage.id:
                return f"{stage.name}: {stage.instruction} Hold it for {stage.hold_s:g} seconds."
            for side, trial in zip(stage.sides, stage.trial_ids(), strict=False):
                if self.trial == trial:
                    return (f"{stage.name}, {side} leg: {_one_leg(side)} Hold it for "
                            f"{stage.hold_s:g} seconds.")  # fmt: skip
        if self.trial in ("left", "right"):
            return _one_leg(self.trial)
        return " ".join(self.assessment.instructions)

    @property
    def seconds_shown(self) -> float:
        """The timer: seconds left in the countdown, or seconds since "Go" while running."""
        if self.phase is GuidedPhase.COUNTDOWN and not math.isnan(self._countdown_from_ms):
            return max(0.0, self.countdown_s - (self._now_ms - self._countdown_from_ms) / 1000)
        if self.phase is GuidedPhase.RUNNING:
            return (self._now_ms - self._go_ms) / 1000.0
        return 0.0

    def _say(self, text: str) -> None:
        self.announcements.append(Announcement(len(self.announcements) + 1, text))

    # -- what the page does -------------------------------------------------------------------

    def camera_needs(self) -> TrialCamera | None:
        """What the camera must see for the next trial, while it is set up and counted down."""
        if self.cameras is None or self.phase not in (
            GuidedPhase.SETUP, GuidedPhase.BETWEEN, GuidedPhase.COUNTDOWN,
        ):  # fmt: skip
            return None
        return self.cameras.get(self.trial)

    def see(self, check: CameraCheck, timestamp_ms: float) -> None:
        """The set-up check of the frame captured at ``timestamp_ms`` against
        :meth:`camera_needs`. During the countdown, a check that keeps failing for
        :data:`CAMERA_LOST_S` calls the countdown off and says what to fix."""
        self.camera_check = check
        if self.phase is not GuidedPhase.COUNTDOWN or check.ok:
            self._camera_failing_since_ms = math.nan
            return
        if math.isnan(self._camera_failing_since_ms):
            self._camera_failing_since_ms = timestamp_ms
        if (timestamp_ms - self._camera_failing_since_ms) / 1000.0 >= CAMERA_LOST_S:
            self._call_off_countdown(check)

    @property
    def camera_ok(self) -> bool:
        """Whether the countdown may start: no check needed, or the latest check passed."""
        if self.cameras is None or self.trial not in self.cameras:
            return True
        return self.camera_check is not None and self.camera_check.ok

    def ready(self) -> bool:
        """The patient is in place: the countdown starts with the next frame, if the camera
        sees what the trial needs; otherwise the patient is told what to fix (returns False)."""
        if self.phase not in (GuidedPhase.SETUP, GuidedPhase.BETWEEN):
            return False
        if not self.camera_ok:
            problem = (self.camera_check.message if self.camera_check is not None
                       else "The camera is not on yet. Allow the camera and wait for the video.")
            self._say(f"Not yet. {problem}")  # fmt: skip
            return False
        self.phase = GuidedPhase.COUNTDOWN
        self._ready_requested = True
        self._camera_failing_since_ms = math.nan
        self._say(self.instruction)
        return True

    def on_frame(self, timestamp_ms: float, pose: Pose | None) -> None:
        """Advance the run with one analysed frame (``pose`` ``None``: nobody seen)."""
        self._now_ms = timestamp_ms
        if self.phase is GuidedPhase.COUNTDOWN:
            self._count_down(timestamp_ms)
        elif self.phase is GuidedPhase.RUNNING:
            self.scorer.update(timestamp_ms, pose)
            too_long = (timestamp_ms - self._go_ms) / 1000.0 >= MAX_TRIAL_S
            if self.scorer.trial_complete(timestamp_ms) or too_long:
                self._end_trial(timestamp_ms)

    def stop(self) -> None:
        """The patient or the person helping stopped the run: score what was seen."""
        if self.phase is GuidedPhase.RUNNING:
            self._end_trial(self._now_ms)
        elif self.phase is not GuidedPhase.DONE:
            self.phase = GuidedPhase.DONE
            self.outcome = self.scorer.outcome()

    def _count_down(self, timestamp_ms: float) -> None:
        if self._ready_requested:
            self._ready_requested = False
            self._countdown_from_ms = timestamp_ms
        left = self.countdown_s - (timestamp_ms - self._countdown_from_ms) / 1000.0
        if left <= 0.0:
            self.phase = GuidedPhase.RUNNING
            self._go_ms = timestamp_ms
            self.scorer.start_trial(self.trial, timestamp_ms)  # "Go" is the trial's start
            self._say("Go!")
            return
        whole = math.ceil(left)
        if whole < self._said_count:
            self._said_count = whole
            self._say(str(whole))

    def _call_off_countdown(self, check: CameraCheck) -> None:
        # Back to waiting for the patient: before the first trial, or between trials.
        self.phase = GuidedPhase.SETUP if self.trial_index == 0 else GuidedPhase.BETWEEN
        self._ready_requested = False
        self._countdown_from_ms = math.nan
        self._said_count = self.countdown_s + 1
        self._camera_failing_since_ms = math.nan
        self._say(f"Wait. {check.message} Then start the countdown again.")

    def _end_trial(self, timestamp_ms: float) -> None:
        go_on = self.scorer.finish_trial(timestamp_ms)
        self._said_count = self.countdown_s + 1
        self.camera_check = None  # the next trial is checked anew
        if go_on and self.trial_index + 1 < len(self.scorer.trial_names):
            self.trial_index += 1
            self.phase = GuidedPhase.BETWEEN
            self._say(f"Stop. Rest a moment. Next: {self.instruction}")
            return
        self.phase = GuidedPhase.DONE
        self.outcome = self.scorer.outcome()
        self._say("Stop. That is the end of the test. Well done.")
