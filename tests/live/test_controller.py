"""A whole live session on the real clip: counted, stored as it happens, summarised, resumed."""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt
import pytest

from coach.exercises.library import load_library
from coach.live.controller import LiveSessionController, resumable_sessions
from coach.live.flow import Phase
from coach.live.plan import single_exercise_plan
from coach.store import (
    ClinicService,
    Database,
    PermissionDeniedError,
    SessionStatus,
    UserInfo,
    authenticate,
)
from coach.store.lifecycle import mark_dangling_sessions_interrupted
from tests.support.accounts import PASSWORD

Clip = list[tuple[float, npt.NDArray[np.uint8]]]
WAIT_S = 60.0


def _play(controller: LiveSessionController, clip: Clip) -> None:
    """Feed the clip as a camera would, letting the worker keep up with every frame."""
    processor = controller.processor
    assert processor.wait_until_ready(WAIT_S), processor.detector_error
    start = processor.stats().frames_processed
    for count, (time_s, frame) in enumerate(clip, start=1):
        controller.on_frame(frame, time_s)
        deadline = time.monotonic() + WAIT_S
        while processor.stats().frames_processed < start + count:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        controller.poll()


@pytest.mark.models
def test_a_squat_set_is_counted_stored_rep_by_rep_and_summarised(
    db: Database, patient: tuple[ClinicService, UserInfo], squat_clip: Clip,
    lightning_installed: None,
) -> None:  # fmt: skip
    service, user = patient
    plan = single_exercise_plan(load_library().exercise("squat"), sets=2)
    controller = LiveSessionController(service=service, patient_id=user.id, plan=plan)
    try:
        assert controller.phase is Phase.READY
        set_ref = controller.start_set()
        _play(controller, squat_clip)
        shown_reps = controller.reps_in_current_set()
        assert controller.recorder.flush(WAIT_S)
        stored_before_finish = service.history.session_detail(controller.session_id).sets[0].reps
        controller.finish_set()
        assert controller.phase is Phase.REST and controller.flow.set_number == 2
        summary = controller.finish()
    finally:
        controller.abandon()
    assert shown_reps == 2 == len(stored_before_finish)  # stored as they happened
    assert summary.session.status is SessionStatus.COMPLETED
    (stored_set,) = summary.sets
    assert (stored_set.exercise_key, stored_set.set_index, stored_set.achieved_reps) == (
        "squat", set_ref.set_index - 1, 2,
    )  # fmt: skip
    assert [stored.rep.index for stored in stored_set.reps] == [1, 2]
    assert all(stored.rep.rom_max_deg > 45 for stored in stored_set.reps)  # NaN fails
    assert all(
        stored.rep.start_ms < stored.rep.peak_ms < stored.rep.end_ms for stored in stored_set.reps
    )


@pytest.mark.models
def test_a_session_left_open_can_be_resumed_after_the_sets_already_done(
    db: Database, patient: tuple[ClinicService, UserInfo], squat_clip: Clip,
    lightning_installed: None,
) -> None:  # fmt: skip
    service, user = patient
    plan = single_exercise_plan(load_library().exercise("squat"), sets=3)
    first = LiveSessionController(service=service, patient_id=user.id, plan=plan)
    try:
        first.start_set()
        _play(first, squat_clip[:25])  # one squat, then the tab is closed mid-set
        first.recorder.flush(WAIT_S)
    finally:
        first.abandon()
    assert mark_dangling_sessions_interrupted(db) == 1  # what the next app start does
    (resumable,) = resumable_sessions(service, user.id)
    assert resumable.id == first.session_id and resumable.status is SessionStatus.INTERRUPTED
    second = LiveSessionController(service=service, patient_id=user.id, plan=plan, resume=resumable)
    try:
        assert second.session_id == first.session_id
        assert second.flow.set_number == 2  # the interrupted set counts as done
        kept = service.history.session_detail(second.session_id).sets[0]
        assert kept.achieved_reps == 1
        summary = second.finish()
    finally:
        second.abandon()
    assert summary.session.status is SessionStatus.COMPLETED


@pytest.mark.models
def test_a_camera_that_drops_out_and_restarts_its_clock_keeps_counting_the_same_set(
    db: Database, patient: tuple[ClinicService, UserInfo], squat_clip: Clip,
    lightning_installed: None,
) -> None:  # fmt: skip
    service, user = patient
    plan = single_exercise_plan(load_library().exercise("squat"), sets=1)
    controller = LiveSessionController(service=service, patient_id=user.id, plan=plan)
    try:
        controller.start_set()
        _play(controller, squat_clip[:25])  # the first squat, then the camera is unplugged
        restart_s = squat_clip[25][0]
        restarted = [(time_s - restart_s, frame) for time_s, frame in squat_clip[25:]]
        _play(controller, restarted)  # a new stream whose timestamps start again at zero
        controller.finish_set()
        summary = controller.finish()
    finally:
        controller.abandon()
    assert controller.view.frame_errors == 0
    assert summary.sets[0].achieved_reps == 2


@pytest.mark.models  # the controller starts the processor, whose worker loads the model
def test_a_visit_without_any_set_stores_no_session(
    db: Database, patient: tuple[ClinicService, UserInfo], lightning_installed: None
) -> None:
    service, user = patient
    plan = single_exercise_plan(load_library().exercise("squat"), sets=1)
    controller = LiveSessionController(service=service, patient_id=user.id, plan=plan)
    assert controller.finish() is None
    assert controller.finished and controller.session_id is None
    assert service.history.sessions_for(user.id) == []


@pytest.mark.models
def test_an_alternating_exercise_numbers_its_reps_in_the_order_they_finish(
    db: Database, patient: tuple[ClinicService, UserInfo], squat_clip: Clip,
    lightning_installed: None,
) -> None:  # fmt: skip
    service, user = patient
    plan = single_exercise_plan(load_library().exercise("elbow_curl"), sets=1)
    controller = LiveSessionController(service=service, patient_id=user.id, plan=plan)
    try:
        controller.start_set()
        _play(controller, squat_clip + [(t + 13.0, f) for t, f in squat_clip])  # two passes
        shown = controller.reps_in_current_set()
        controller.finish_set()
        summary = controller.finish()
    finally:
        controller.abandon()
    assert summary is not None and controller.recorder is not None
    assert controller.recorder.failed_writes == 0
    (stored,) = summary.sets
    assert shown >= 2 and stored.achieved_reps == shown
    assert [stored_rep.rep.index for stored_rep in stored.reps] == list(range(1, shown + 1))


@pytest.mark.models  # the controller starts the processor, whose worker loads the model
def test_a_set_the_store_refuses_has_not_begun_and_the_patient_can_still_finish(
    db: Database, patient: tuple[ClinicService, UserInfo], lightning_installed: None
) -> None:
    service, user = patient
    plan = single_exercise_plan(load_library().exercise("squat"), sets=1)
    controller = LiveSessionController(service=service, patient_id=user.id, plan=plan)
    therapist = ClinicService(db, authenticate(db, "thera", PASSWORD))
    (squat,) = [a for a in therapist.allowances.allowed_exercises(user.id)
                if a.exercise_key == "squat"]  # fmt: skip
    therapist.allowances.revoke_exercise(squat.id)  # while the page was open
    try:
        with pytest.raises(PermissionDeniedError, match="'squat'"):
            controller.start_set()
        assert controller.phase is Phase.READY  # not tracking a set that is not stored
        summary = controller.finish()
        assert summary is None or not summary.sets
    finally:
        controller.abandon()
    assert all(not detail.sets for detail in (
        service.history.session_detail(s.id) for s in service.history.sessions_for(user.id)
    ))  # fmt: skip
