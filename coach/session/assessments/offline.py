"""Scoring an assessment on recordings: one video per trial, in protocol order."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path

from coach.pose.detector import PoseDetector
from coach.session.assessments.outcome import AssessmentOutcome
from coach.session.assessments.scorer import AssessmentScorer
from coach.session.video import VideoError, patient_poses

logger = logging.getLogger(__name__)


def check_recordings(scorer: AssessmentScorer, videos: Sequence[Path]) -> None:
    """Reject a number of videos that does not fit the test's trials.

    Raises:
        ValueError: no video, or more videos than the test has trials.
    """
    names = scorer.trial_names
    if not videos or len(videos) > len(names):
        expected = "1 video" if len(names) == 1 else f"1 to {len(names)} videos, one per trial"
        raise ValueError(
            f"got {len(videos)} video(s); expected {expected} ({', '.join(names)}, in this order)"
        )


def score_recordings(
    scorer: AssessmentScorer,
    videos: Sequence[Path],
    detector: PoseDetector,
    start_ms: float | None = None,
) -> AssessmentOutcome:
    """Run the trials of ``scorer`` on ``videos`` (the first trial on the first video ...).

    A staged test stops at the first trial not passed, as its protocol does; later videos are
    then not analysed. ``start_ms``: the "Go" cue in the first video, when known.

    Raises:
        ValueError: wrong number of videos. VideoError: a video cannot be read.
    """
    check_recordings(scorer, videos)
    for index, (trial, video) in enumerate(zip(scorer.trial_names, videos, strict=False)):
        scorer.start_trial(trial, start_ms if index == 0 else None)
        last_ms = math.nan
        # each trial's video is a new recording: the detector is reset and the patient chosen anew
        for timestamp_ms, _, pose in patient_poses(video, detector):
            scorer.update(timestamp_ms, pose)
            last_ms = timestamp_ms
        if math.isnan(last_ms):
            raise VideoError(f"{video}: no frames could be decoded")
        go_on = scorer.finish_trial(last_ms)
        logger.info("trial %s on %s done; next: %s", trial, video, go_on)
        if not go_on:
            if index + 1 < len(videos):
                logger.warning("%s: trial %s ended the test; later videos not analysed",
                               video, trial)  # fmt: skip
            break
    return scorer.outcome()
