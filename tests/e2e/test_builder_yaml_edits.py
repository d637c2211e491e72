"""Real browser: a YAML-tab edit of the routine's name and id survives reruns and is what Save
stores; a Save refused for a YAML error keeps the therapist on the YAML tab.

The demo therapist types a whole routine into the builder's YAML tab (a new name and id), then
does what a busy therapist does next: searches the exercise library (a rerun), looks at the
Builder tab, comes back to the YAML tab, and saves. The stored routine must carry the typed name
and id, and the name and id fields above the tabs must show them. Then an invalid edit and
Save: the page must say the error is in the YAML tab and stay on that tab. Last, *New*: the
fields above the tabs must empty and stay empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.store import Actor, ClinicService, open_database
from tests.e2e import browser

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

THERAPIST = ("demo_therapist", "demo-therapist-pw")
YAML_BOX = "textarea[aria-label='Routine YAML']"
NEW_NAME = "Knee strength - week 2"
NEW_ID = "knee_strength_w2"
TYPED_ROUTINE = (
    f"id: {NEW_ID}\nname: {NEW_NAME}\ndescription: Two squat sets\n"
    "exercises:\n- exercise: squat\n  sets: 2\n  reps: 8\n"
)
BROKEN_ROUTINE = f"id: {NEW_ID}\nname: {NEW_NAME}\nexercises:\n- exercise: squat\n  sets: 0\n"


def _tab(driver: Any, label: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.XPATH, f"//*[@role='tab'][normalize-space()='{label}']")


def _open_tab(driver: Any, label: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: _tab(d, label))
    _tab(driver, label).click()
    browser.wait_until_idle(driver)
    WebDriverWait(driver, 30).until(lambda d: _is_open(d, label))


def _is_open(driver: Any, label: str) -> bool:
    return bool(_tab(driver, label).get_attribute("aria-selected") == "true")


def _yaml_box(driver: Any) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, YAML_BOX)


def _type_yaml(driver: Any, text: str) -> None:
    """Select all in the YAML box, type ``text`` and apply it (Ctrl+Enter), as a user does."""
    from selenium.webdriver.common.keys import Keys

    box = _yaml_box(driver)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    browser.wait_until_idle(driver)


def _input_value(driver: Any, label: str) -> str:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, f"input[aria-label='{label}']")
    return str(box.get_attribute("value"))


def _stored(database_url: str) -> dict[str, tuple[str, int]]:
    db = open_database(database_url, create=False)
    try:
        routines = ClinicService(db, Actor.system("tests")).plans.list_routines()
        return {r.routine_key: (r.name, r.version) for r in routines}
    finally:
        db.close()


def test_a_yaml_edit_of_name_and_id_survives_reruns_and_is_what_save_stores(
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.require_chromium()
    database_url = f"sqlite:///{tmp_path / 'coach.db'}"
    with (
        browser.app_server(database_url, log_name="builder-yaml-edits-e2e.log") as server,
        browser.chromium(window_px=(1280, 900)) as driver,
    ):
        browser.sign_in(driver, server.url, *THERAPIST)
        browser.open_page(driver, "Routine builder")
        browser.wait_for_text(driver, "Exercise library")
        browser.wait_until_idle(driver)
        assert NEW_ID not in _stored(database_url)
        _open_tab(driver, "YAML")
        _type_yaml(driver, TYPED_ROUTINE)
        browser.wait_for_text(driver, "1 exercise(s)")

        # Look at the Builder tab and search the library there (a rerun), then come back.
        _open_tab(driver, "Builder")
        search = driver.find_element(By.CSS_SELECTOR, "input[aria-label='Search exercises']")
        search.send_keys("knee", Keys.ENTER)
        browser.wait_until_idle(driver)
        _open_tab(driver, "YAML")
        typed = str(_yaml_box(driver).get_attribute("value"))
        assert f"name: {NEW_NAME}" in typed and f"id: {NEW_ID}" in typed, typed
        assert _input_value(driver, "Routine name") == NEW_NAME
        assert _input_value(driver, "Routine id") == NEW_ID

        driver.find_element(By.XPATH, "//button[contains(., 'Save as new version')]").click()
        browser.wait_for_text(driver, f"Saved {NEW_NAME} as version 1")
        browser.save_screenshot(driver, "builder-yaml-edit-saved")
        assert _stored(database_url)[NEW_ID] == (NEW_NAME, 1)

        # A YAML error, then Save: refused, the message says where, the YAML tab stays open.
        _open_tab(driver, "YAML")
        _type_yaml(driver, BROKEN_ROUTINE)
        browser.wait_for_text(driver, "Exercise 1, sets: should be at least 1")
        driver.find_element(By.XPATH, "//button[contains(., 'Save as new version')]").click()
        browser.wait_for_text(driver, "Not saved: the YAML tab has an error")
        browser.wait_until_idle(driver)
        assert _is_open(driver, "YAML")
        assert _yaml_box(driver).is_displayed()
        assert _yaml_box(driver).get_attribute("value").rstrip() == BROKEN_ROUTINE.rstrip()
        browser.save_screenshot(driver, "builder-yaml-error-save")
        assert _stored(database_url)[NEW_ID] == (NEW_NAME, 1)

        # New empties the fields above the tabs, and they stay empty through the next rerun.
        driver.find_element(By.XPATH, "//button[contains(., 'New')]").click()
        browser.wait_until_idle(driver)
        assert _input_value(driver, "Routine name") == _input_value(driver, "Routine id") == ""
        _open_tab(driver, "Builder")
        search = driver.find_element(By.CSS_SELECTOR, "input[aria-label='Search exercises']")
        search.send_keys(Keys.CONTROL, "a")
        search.send_keys("squat", Keys.ENTER)
        browser.wait_until_idle(driver)
        assert _input_value(driver, "Routine name") == _input_value(driver, "Routine id") == ""
        _open_tab(driver, "YAML")
        assert "id: new_routine" in str(_yaml_box(driver).get_attribute("value"))
