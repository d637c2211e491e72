"""Scaling out: two ``coach app`` instances on one database, a session recorded through each at
once, and the therapist sees both, complete, from either instance.

Each instance is a real ``coach app`` process (its own lease and server id). The demo patient
uploads ``shared/media/tfjs/pose_squats.mp4`` through each instance at the same time (the
video is analysed and recorded by that instance's process); then the demo therapist opens the
patient's progress on each instance and finds both sessions, completed, with the reps the
database holds. Runs on one SQLite file and, when the server binaries exist, on PostgreSQL
(what a clinic uses behind a proxy with sticky sessions).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coach.store import Actor, ClinicService, SessionStatus, open_database
from tests.e2e import browser
from tests.support.pg_server import PostgresServer, find_server_bin
from tests.support.resources import require

# models: each instance analyses the uploaded clip with the pose model (in its own process,
# where the detector guard in tests/conftest.py cannot see it).
pytestmark = [
    pytest.mark.browser, pytest.mark.shared, pytest.mark.models, pytest.mark.timeout(900)
]

PATIENT = ("demo_ana", "demo-ana-pw")
THERAPIST = ("demo_therapist", "demo-therapist-pw")
UPLOAD_TIMEOUT_S = 300.0


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'coach.db'}"
        return
    bin_dir = find_server_bin()
    require(bin_dir is not None, "PostgreSQL server binaries not found")
    assert bin_dir is not None
    with PostgresServer(bin_dir) as server:
        yield server.create_database("scaleout")


def _upload(driver: Any, url: str, clip: Path, outcome: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By

    try:
        browser.sign_in(driver, url, *PATIENT)
        browser.open_page(driver, "Upload a video")
        browser.wait_for_text(driver, "Which exercise is in the video?")
        # the clip is squats: counted as squats (another exercise's start posture never holds)
        browser.choose_option(driver, "Which exercise is in the video?", "Squat")
        driver.find_element(By.CSS_SELECTOR, "input[type='file']").send_keys(str(clip))
        browser.wait_for_text(driver, "Count my exercise")
        driver.find_element(By.XPATH, "//button[normalize-space()='Count my exercise']").click()
        browser.wait_for_text(driver, "Saved. Your therapist", timeout_s=UPLOAD_TIMEOUT_S)
        outcome[url] = "saved"
    except Exception as error:  # reported by the main thread with the instance's URL
        outcome[url] = f"{type(error).__name__}: {error}"


def _remuxed_copy(source: Path, target: Path) -> Path:
    """The same frames in a new file (packets copied, a title added): the app refuses to store
    one file twice for a patient, so each instance gets its own recording of the same squats."""
    import av

    with av.open(str(source)) as original, av.open(str(target), mode="w") as copy:
        copy.metadata["title"] = "second recording"
        video = original.streams.video[0]
        stream = copy.add_stream_from_template(video)
        for packet in original.demux(video):
            if packet.dts is None:
                continue
            packet.stream = stream
            copy.mux(packet)
    return target


def test_sessions_recorded_through_two_instances_are_seen_by_the_therapist_on_either(
    database_url: str, tfjs_media: Path, tmp_path: Path
) -> None:

    browser.require_chromium()
    clip = tfjs_media / "pose_squats.mp4"
    clips = (clip, _remuxed_copy(clip, tmp_path / "pose_squats_again.mp4"))
    with ExitStack() as stack:
        first = stack.enter_context(browser.app_server(database_url, log_name="scale-a.log"))
        second = stack.enter_context(
            browser.app_server(database_url, demo=False, log_name="scale-b.log")
        )
        drivers = [stack.enter_context(browser.chromium()) for _ in range(2)]
        outcome: dict[str, str] = {}
        uploads = [
            threading.Thread(target=_upload, args=(driver, server.url, upload_clip, outcome))
            for driver, server, upload_clip in zip(drivers, (first, second), clips, strict=True)
        ]
        for upload in uploads:
            upload.start()
        for upload in uploads:
            upload.join(UPLOAD_TIMEOUT_S + 120)
        assert outcome == {first.url: "saved", second.url: "saved"}

        db = open_database(database_url, create=False)
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, server_id, status FROM sessions WHERE is_demo = false ORDER BY id"
            )).all()  # fmt: skip
            servers = {str(r[0]) for r in conn.execute(text("SELECT id FROM app_servers"))}
        assert len(rows) == 2 and {r.server_id for r in rows} == servers  # one per instance
        history = ClinicService(db, Actor.system("tests")).history
        details = [history.session_detail(r.id) for r in rows]
        assert all(d.session.status is SessionStatus.COMPLETED for d in details)
        reps = [sum(len(s.reps) for s in d.sets) for d in details]
        assert reps[0] == reps[1] >= 1  # the same clip through the same pipeline
        db.close()
        labels = [
            f"{d.session.started_at:%a %d %b %Y, %H:%M} · "
            f"{d.session.routine_name or 'free session'} · {d.session.rep_count} reps · completed"
            for d in details
        ]

        for server in (first, second):
            with browser.chromium() as driver:
                browser.sign_in(driver, server.url, *THERAPIST)
                browser.wait_until_idle(driver)
                browser.click_first_grid_row(driver)  # Ana, the first patient
                browser.wait_for_text(driver, "Session detail")
                options = browser.select_options(driver, "Session")
                for label in labels:
                    assert label in options, (server.url, label, options[:5])
