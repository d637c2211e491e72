"""Upload instead of the webcam: the same analysis on a file, stored through the service."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from coach.exercises.library import load_library
from coach.live.plan import single_exercise_plan
from coach.live.upload import (
    NobodyInVideoError,
    analyze_upload,
    content_sha256,
    earlier_upload,
    in_memory_file,
    store_upload,
)
from coach.pose import create_detector
from coach.session.video import VideoError
from coach.store import ClinicService, DuplicateError, SessionStatus, UserInfo


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
        analysis = analyze_upload(
            path, item, library, detector, lambda d, t: progress.append((d, t))
        )
    assert not path.exists()  # the upload is gone as soon as it is analysed
    assert progress[-1] == (65, 65)
    assert analysis.person_seen
    detail = store_upload(
        service, user.id, item, analysis, backend="movenet-lightning",
        source_sha256=content_sha256(data),
    )  # fmt: skip
    assert analysis.exercise.reps_completed == 2
    assert detail.session.status is SessionStatus.COMPLETED
    (stored,) = detail.sets
    assert (stored.exercise_key, stored.achieved_reps, stored.target_reps) == ("squat", 2, 10)
    assert [stored_rep.rep.index for stored_rep in stored.reps] == [1, 2]
    for stored_rep, analysed in zip(stored.reps, analysis.exercise.reps, strict=True):
        # every field of the analyzer's rep comes back (times to the whole millisecond)
        assert stored_rep.rep.side == analysed.side == "both"
        assert stored_rep.rep.peak_ms == round(analysed.peak_ms)
        assert stored_rep.rep.signal_peak == pytest.approx(analysed.signal_peak)
        assert stored_rep.rep.rom_max_deg == pytest.approx(analysed.rom_max_deg)
        assert stored_rep.rep.eccentric_s == pytest.approx(analysed.eccentric_s, abs=0.001)


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


@pytest.mark.models
def test_the_same_video_uploaded_twice_is_stored_once_and_counts_once(
    tfjs_media: Path, patient: tuple[ClinicService, UserInfo], lightning_installed: None
) -> None:
    service, user = patient
    library = load_library()
    (item,) = single_exercise_plan(library.exercise("squat"), sets=1)
    data = (tfjs_media / "pose_squats.mp4").read_bytes()
    digest = content_sha256(data)
    assert earlier_upload(service, user.id, digest) is None
    with in_memory_file(data, ".mp4") as path, create_detector("movenet-lightning") as detector:
        analysis = analyze_upload(path, item, library, detector)
    first = store_upload(
        service, user.id, item, analysis, backend="movenet-lightning", source_sha256=digest
    )
    earlier = earlier_upload(service, user.id, digest)
    assert earlier is not None and earlier.id == first.session.id
    with pytest.raises(DuplicateError, match="already uploaded"):
        store_upload(
            service, user.id, item, analysis, backend="movenet-lightning", source_sha256=digest
        )
    (stored,) = service.history.sessions_for(user.id)
    assert stored.counts
    assert service.history.adherence(user.id, weeks=1)[-1].sessions_done == 1


def _empty_room_video(frames: int = 15) -> bytes:
    """An MP4 of a plain, slightly noisy wall: a video in which nobody can be seen."""
    import av

    rng = np.random.default_rng(3)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=5)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for _ in range(frames):
            wall = np.full((240, 320, 3), 200, np.uint8)
            wall += rng.integers(0, 8, wall.shape, dtype=np.uint8)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(wall, format="rgb24")))
        container.mux(stream.encode(None))
    return buffer.getvalue()


@pytest.mark.models
def test_a_video_in_which_nobody_is_seen_saves_nothing(
    patient: tuple[ClinicService, UserInfo], lightning_installed: None
) -> None:
    service, user = patient
    library = load_library()
    (item,) = single_exercise_plan(library.exercise("squat"), sets=1)
    data = _empty_room_video()
    with in_memory_file(data, ".mp4") as path, create_detector("movenet-lightning") as detector:
        analysis = analyze_upload(path, item, library, detector)
    assert analysis.frames == 15
    assert not analysis.person_seen
    with pytest.raises(NobodyInVideoError, match="0 of 15 frames"):
        store_upload(
            service, user.id, item, analysis, backend="movenet-lightning",
            source_sha256=content_sha256(data),
        )  # fmt: skip
    assert service.history.sessions_for(user.id) == []
