"""Real browser: what counts as a session, a repeated prescription, and the YAML-error save block.

``coach app`` runs on an empty temporary SQLite database (migrated and demo-seeded at first
start). The demo patient uploads the same squat clip twice and keeps a session in which nothing
was done; the therapist then sees one session this week, the empty one marked "not counted".
The therapist prescribes a routine that is already active (the app asks, and nothing doubles)
and types invalid YAML in the routine builder (Save refuses, no version is stored).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.store import ClinicService, authenticate, open_database
from tests.e2e import browser

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

THERAPIST = ("demo_therapist", "demo-therapist-pw")
PATIENT = ("demo_ben", "demo-ben-pw")  # the balance patient: no squat in the plan (allowed)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[browser.AppServer]:
    browser.require_chromium()
    database_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'coach.db'}"
    with browser.app_server(database_url, log_name="counting-e2e.log") as running:
        yield running


def _click(driver: Any, label: str, timeout_s: float = 60.0) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    # A button with an icon reads "send Prescribe" (the icon's name comes first): match the end.
    text, quoted = "normalize-space(.)", json.dumps(label)
    ends_with = f"substring({text}, string-length({text}) - {len(label) - 1}) = {quoted}"
    button = (By.XPATH, f"//button[{text} = {quoted} or {ends_with}]")
    WebDriverWait(driver, timeout_s).until(ec.element_to_be_clickable(button)).click()


def _service(server: browser.AppServer, username: str, password: str) -> ClinicService:
    db = open_database(server.database_url)
    return ClinicService(db, authenticate(db, username, password))


def _upload(driver: Any, clip: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.wait_until_idle(driver)
    driver.find_element(By.CSS_SELECTOR, "input[type='file']").send_keys(str(clip))
    browser.wait_for_text(driver, clip.name)  # the file has reached the server
    browser.wait_until_idle(driver)
    _click(driver, "Count my exercise", timeout_s=120)


@pytest.mark.shared
@pytest.mark.models  # the app process analyses the upload with the pose model
def test_an_empty_session_and_a_repeated_upload_do_not_count(
    server: browser.AppServer, tfjs_media: Path
) -> None:
    from selenium.webdriver.common.by import By

    patient = _service(server, *PATIENT)
    assert patient.actor.user_id is not None
    # Only prescribed or allowed exercises are offered and recorded: allow Ben the squat.
    _service(server, *THERAPIST).allowances.allow_exercise(patient.actor.user_id, "squat")
    empty = patient.recording.start_session(patient.actor.user_id, backend="movenet-lightning")
    patient.recording.finish_session(empty)  # a live session in which nothing was counted

    with browser.chromium() as driver:
        browser.sign_in(driver, server.url, *PATIENT)
        browser.open_page(driver, "Upload a video")
        browser.wait_for_text(driver, "Which exercise is in the video?")
        box = driver.find_element(By.CSS_SELECTOR, "[data-testid='stSelectbox'] input")
        box.send_keys("Squat\n")
        _upload(driver, tfjs_media / "pose_squats.mp4")
        browser.wait_for_text(driver, "Saved. Your therapist can see this session.", timeout_s=300)
        browser.save_screenshot(driver, "counting-upload-first")
        # Upload the same file again, as a patient would on another day.
        browser.open_page(driver, "Today")
        browser.wait_for_text(driver, "Sessions this week")
        browser.open_page(driver, "Upload a video")
        browser.wait_for_text(driver, "Which exercise is in the video?")
        box = driver.find_element(By.CSS_SELECTOR, "[data-testid='stSelectbox'] input")
        box.send_keys("Squat\n")
        _upload(driver, tfjs_media / "pose_squats.mp4")
        browser.wait_for_text(driver, "You already uploaded this video", timeout_s=120)
        browser.save_screenshot(driver, "counting-upload-again")

    sessions = patient.history.sessions_for(patient.actor.user_id)
    uploads = [s for s in sessions if s.source_sha256 is not None]
    assert len(uploads) == 1 and uploads[0].counts
    assert not next(s for s in sessions if s.id == empty).counts

    with browser.chromium() as driver:
        browser.sign_in(driver, server.url, *THERAPIST)
        browser.wait_for_text(driver, "Select a patient to open their progress.")
        browser.wait_until_idle(driver)
        therapist = _service(server, *THERAPIST)
        row = next(p for p in therapist.history.list_patients() if p.user.username == PATIENT[0])
        assert row.sessions_this_week == 1  # the upload, once; not the empty session
        browser.open_page(driver, "Progress")
        browser.wait_for_text(driver, "Sessions in total")
        browser.wait_until_idle(driver)
        picker = driver.find_element(By.CSS_SELECTOR, "[data-testid='stSelectbox'] input")
        picker.send_keys("Ben Example\n")
        browser.wait_for_text(driver, "kept but not counted (no exercise recorded)", timeout_s=60)
        browser.save_screenshot(driver, "counting-progress")
        # Captions are drawn in #4b5563 (7.6:1 on white), not Streamlit's paler grey (< 4.5:1).
        colours = driver.execute_script(
            "return Array.from(document.querySelectorAll("
            "'[data-testid=\"stCaptionContainer\"] p')).map(p => getComputedStyle(p).color);"
        )
        assert colours and set(colours) == {"rgb(75, 85, 99)"}, colours


def test_prescribing_an_active_routine_again_asks_and_nothing_doubles(
    server: browser.AppServer,
) -> None:
    from selenium.webdriver.common.by import By

    therapist = _service(server, *THERAPIST)
    ana = therapist.accounts.find_user("demo_ana")
    before = therapist.plans.prescriptions_for(ana.id, active_only=True)
    with browser.chromium() as driver:
        browser.sign_in(driver, server.url, *THERAPIST)
        browser.open_page(driver, "Prescribe")
        browser.wait_for_text(driver, "Plans of Ana Example")
        browser.wait_until_idle(driver)
        # The routine picker starts on Ana's current routine: nothing to pick.
        current = before[0].routine
        picker = driver.find_element(
            By.XPATH, "//div[@data-testid='stSelectbox'][.//label[normalize-space()='Routine']]"
        )
        shown = driver.execute_script(  # the picked option is drawn in the box or its input
            "return arguments[0].textContent + ' ' + arguments[0].querySelector('input').value;",
            picker,
        )
        assert f"{current.name} (version {current.version}) · current plan" in shown
        _click(driver, "Prescribe")
        browser.wait_for_text(driver, "already has")
        browser.wait_for_text(driver, "Replace the current plan")
        browser.save_screenshot(driver, "counting-prescribe-again")
        _click(driver, "Keep the current plan")
        browser.wait_until_idle(driver)
    after = therapist.plans.prescriptions_for(ana.id, active_only=True)
    assert [p.id for p in after] == [p.id for p in before]


def test_the_routine_builder_does_not_save_while_the_yaml_has_an_error(
    server: browser.AppServer,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    therapist = _service(server, *THERAPIST)
    versions = [(r.routine_key, r.version) for r in therapist.plans.list_routines()]
    with browser.chromium() as driver:
        browser.sign_in(driver, server.url, *THERAPIST)
        browser.open_page(driver, "Routine builder")
        browser.wait_for_text(driver, "Exercise library")
        yaml_tab = "//*[@role='tab'][contains(normalize-space(.), 'YAML')]"
        browser.wait_until_idle(driver)
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.XPATH, yaml_tab))
        driver.find_element(By.XPATH, yaml_tab).click()
        area = (By.CSS_SELECTOR, "textarea[aria-label='Routine YAML']")
        editor = WebDriverWait(driver, 30).until(ec.visibility_of_element_located(area))
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys("id: broken\nname: Broken\nexercises:\n  - exercise: squat\n    sets: 0\n")
        editor.send_keys(Keys.CONTROL, Keys.ENTER)  # apply, as Streamlit's text area does
        browser.wait_for_text(driver, "Exercise 1, sets: should be at least 1")
        _click(driver, "Save as new version")
        browser.wait_for_text(driver, "Not saved: the YAML tab has an error")
        browser.save_screenshot(driver, "counting-yaml-error-save")
    assert [(r.routine_key, r.version) for r in therapist.plans.list_routines()] == versions
