"""Real browser: an exercise that counts on a point the pose model lacks cannot start a set.

``coach app`` runs on a copy of the library in which the squat's hip descent is measured to the
heels (BlazePose-only points, :mod:`tests.support.heel_library`). The demo patient practises the
squat with the default pose model (MoveNet Lightning, COCO-17): the page says in plain words
what is missing and how to fix it, and "Start set" stays disabled. Screenshots at desktop
(1280x900) and phone (390x844) size go to ``artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import browser, live_page
from tests.support.heel_library import heel_counted_library

pytestmark = [pytest.mark.browser, pytest.mark.models, pytest.mark.timeout(600)]

PATIENT = ("demo_ana", "demo-ana-pw")
REFUSAL = "Squat cannot be counted with the pose model movenet-lightning"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[browser.AppServer]:
    browser.require_chromium()
    folder = tmp_path_factory.mktemp("app")
    library = heel_counted_library(folder / "exercises")
    with browser.app_server(
        f"sqlite:///{folder / 'coach.db'}",
        extra_env={"COACH_EXERCISES_DIR": str(library)},
        log_name="backend-refusal-e2e.log",
    ) as running:
        yield running


@pytest.mark.parametrize(("size", "window_px"), [("desktop", (1280, 900)), ("phone", (390, 844))])
def test_a_squat_counted_on_heels_cannot_start_on_movenet(
    server: browser.AppServer, size: str, window_px: tuple[int, int]
) -> None:
    from selenium.webdriver.common.by import By

    with browser.chromium(window_px=window_px) as driver:
        browser.sign_in(driver, server.url, *PATIENT)
        browser.open_page(driver, "Exercise now")
        browser.wait_for_text(driver, "Practise one exercise")
        browser.choose_option(driver, "Exercise", "Squat")
        live_page.click(driver, "Practise")
        browser.wait_for_text(driver, REFUSAL, timeout_s=150.0)
        text = driver.find_element(By.CSS_SELECTOR, "[data-testid='stMain']").text
        assert "it needs to see your left heel and right heel" in text
        assert "Choose a BlazePose model under Settings" in text
        start = driver.find_element(
            By.XPATH, "//button[starts-with(normalize-space(), 'Start set')]"
        )
        assert not start.is_enabled()
        skip = driver.find_element(By.XPATH, "//button[normalize-space()='Skip this exercise']")
        assert skip.is_enabled()  # the patient can go on with the rest of the session
        # The live page's panel loop keeps the script running, so the page never goes idle:
        # capture the viewport as the patient sees it.
        shot: Path = browser.artifacts_dir() / f"backend-refusal-{size}.png"
        assert driver.save_screenshot(str(shot))
