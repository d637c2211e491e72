"""Real browser: the demo therapist signs in and opens a patient's progress dashboard.

Runs ``coach app`` on an empty temporary SQLite database (so the first start migrates and seeds
the demo clinic, exactly as a new installation does), drives headless Chromium, checks that the
plotly charts were drawn, and saves screenshots under ``artifacts/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e import browser

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def _plot_count(driver: Any) -> int:
    from selenium.webdriver.common.by import By

    return len(driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"))


def test_the_demo_therapist_sees_a_patients_charts_in_a_real_browser(tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.require_chromium()
    with (
        browser.app_server(
            f"sqlite:///{tmp_path / 'coach.db'}", log_name="therapist-e2e.log"
        ) as server,
        browser.chromium() as driver,
    ):
        log = server.log_path.read_text()
        assert "demo_therapist" in log and "demo-therapist-pw" in log  # printed at first start

        browser.sign_in(driver, server.url, "demo_therapist", "demo-therapist-pw")
        browser.wait_for_text(driver, "Select a patient to open their progress.")
        browser.save_screenshot(driver, "therapist-patients")
        browser.wait_until_idle(driver)

        # One click on the first patient's row opens their progress.
        browser.click_first_grid_row(driver)
        browser.wait_for_text(driver, "Sessions done per day")
        assert driver.current_url.endswith("/progress")
        # Adherence calendar, reps vs prescription and ROM for the first exercise at least.
        WebDriverWait(driver, 30).until(lambda d: _plot_count(d) >= 3)
        assert "Every repetition" in driver.page_source
        shot = browser.save_screenshot(driver, "therapist-progress")
        assert shot.stat().st_size > 50_000

        browser.open_page(driver, "Routine builder")
        browser.wait_for_text(driver, "Exercise library")
        browser.save_screenshot(driver, "therapist-routine-builder")

        # Every file the browser asked for was served (the favicon once failed with a 500).
        assert "Exception in ASGI application" not in server.log_path.read_text()


def _sidebar_titles(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    links = driver.find_elements(By.CSS_SELECTOR, "[data-testid='stSidebarNavLink']")
    return [link.text.splitlines()[-1] for link in links]  # the first line is the icon name


def test_a_patient_who_types_a_therapist_address_gets_their_own_home_page(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.require_chromium()
    with (
        browser.app_server(
            f"sqlite:///{tmp_path / 'coach.db'}", log_name="patient-url-e2e.log"
        ) as server,
        browser.chromium() as driver,
    ):
        # Open the therapist's progress address directly, then sign in as a patient there.
        browser.sign_in(driver, f"{server.url}/progress", "demo_ana", "demo-ana-pw")
        browser.wait_until_idle(driver)
        titles = _sidebar_titles(driver)
        assert "My account" in titles
        assert not {"Patients", "Progress", "Routine builder", "Prescribe", "Users"} & set(titles)
        headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h1")]
        assert headings and "Progress" not in headings
        assert not driver.find_elements(By.XPATH, "//*[contains(text(), 'Ben Example')]")
        browser.save_screenshot(driver, "patient-at-therapist-address")
