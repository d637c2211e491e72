"""The Routine builder's YAML tab survives hostile input in a real browser.

The demo therapist opens the builder's YAML tab and puts in, one after the other, an alias cycle,
a billion-laughs bomb, 5,000 levels of nesting, binary junk and a 1 MB string. Each time the
page must show one plain error that names the line (no traceback, no exception box), *Save*
must store nothing and say why, and the page must stay responsive: putting the valid YAML back
is answered with "The YAML is valid." and the builder's "1 exercise(s)" within
:data:`RESPONSIVE_S`.

The text is set the way a paste does (the textarea's value and an ``input`` event, then the
field loses focus, which is when Streamlit sends it): typing 1 MB key by key would take hours.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from coach.store import Actor, ClinicService, open_database
from tests.e2e import browser

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

THERAPIST = ("demo_therapist", "demo-therapist-pw")
#: The page must answer the next action within this time after each hostile input.
RESPONSIVE_S = 20.0
#: An error must be shown within this time of the input (the 1 MB text travels and is parsed).
ANSWER_S = 60.0
YAML_BOX = "textarea[aria-label='Routine YAML']"
#: The second action after each hostile input: a valid routine (a new name and id), which the
#: builder takes up.
VALID_ROUTINE = "id: knee_check\nname: Knee check\ndescription: ''\nexercises:\n- exercise: squat\n"

#: Nine levels of nine aliases each: 9^9 (387 million) strings if aliases were expanded.
_LAUGHS = "a: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n"
    for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
HOSTILE = {
    "alias cycle": "x: &x [*x]\n",
    "billion laughs": _LAUGHS,
    "deep nesting": "x: " + "[" * 5000 + "]" * 5000,
    "binary junk": "id: junk\n" + bytes(range(256)).decode("latin-1") * 64,
    "1 MB string": "id: big\nname: " + "a" * 1_000_000 + "\n",
}

_PASTE_JS = """
const box = document.querySelector(arguments[0]);
box.focus();
Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(box, arguments[1]);
box.dispatchEvent(new Event('input', {bubbles: true}));
box.blur();
"""


def _paste(driver: Any, text: str) -> None:
    driver.execute_script(_PASTE_JS, YAML_BOX, text)


def _errors(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    # the message itself, without the alert's icon (a ligature whose text is "error")
    alerts = driver.find_elements(
        By.CSS_SELECTOR, "[data-testid='stAlertContentError'] [data-testid='stMarkdownContainer']"
    )
    return [a.text for a in alerts if a.text.strip()]


def _wait(driver: Any, condition: Any, timeout_s: float) -> None:
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(  # a rerun replaces elements while they are read
            driver, timeout_s, poll_frequency=0.2,
            ignored_exceptions=(StaleElementReferenceException,),
        ).until(condition)  # fmt: skip
    except TimeoutException:
        browser.save_screenshot(driver, "builder-hostile-yaml-timeout")
        raise


def _open_yaml_tab(driver: Any) -> None:
    from selenium.webdriver.common.by import By

    tab = (By.XPATH, "//*[@role='tab'][normalize-space()='YAML']")
    _wait(driver, lambda d: d.find_elements(*tab), 30)
    driver.find_element(*tab).click()
    _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, YAML_BOX).is_displayed(), 30)


def _valid_again(driver: Any) -> bool:
    """Whether the YAML tab is still open and says the routine is valid, with no error."""
    from selenium.webdriver.common.by import By

    if not driver.find_element(By.CSS_SELECTOR, YAML_BOX).is_displayed():
        return False
    body = driver.find_element(By.TAG_NAME, "body").text
    return "The YAML is valid." in body and "1 exercise(s)" in body and not _errors(driver)


def _routine_versions(database_url: str) -> list[tuple[str, int]]:
    db = open_database(database_url, create=False)
    try:
        routines = ClinicService(db, Actor.system("tests")).plans.list_routines()
        return [(r.routine_key, r.version) for r in routines]
    finally:
        db.close()


def test_hostile_yaml_in_the_builder_gives_a_located_error_saves_nothing_and_stays_responsive(
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    browser.require_chromium()
    database_url = f"sqlite:///{tmp_path / 'coach.db'}"
    with (
        browser.app_server(database_url, log_name="builder-hostile-e2e.log") as server,
        browser.chromium() as driver,
    ):
        before = _routine_versions(database_url)
        browser.sign_in(driver, server.url, *THERAPIST)
        browser.open_page(driver, "Routine builder")
        browser.wait_for_text(driver, "Exercise library")
        browser.wait_until_idle(driver)
        _open_yaml_tab(driver)
        timings: dict[str, float | str] = {}
        for case, text in HOSTILE.items():
            started = time.monotonic()
            _paste(driver, text)
            _wait(driver, lambda d: _errors(d), ANSWER_S)
            browser.wait_until_idle(driver, timeout_s=ANSWER_S)
            errors = _errors(driver)
            body = driver.find_element(By.TAG_NAME, "body").text
            assert len(errors) == 1 and errors[0].startswith("Line "), (case, errors)
            assert "Traceback" not in body and "Error:" not in body, (case, body[:500])
            assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid='stException']"), case

            driver.find_element(By.XPATH, "//button[contains(., 'Save as new version')]").click()
            browser.wait_for_text(driver, "Not saved: the YAML tab has an error", timeout_s=30)
            assert _routine_versions(database_url) == before, case

            answered = time.monotonic()
            # The refused Save keeps the YAML tab open: the fix is pasted straight in.
            assert driver.find_element(By.CSS_SELECTOR, YAML_BOX).is_displayed(), case
            _paste(driver, VALID_ROUTINE)
            _wait(driver, _valid_again, RESPONSIVE_S)
            timings[f"{case}: error shown and save refused after s"] = round(answered - started, 1)
            timings[f"{case}: valid again after s"] = round(time.monotonic() - answered, 1)
            timings[f"{case}: error"] = errors[0]
        browser.save_screenshot(driver, "builder-hostile-yaml")
    figures = browser.artifacts_dir() / "builder-hostile-yaml.json"
    figures.write_text(json.dumps(timings, indent=2))
    assert _routine_versions(database_url) == before, timings
