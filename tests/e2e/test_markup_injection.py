"""No markup from data: Markdown images, links and HTML planted in every editable field are
shown as text on every page, in a real browser, and no request leaves for the planted host.

Planted: user names and display names (admin, therapist, patient), a routine's name, purpose
and notes, the note of an extra exercise allowed to the patient, a recorded cue, an exercise
YAML's name, description, instructions and cue texts, an assessment YAML's name, description,
protocol, instructions, camera and equipment texts (through ``COACH_EXERCISES_DIR``; the test is
assigned to the patient), and a PSFS activity the patient has rated. Every page of the app is
walked as a role that sees it; the DevTools network log must hold no request for
``evil.invalid``, the DOM no link or image pointing there, and the page text must show the
planted text (so the check cannot pass by accident).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach import paths
from coach.app.navigation import PAGES
from coach.exercises.library import load_library
from coach.store import Actor, ClinicService, Role, authenticate, open_database
from tests.e2e import browser
from tests.support.reps import completed_rep

pytestmark = pytest.mark.browser

HOST = "evil.invalid"
PASSWORD = "correct horse battery"
PATIENT = f"pat![u](http://{HOST}/u.png)"
#: The assessment whose texts are planted and which the patient is assigned.
TEST_KEY = "chair_stand_30s"


def short(tag: str) -> str:
    """A payload that fits an 80-character name."""
    return f"![i](http://{HOST}/{tag}.png)[l](http://{HOST}/{tag})"


def long(tag: str) -> str:
    """Image, link, raw HTML and a bare autolink."""
    return (
        f"![i](http://{HOST}/{tag}.png) [Reset password](http://{HOST}/{tag}) "
        f"<img src='http://{HOST}/{tag}h.png'> <a href='http://{HOST}/{tag}a'>x</a> "
        f"www.{HOST}/{tag}"
    )


def _planted_library(folder: Path) -> Path:
    shutil.copytree(paths.exercises_dir(), folder)
    squat_file = folder / "squat.yaml"
    squat = yaml.safe_load(squat_file.read_text())
    squat["name"] = "Sq " + short("exname")
    squat["description"] = long("exdesc")
    squat["instructions"][0] = long("exstep")
    squat["form_rules"][0]["cue"] = short("excue")
    squat["rep"]["partial_rep_cue"] = short("expartial")
    squat_file.write_text(yaml.safe_dump(squat, sort_keys=False))
    test_file = folder / "assessments" / f"{TEST_KEY}.yaml"
    test = yaml.safe_load(test_file.read_text())
    test["name"] = "Ch " + short("asname")
    test["description"] = long("asdesc")
    test["protocol"][0] = long("asproto")
    test["instructions"][0] = long("asstep")
    test["camera"] = long("ascam")
    test["equipment"] = [long("asequip")]
    test_file.write_text(yaml.safe_dump(test, sort_keys=False))
    return folder


def _planted_clinic(url: str, library_dir: Path) -> None:
    db = open_database(url)
    library = load_library(library_dir)
    system = ClinicService(db, Actor.system("tests"), library=library)
    system.accounts.create_user("admin", PASSWORD, Role.ADMIN, "Ada " + long("ad"))
    system.accounts.create_user("ther", PASSWORD, Role.THERAPIST, "Theo " + long("th"))
    as_therapist = ClinicService(db, authenticate(db, "ther", PASSWORD), library=library)
    patient = as_therapist.accounts.create_patient(PATIENT, PASSWORD, "Pat " + long("pt"))
    as_therapist.assessments.assign(patient.id, TEST_KEY)
    activity = as_therapist.proms.add_psfs_activity(patient.id, "Stairs " + long("psfs"))
    as_patient = ClinicService(db, authenticate(db, PATIENT, PASSWORD), library=library)
    as_patient.proms.rate_psfs(activity.id, 4)
    routine_yaml = yaml.safe_dump(
        {
            "id": "planted",
            "name": "Kn " + short("routine"),
            "description": long("purpose"),
            "exercises": [{"exercise": "squat", "sets": 1, "reps": 5, "notes": long("notes")}],
        }
    )
    routine = as_therapist.plans.save_routine(routine_yaml, source="tests")
    as_therapist.allowances.allow_exercise(patient.id, "sit_to_stand", note=long("allow"))
    from datetime import UTC, datetime

    prescription = as_therapist.plans.assign_routine(
        patient.id, routine.id, days_per_week=3, start_date=datetime.now(UTC).date()
    )
    recording = as_therapist.recording
    session_id = recording.start_session(
        patient.id, backend="movenet-lightning", prescription_id=prescription.id
    )
    set_id = recording.record_set_start(session_id, "squat", set_index=0, target_reps=5)
    recording.record_rep(set_id, completed_rep(1, 0, 2_000, rom_max_deg=80.0))
    recording.record_cue(session_id, at_ms=1_000, code="chest_up", message=long("cue"),
                         severity="warning")  # fmt: skip
    recording.finish_session(session_id)
    db.close()


def _planted_elements(driver: Any) -> list[str]:
    found: list[str] = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href], img[src], [src], [href]'))"
        f".filter(e => (e.getAttribute('href') || e.getAttribute('src') || '').includes('{HOST}'))"
        ".map(e => (e.parentElement.parentElement || e).outerHTML.slice(0, 600));"
    )
    return found


def _requests_to_host(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if HOST in url:
                urls.append(url)
    return urls


def _check_page(driver: Any, name: str, seen: dict[str, bool]) -> None:
    browser.wait_until_idle(driver)
    assert _planted_elements(driver) == [], f"planted link or image on {name}"
    seen[name] = HOST in driver.find_element("tag name", "body").text
    browser.save_screenshot(driver, f"markup-{name}")


def _walk(driver: Any, url: str, user: str, pages: list[str], seen: dict[str, bool]) -> None:
    browser.sign_in(driver, url, user, PASSWORD)
    _check_page(driver, f"{pages[0]}-{user[:4]}", seen)
    for title in pages[1:]:
        browser.open_page(driver, title)
        browser.wait_for_text(driver, "Sign out")
        if title == "Routine builder":
            browser.wait_for_text(driver, "Exercise library")
            browser.wait_until_idle(driver)
            summaries = driver.find_elements("css selector", "details summary")
            planted = [summary for summary in summaries if HOST in summary.text]
            assert planted, "the planted exercise is not in the library list"
            for summary in planted:
                # open the planted exercise's description (a script click: the summary may be
                # below the fold or under the sticky header)
                driver.execute_script("arguments[0].click();", summary)
        _check_page(driver, f"{title}-{user[:4]}".replace(" ", "_"), seen)


#: The pages each role walks: every page of the app is walked by a role that sees it.
ROLE_PAGES = {
    "ther": ["Patients", "Progress", "Outcomes", "Routine builder", "Prescribe", "My account"],
    PATIENT: ["Today", "Exercise now", "My tests", "Upload a video", "My account"],
    "admin": ["Patients", "Users", "My account"],
}
#: Pages that show a planted text as text (so the checks cannot pass by accident).
SHOWS_PLANTED = {
    "ther": ["Patients", "Progress", "Outcomes", "Routine builder", "Prescribe", "My account"],
    PATIENT: ["Today", "Exercise now", "My tests", "Upload a video", "My account"],
    "admin": ["Patients", "Users", "My account"],
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The database URL and exercise folder, with payloads in every editable field."""
    folder = tmp_path_factory.mktemp("markup")
    library_dir = _planted_library(folder / "exercises")
    url = f"sqlite:///{folder / 'coach.db'}"
    _planted_clinic(url, library_dir)
    return url, library_dir


def test_every_page_of_the_app_is_walked_by_a_role_that_sees_it() -> None:
    walked = {title for pages in ROLE_PAGES.values() for title in pages}
    # A page added later must be added to ROLE_PAGES.
    assert walked == {spec.title for spec in PAGES}


@pytest.mark.parametrize("user", list(ROLE_PAGES), ids=["therapist", "patient", "admin"])
def test_planted_markdown_and_html_render_as_text_on_every_page(
    planted: tuple[str, Path], user: str
) -> None:
    browser.require_chromium()
    url, library_dir = planted
    pages = ROLE_PAGES[user]
    seen: dict[str, bool] = {}
    with (
        browser.app_server(
            url, demo=False, extra_env={"COACH_EXERCISES_DIR": str(library_dir)},
            log_name=f"markup-injection-{user[:4]}.log",
        ) as server,
        browser.chromium(log_requests=True) as driver,
    ):  # fmt: skip
        _walk(driver, server.url, user, pages, seen)
        assert _requests_to_host(driver) == []
    shown = [title for title in pages if seen[f"{title}-{user[:4]}".replace(" ", "_")]]
    assert shown == SHOWS_PLANTED[user]
