"""Two patients coached at once by one server, each in their own headless Chromium.

``coach app`` runs once; the demo patients Ana and Ben sign in from two browsers whose fake
webcams play the squat clip (640×480, 30 fps), start their prescribed routine and their camera,
and are then coached side by side. Each page shows its processor's own figures
(``Camera 30 fps · analysed 27 fps``); both must analyse at least
:data:`MIN_PROCESSED_FPS` frames per second at the median while the other runs. The figures go
to ``artifacts/two-patients-metrics.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from tests.e2e import browser, live_page
from tests.e2e.fake_camera import FakeCameraClip

pytestmark = [pytest.mark.browser, pytest.mark.shared, pytest.mark.models, pytest.mark.timeout(600)]

PATIENTS = (("demo_ana", "demo-ana-pw"), ("demo_ben", "demo-ben-pw"))
#: Issue 12: each of two concurrent patients analysed at ≥ 15 fps on the 2-core machine.
MIN_PROCESSED_FPS = 15.0
#: How long both cameras run side by side while the figures are sampled.
SIDE_BY_SIDE_S = 20.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[browser.AppServer]:
    browser.require_chromium()
    database_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'coach.db'}"
    with browser.app_server(database_url, log_name="two-patients-e2e.log") as running:
        yield running


def _start_routine_with_camera(driver: Any, server: browser.AppServer, user: str, pw: str) -> int:
    """Sign in, start the prescribed routine, start the camera; returns the start tries."""
    browser.sign_in(driver, server.url, user, pw)
    browser.wait_for_text(driver, "Sessions this week")
    browser.open_page(driver, "Exercise now")
    browser.wait_for_text(driver, "Practise one exercise")
    browser.wait_until_idle(driver)
    live_page.click(driver, "Start")
    browser.wait_for_text(driver, "Start set 1", timeout_s=180)
    return live_page.start_camera(driver)


def test_two_patients_at_once_are_each_analysed_at_15_fps_or_more(
    server: browser.AppServer, fake_camera: FakeCameraClip
) -> None:
    with ExitStack() as stack:
        drivers = []
        tries = []
        for user, password in PATIENTS:
            driver = stack.enter_context(browser.chromium(fake_camera=fake_camera.path))
            tries.append(_start_routine_with_camera(driver, server, user, password))
            drivers.append(driver)
        time.sleep(3.0)  # both streams settled
        samples: dict[str, list[dict[str, float]]] = {user: [] for user, _ in PATIENTS}
        deadline = time.monotonic() + SIDE_BY_SIDE_S
        while time.monotonic() < deadline:
            for (user, _), driver in zip(PATIENTS, drivers, strict=True):
                samples[user].append(live_page.throughput(driver))
            time.sleep(0.5)
        for (user, _), driver in zip(PATIENTS, drivers, strict=True):
            driver.save_screenshot(str(browser.artifacts_dir() / f"two-patients-{user}.png"))
    figures: dict[str, Any] = {
        user: {
            "processed_fps_median": statistics.median(s["processed_fps"] for s in rows),
            "processed_fps_min": min(s["processed_fps"] for s in rows),
            "callback_fps_median": statistics.median(s["callback_fps"] for s in rows),
            "skeleton_delay_ms_median": statistics.median(s["skeleton_delay_ms"] for s in rows),
            "samples": len(rows),
        }
        for user, rows in samples.items()
    }
    figures["start_tries"] = tries
    figures["load_average_1min"] = os.getloadavg()[0]
    figures["cpu_count"] = os.cpu_count() or 0
    path = browser.artifacts_dir() / "two-patients-metrics.json"
    path.write_text(json.dumps(figures, indent=2))
    for user, _ in PATIENTS:
        assert figures[user]["samples"] >= 10, figures
        assert figures[user]["processed_fps_median"] >= MIN_PROCESSED_FPS, figures
