"""``coach app --tls-cert --tls-key`` serves HTTPS: a real browser signs in and gets the camera.

A self-signed certificate is made for the test (``cryptography``); Chromium accepts it with
``--ignore-certificate-errors``. The server listens on a non-loopback address, where browsers
only allow the camera in a secure (HTTPS) context, and Chromium's fake camera stands in for a
webcam.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.store import Actor, ClinicService, Role, open_database
from tests.e2e import browser
from tests.support.certificates import self_signed
from tests.support.network import lan_address
from tests.support.resources import require

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def _camera_tracks(driver: Any) -> str:
    result: str = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "if (!window.isSecureContext || !navigator.mediaDevices) { done('insecure'); return; }"
        "navigator.mediaDevices.getUserMedia({video: true})"
        "  .then(s => { const n = s.getVideoTracks().length; s.getTracks().forEach(t => t.stop());"
        "               done('tracks:' + n); })"
        "  .catch(e => done('error:' + e.name));"
    )
    return result


def test_https_serves_the_sign_in_page_and_the_camera_to_another_computer(
    tmp_path: Path,
) -> None:
    browser.require_chromium()
    address = lan_address()
    require(address is not None, "no non-loopback IPv4 address on this machine")
    assert address is not None
    cert, key = self_signed(tmp_path, address)
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    db = open_database(url)
    ClinicService(db, Actor.system("tests")).accounts.create_user(
        "ther", PASSWORD, Role.THERAPIST, "Theo"
    )
    db.close()
    with (
        browser.app_server(url, host=address, demo=False, tls=(cert, key),
                           log_name="tls-e2e.log") as server,
        browser.chromium(extra_flags=(
            "--ignore-certificate-errors", "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        )) as driver,
    ):  # fmt: skip
        assert server.url.startswith(f"https://{address}:")
        log = server.log_path.read_text()
        assert "plain HTTP" not in log  # no warning: the address is served over TLS
        browser.sign_in(driver, server.url, "ther", PASSWORD)
        assert driver.current_url.startswith("https://")
        assert _camera_tracks(driver) == "tracks:1"
        browser.save_screenshot(driver, "tls-signed-in")
