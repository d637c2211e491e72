"""The live frame processor with the real Lightning model and the real squat tracker."""

from __future__ import annotations

import threading
import time

import numpy as np
import numpy.typing as npt
import pytest

from coach.analysis.events import RepCompleted
from coach.exercises.library import load_library
from coach.live.processor import LiveSessionProcessor
from coach.live.records import EventRecord, SetRef, StateRecord
from coach.pose import PoseDetector, create_detector
from coach.pose.types import Pose
from coach.session.tracker import ExerciseTracker

Clip = list[tuple[float, npt.NDArray[np.uint8]]]
SQUAT_SET = SetRef(item_index=0, exercise_key="squat", set_index=1)
WAIT_S = 60.0


def _wait_processed(processor: LiveSessionProcessor, count: int) -> None:
    deadline = time.monotonic() + WAIT_S
    while processor.stats().frames_processed < count:
        assert time.monotonic() < deadline, "worker stopped processing frames"
        time.sleep(0.002)


def _drain(processor: LiveSessionProcessor) -> list[object]:
    records = []
    while not processor.ui_records.empty():
        records.append(processor.ui_records.get_nowait())
    return records


@pytest.mark.models
def test_every_frame_processed_in_turn_counts_the_two_squats_of_the_clip(
    squat_clip: Clip, lightning_installed: None
) -> None:
    processor = LiveSessionProcessor(backend="movenet-lightning")
    processor.begin_set(SQUAT_SET, ExerciseTracker(load_library().exercise("squat")))
    try:
        assert processor.wait_until_ready(WAIT_S), processor.detector_error
        for count, (time_s, frame) in enumerate(squat_clip, start=1):
            shown = processor.process_frame(frame, time_s * 1000.0)
            assert shown.shape == frame.shape
            _wait_processed(processor, count)  # a fast machine: no frame is dropped
        final = processor.end_set()
    finally:
        processor.close()
    queued = processor.event_records
    events = [queued.get_nowait().event for _ in range(queued.qsize())]
    reps = [event for event in events if isinstance(event, RepCompleted)]
    assert [rep.index for rep in reps] == [1, 2]  # the third squat is still rising at the end
    assert all(isinstance(record, EventRecord) for record in final)
    states = [r for r in _drain(processor) if isinstance(r, StateRecord) and r.state is not None]
    assert states[-1].state.reps_completed == 2
    assert processor.stats().frames_dropped == 0


class _GatedDetector(PoseDetector):
    """The real detector, but each inference waits for the test to open the gate."""

    name = "gated-lightning"

    def __init__(self) -> None:
        super().__init__()
        self.inner = create_detector("movenet-lightning")
        self.gate = threading.Event()
        self.started = threading.Event()

    def _estimate(self, frame: npt.NDArray[np.uint8], timestamp_ms: float) -> list[Pose]:
        self.started.set()
        self.gate.wait(WAIT_S)
        self.gate.clear()
        self.started.clear()  # before the result is out, so the test can wait for the next call
        return self.inner.estimate(frame, timestamp_ms)

    def close(self) -> None:
        self.inner.close()
        super().close()


@pytest.mark.models
def test_frames_arriving_while_the_model_is_busy_are_dropped_not_queued(
    squat_clip: Clip, lightning_installed: None
) -> None:
    detector = _GatedDetector()
    processor = LiveSessionProcessor(detector_factory=lambda: detector)
    try:
        processor.process_frame(squat_clip[0][1], 0.0)
        assert detector.started.wait(WAIT_S)  # the worker is now busy with frame 0
        for time_s, frame in squat_clip[1:11]:  # ten frames arrive meanwhile
            processor.process_frame(frame, time_s * 1000.0)
        detector.gate.set()  # frame 0 done; the worker takes only the newest waiting frame
        _wait_processed(processor, 1)
        assert detector.started.wait(WAIT_S)
        detector.gate.set()
        _wait_processed(processor, 2)
    finally:
        detector.gate.set()
        processor.close()
    stats = processor.stats()
    assert (stats.frames_in, stats.frames_processed, stats.frames_dropped) == (11, 2, 9)
    states = [r for r in _drain(processor) if isinstance(r, StateRecord)]
    assert [s.timestamp_ms for s in states] == [0.0, squat_clip[10][0] * 1000.0]


@pytest.mark.models
def test_a_frame_without_a_person_is_tracked_as_a_dropout_and_nothing_breaks(
    lightning_installed: None,
) -> None:
    processor = LiveSessionProcessor()
    processor.begin_set(SQUAT_SET, ExerciseTracker(load_library().exercise("squat")))
    empty_room = np.full((480, 640, 3), 90, np.uint8)
    try:
        assert processor.wait_until_ready(WAIT_S), processor.detector_error
        for index in range(3):
            processor.process_frame(empty_room, index * 33.0)
            _wait_processed(processor, index + 1)
    finally:
        processor.close()
    latest = processor.latest()
    assert latest is not None and latest.person_seen is False
    assert latest.state.reps_completed == 0 and latest.state.pose_visible is False
    assert processor.event_records.empty()


@pytest.mark.models
def test_a_tab_left_without_frames_frees_the_model_and_a_returning_camera_gets_it_back(
    squat_clip: Clip, lightning_installed: None
) -> None:
    processor = LiveSessionProcessor(idle_timeout_s=0.5)
    try:
        processor.process_frame(squat_clip[0][1], 0.0)
        _wait_processed(processor, 1)
        deadline = time.monotonic() + WAIT_S
        while processor.running:  # no frame for longer than the idle timeout
            assert time.monotonic() < deadline, "the idle worker kept the model"
            time.sleep(0.05)
        processor.process_frame(squat_clip[1][1], squat_clip[1][0] * 1000.0)
        _wait_processed(processor, 2)
        assert processor.running
    finally:
        processor.close()
