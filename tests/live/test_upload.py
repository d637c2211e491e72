"""Upload instead of the webcam: the same analysis on a file, stored through the service."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.exercises.library import load_library
from coach.live.plan import single_exercise_plan
from coach.live.upload import analyze_upload, in_memory_file, store_report
from coach.pose import create_detector
from coach.session.video import VideoError
from coach.store import ClinicService, SessionStatus, UserInfo


@pytest.mark.models
def test_an_uploaded_squat_video_is_counted_and_stored_as_a_completed_session(
    tfjs_media: Path, patient: tuple[ClinicService, UserInfo], lightning_installed: None
) -> None:
    service, user = patient
    library = load_library()
    (item,) = single_exercise_plan(library.exercise("squat"), sets=1)
    progress: list[tuple[int, int]] = []
    data = (tfjs_media / "pose_squats.mp4").read_bytes()
    with in_memory_file(data, ".mp4") as path, create_detector("movenet-lightning") as detector:
        report = analyze_upload(path, item, library, detector, lambda d, t: progress.append((d, t)))
    assert not path.exists()  # the upload is gone as soon as it is analysed
    assert progress[-1] == (65, 65)
    detail = store_report(service, user.id, item, report, backend="movenet-lightning")
    assert report.reps_completed == 2
    assert detail.session.status is SessionStatus.COMPLETED
    (stored,) = detail.sets
    assert (stored.exercise_key, stored.achieved_reps, stored.target_reps) == ("squat", 2, 10)
    assert [rep.rep_index for rep in stored.reps] == [0, 1]


@pytest.mark.models
def test_a_file_that_is_not_a_video_is_refused_with_a_clear_error(
    lightning_installed: None,
) -> None:
    library = load_library()
    (item,) = single_exercise_plan(library.exercise("squat"))
    with (
        in_memory_file(b"this is a shopping list, not a video", ".mp4") as path,
        create_detector("movenet-lightning") as detector,
        pytest.raises(VideoError, match="coach-upload-"),
    ):
        analyze_upload(path, item, library, detector)
