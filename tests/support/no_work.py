"""Proof that a command refuses bad input before any long work: building a pose model,
decoding a frame or starting the analysis raises :class:`WorkStarted` instead."""

from __future__ import annotations

import pytest


class WorkStarted(AssertionError):
    """A model was built or a frame decoded before the input was refused."""


def refuse_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every way into the long work raise :class:`WorkStarted`."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise WorkStarted("work started before the input was refused")

    monkeypatch.setattr("coach.pose.factory.create_detector_with_threads", refuse)
    monkeypatch.setattr("coach.pose.factory.create_detector", refuse)
    monkeypatch.setattr("coach.session.video.iter_video_frames", refuse)
    monkeypatch.setattr("coach.cli.analyze._analyse_with_progress", refuse)
