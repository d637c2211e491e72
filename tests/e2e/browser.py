"""Real-browser test plumbing shared by the therapist and the patient end-to-end tests.

* :func:`app_server` runs ``coach app --demo`` (migrations, demo seed, ``streamlit run``; HTTPS
  with ``tls``) on a free port against the database URL given, and waits for
  ``/_stcore/health``.
* :func:`chromium` starts headless Debian Chromium through selenium with the flags from
  ``shared/docs/browser-e2e.md``; with ``fake_camera`` it plays that ``.y4m``/``.mjpeg`` as the
  webcam.
* :func:`sign_in`, :func:`wait_for_text` and :func:`save_screenshot` drive Streamlit pages;
  screenshots go to ``artifacts/`` (``COACH_ARTIFACTS_DIR`` overrides it).

Skips (locally) or fails (under ``CI=true``) through ``require`` when Chromium is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach import paths
from tests.support.network import free_port
from tests.support.processes import stop_process_group
from tests.support.resources import require

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SERVER_START_TIMEOUT_S = 90.0
PAGE_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class AppServer:
    """A running ``coach app``: its base URL, database URL and log file."""

    url: str
    database_url: str
    log_path: Path
    process: subprocess.Popen[bytes]


def artifacts_dir() -> Path:
    """Where screenshots and logs are kept (``artifacts/`` or ``COACH_ARTIFACTS_DIR``)."""
    folder = Path(os.environ.get("COACH_ARTIFACTS_DIR") or paths.PROJECT_ROOT / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def require_chromium() -> None:
    """Skip locally / fail under CI when Debian's chromium or chromedriver is missing."""
    require(
        CHROMIUM.exists() and CHROMEDRIVER.exists(),
        "chromium/chromedriver missing (apt-get install -y chromium chromium-driver)",
    )


@contextlib.contextmanager
def app_server(
    database_url: str,
    *,
    host: str = "127.0.0.1",
    extra_env: dict[str, str] | None = None,
    log_name: str = "app-server.log",
    demo: bool = True,
    tls: tuple[Path, Path] | None = None,
) -> Iterator[AppServer]:
    """Run ``coach app`` on a free port until the block ends.

    Args:
        database_url: Database for this run.
        host: Address to listen on (WebRTC tests may need a non-loopback address).
        extra_env: Environment variables added for the server (settings under test).
        log_name: File name of the server log under :func:`artifacts_dir`.
        demo: Start with ``--demo`` (an empty database gets the demo clinic).
        tls: ``(certificate, key)`` PEM files: serve HTTPS with them.
    """
    port = free_port()
    log_path = artifacts_dir() / log_name
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    command = [sys.executable, "-m", "coach.cli.main", "app", "--host", host,
               "--port", str(port), "--db", database_url]  # fmt: skip
    if demo:
        command.append("--demo")
    if tls is not None:
        command += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])]
    scheme = "https" if tls is not None else "http"
    with log_path.open("wb") as log:
        # A session of its own, so stopping it also stops the streamlit child it starts.
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            cwd=paths.PROJECT_ROOT,
        )  # fmt: skip
        server = AppServer(f"{scheme}://{host}:{port}", database_url, log_path, process)
        try:
            _wait_healthy(server)
            yield server
        finally:
            stop_process_group(process, timeout_s=15)


def _wait_healthy(server: AppServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"coach app exited with {server.process.returncode}; log:\n"
                + server.log_path.read_text(errors="replace")
            )
        health = f"{server.url}/_stcore/health"
        # A test's self-signed certificate is not trusted: the health probe only needs an answer.
        unverified = ssl._create_unverified_context()
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(health, timeout=2, context=unverified) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.5)
    raise TimeoutError(f"coach app not healthy after {SERVER_START_TIMEOUT_S:.0f} s")


@contextlib.contextmanager
def chromium(
    *,
    fake_camera: Path | None = None,
    window_px: tuple[int, int] = (1440, 1100),
    extra_flags: tuple[str, ...] = (),
    log_requests: bool = False,
) -> Iterator[Any]:
    """Headless Chromium driven by selenium; yields the ``WebDriver``.

    Args:
        fake_camera: A ``.y4m`` or ``.mjpeg`` clip played (in a loop) as the webcam.
        window_px: Window width and height in pixels (screenshots have this size).
        extra_flags: More command-line flags (e.g. ``--ignore-certificate-errors``).
        log_requests: Keep the DevTools performance log (every network request), read with
            ``driver.get_log("performance")``.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    require_chromium()
    profile = Path(tempfile.mkdtemp(prefix="coach-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}",
        f"--window-size={window_px[0]},{window_px[1]}",
    ):  # fmt: skip
        options.add_argument(flag)
    for flag in extra_flags:
        options.add_argument(flag)
    if log_requests:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    if fake_camera is not None:
        for flag in (
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={fake_camera}",
            "--autoplay-policy=no-user-gesture-required",
        ):  # fmt: skip
            options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(PAGE_TIMEOUT_S)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for_text(driver: Any, text: str, *, timeout_s: float = PAGE_TIMEOUT_S) -> None:
    """Wait until ``text`` appears anywhere in the page body."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout_s).until(
        lambda d: text in d.find_element(By.TAG_NAME, "body").text
    )


def wait_until_idle(driver: Any, *, timeout_s: float = PAGE_TIMEOUT_S) -> None:
    """Wait until the Streamlit script run is over (its "running" indicator is gone) and any
    data grid on the page has drawn its canvas."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def idle(d: Any) -> bool:
        running = d.find_elements(By.CSS_SELECTOR, "[data-testid='stStatusWidget']")
        grids = d.find_elements(By.CSS_SELECTOR, "[data-testid='stDataFrame']")
        drawn = d.find_elements(By.CSS_SELECTOR, "[data-testid='stDataFrame'] canvas")
        return not running and len(drawn) >= len(grids)

    WebDriverWait(driver, timeout_s).until(idle)
    time.sleep(0.5)  # let the last deltas paint


def sign_in(driver: Any, base_url: str, username: str, password: str) -> None:
    """Open the app, fill the sign-in form and wait for the sidebar of a signed-in user."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base_url)
    wait = WebDriverWait(driver, PAGE_TIMEOUT_S)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "input[aria-label='User name']"))
    # An address that is not a page for a signed-out visitor opens a "Page not found" dialog
    # over the sign-in form; close it like a user would.
    for close in driver.find_elements(
        By.CSS_SELECTOR, "[role='dialog'] button[aria-label='Close']"
    ):
        close.click()
    name_box = wait.until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "input[aria-label='User name']"))
    )
    name_box.send_keys(username)
    driver.find_element(By.CSS_SELECTOR, "input[aria-label='Password']").send_keys(password)
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign in']").click()
    # The sign-out button is in the sidebar, which is closed on a phone: wait for it to exist.
    wait.until(
        lambda d: d.find_elements(By.XPATH, "//button[contains(normalize-space(.), 'Sign out')]")
    )


def open_page(driver: Any, title: str) -> None:
    """Open an app page by its sidebar title (e.g. ``"Progress"``), keeping the session.

    Clicks the sidebar link, so the Streamlit session (and the sign-in) is kept; a new
    ``driver.get`` would start a new, signed-out session.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    link = (By.XPATH, f"//a[@data-testid='stSidebarNavLink'][.//span[normalize-space()='{title}']]")
    opened = open_sidebar(driver)
    WebDriverWait(driver, PAGE_TIMEOUT_S).until(ec.element_to_be_clickable(link)).click()
    if opened:  # on a phone the open sidebar covers the page: close it, as a user would
        close_sidebar(driver)


def sidebar_is_open(driver: Any) -> bool:
    """Whether the sidebar's links can be seen (it starts closed on a phone)."""
    from selenium.webdriver.common.by import By

    links = driver.find_elements(By.CSS_SELECTOR, "a[data-testid='stSidebarNavLink']")
    return any(link.is_displayed() for link in links)


def close_sidebar(driver: Any) -> None:
    """Close the sidebar with its own button (waits until its links are hidden)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    for button in driver.find_elements(
        By.CSS_SELECTOR, "[data-testid='stSidebarCollapseButton'] button"
    ):
        driver.execute_script("arguments[0].click();", button)  # shown only on hover on desktops
        break
    WebDriverWait(driver, PAGE_TIMEOUT_S).until(lambda d: not sidebar_is_open(d))


def open_sidebar(driver: Any) -> bool:
    """Open the sidebar like a user would (its toggle button) when it is closed.

    Returns:
        True when it was closed and is now open.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    if sidebar_is_open(driver):
        return False
    toggles = driver.find_elements(
        By.CSS_SELECTOR,
        "[data-testid='stExpandSidebarButton'], [data-testid='stSidebarCollapsedControl'] button",
    )
    for toggle in toggles:
        if toggle.is_displayed():
            toggle.click()
            break
    WebDriverWait(driver, PAGE_TIMEOUT_S).until(sidebar_is_open)
    return True


def save_screenshot(driver: Any, name: str) -> Path:
    """Save a PNG of the whole page under :func:`artifacts_dir`; returns its path.

    Streamlit scrolls inside its main container, so the window is first made as tall as that
    content (capped at 6000 px) and the viewport is captured.
    """
    wait_until_idle(driver)
    height = driver.execute_script(
        "const b = document.querySelector('[data-testid=\"stMainBlockContainer\"]');"
        "return b ? b.scrollHeight : document.documentElement.scrollHeight;"
    )
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(int(height) + 160, 800), 6000))
    time.sleep(1.0)  # let plotly redraw at the new size
    path = artifacts_dir() / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def click_first_grid_row(driver: Any) -> None:
    """Tick the selection box of the grid's first data row (the grid is a canvas)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    grid = driver.find_element(By.CSS_SELECTOR, "[data-testid='stDataFrame']")
    size = grid.rect
    # Offsets from the grid's centre: the selection column is ~16 px from the left edge and the
    # first row sits below the 35 px header.
    x_px = -size["width"] / 2 + 16
    y_px = -size["height"] / 2 + 35 + 17
    ActionChains(driver).move_to_element_with_offset(grid, x_px, y_px).click().perform()


def _open_select(driver: Any, label: str) -> tuple[Any, list[Any]]:
    """Open the select box labelled ``label`` once the page has drawn it; (box, its options)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    path = f"//div[@data-testid='stSelectbox'][.//label[normalize-space()={label!r}]]"
    # A page streams its elements: text above the box can be there before the box is.
    box = WebDriverWait(driver, PAGE_TIMEOUT_S).until(
        lambda d: next(iter(d.find_elements(By.XPATH, path)), None)
    )
    box.find_element(By.CSS_SELECTOR, "input").click()
    options = WebDriverWait(driver, PAGE_TIMEOUT_S).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "[role='option']")
    )
    return box, options


def select_options(driver: Any, label: str) -> list[str]:
    """The texts of the options of the select box labelled ``label`` (the list is closed again)."""
    from selenium.webdriver.common.by import By

    box, options = _open_select(driver, label)
    texts = [o.text for o in options]
    box.find_element(By.CSS_SELECTOR, "input").click()
    return texts


def choose_option(driver: Any, label: str, starts_with: str) -> None:
    """Pick the first option starting with ``starts_with`` in the select box labelled ``label``."""
    _, options = _open_select(driver, label)
    match = next((o for o in options if o.text.startswith(starts_with)), None)
    assert match is not None, f"no {starts_with!r} among {[o.text for o in options]}"
    match.click()
