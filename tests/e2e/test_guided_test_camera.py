"""Real browser: a standard test's countdown waits for the camera set-up check.

``coach app`` on an empty SQLite database (demo-seeded at start: both demo patients have tests
assigned). Headless Chromium plays ``shared/media/tfjs/pose_squats.mp4`` as the webcam: a woman
facing the camera, head to feet in view. For Ben's 4-stage balance test (front view, whole
body) the check passes and *I'm in place* starts the countdown. For Ana's 30-second chair stand
(side view) the same picture fails the check: the panel says to turn sideways, and *I'm in
place* is answered with "Not yet." and the same words, and the run stays in set-up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e import browser, live_page
from tests.e2e.fake_camera import FakeCameraClip

pytestmark = [pytest.mark.browser, pytest.mark.shared, pytest.mark.models, pytest.mark.timeout(600)]

#: Time for the check of the latest analysed frame to reach the panel (refreshed every 0.25 s).
CHECK_WAIT_S = 20.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[browser.AppServer]:
    browser.require_chromium()
    database_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'coach.db'}"
    with browser.app_server(database_url, log_name="guided-test-camera-e2e.log") as running:
        yield running


def _set_up(driver: Any, server: browser.AppServer, user: str, test_name: str) -> None:
    browser.sign_in(driver, server.url, user, user.replace("_", "-") + "-pw")
    browser.open_page(driver, "My tests")
    browser.wait_for_text(driver, test_name)
    live_page.click(driver, "Set up the camera")
    browser.wait_for_text(driver, "I'm in place", timeout_s=180)
    live_page.start_camera(driver)


def _press_in_place(driver: Any) -> None:
    """Press *I'm in place* (by script: the live panel above it is redrawn 4 times a second)."""
    from selenium.webdriver.common.by import By

    (button,) = driver.find_elements(By.XPATH, "//button[contains(normalize-space(.), 'in place')]")
    driver.execute_script("arguments[0].scrollIntoView(); arguments[0].click();", button)


def _wait_for_check(driver: Any, ok: bool) -> str:
    deadline = time.monotonic() + CHECK_WAIT_S
    text = ""
    while time.monotonic() < deadline:
        text = live_page.coach_value(driver, "guided-camera")
        if text.startswith("Good, I can see you") == ok and "Waiting" not in text:
            return text
        time.sleep(0.25)
    raise AssertionError(f"camera check never {'passed' if ok else 'failed'}: {text!r}")


def test_the_balance_test_counts_down_once_the_camera_sees_the_whole_body(
    server: browser.AppServer, fake_camera: FakeCameraClip
) -> None:
    with browser.chromium(fake_camera=fake_camera.path) as driver:
        _set_up(driver, server, "demo_ben", "4-stage balance test")
        assert _wait_for_check(driver, ok=True) == "Good, I can see you. You are ready."
        _press_in_place(driver)
        deadline = time.monotonic() + 30.0
        while live_page.coach_value(driver, "guided-phase") not in ("Get ready", "Go"):
            assert time.monotonic() < deadline, live_page.coach_value(driver, "guided-said")
            time.sleep(0.25)
        # The run page polls while it is open, so it never idles: the viewport as it is.
        driver.save_screenshot(str(browser.artifacts_dir() / "guided-test-countdown.png"))


def test_the_chair_stand_does_not_count_down_while_the_camera_sees_the_front(
    server: browser.AppServer, fake_camera: FakeCameraClip
) -> None:
    with browser.chromium(fake_camera=fake_camera.path) as driver:
        _set_up(driver, server, "demo_ana", "30-second chair stand")
        shown = _wait_for_check(driver, ok=False)
        assert "Turn sideways so the camera sees your side." in shown
        _press_in_place(driver)
        time.sleep(2.0)
        said = live_page.coach_value(driver, "guided-said")
        assert said.startswith("Not yet.") and "Turn sideways" in said
        assert live_page.coach_value(driver, "guided-phase") == "Get in place"
        driver.save_screenshot(str(browser.artifacts_dir() / "guided-test-camera-refused.png"))
