"""The video of a live session through the clinic's TURN server only (relay-only ICE).

coturn runs ``deploy/coturn/turnserver.conf`` (site values replaced: this machine's LAN address,
a free port, a fresh password, the log in the test folder). ``coach app`` gets it through
``COACH_ICE_SERVERS`` with ``COACH_ICE_TRANSPORT_POLICY=relay``, so the browser may only use
TURN candidates: a direct connection cannot happen. The demo patient starts her routine and the
camera; processed frames must come back, and the browser's own statistics of the connection
must show the video leaving through a relay candidate on the TURN server's address, in the
relay port range of the configuration, with the video's hundreds of kilobytes both ways.

(coturn only logs sessions with ``--verbose``, which would put patients' addresses in its log:
the browser's statistics are read instead.)
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from tests.e2e import browser, live_page
from tests.e2e.fake_camera import FakeCameraClip
from tests.support.network import lan_address
from tests.support.resources import require, require_model
from tests.support.turn_server import turn_server, turnserver_available

pytestmark = [pytest.mark.browser, pytest.mark.shared, pytest.mark.models, pytest.mark.timeout(600)]

PATIENT = ("demo_ana", "demo-ana-pw")
#: How long processed frames are sampled once the first ones arrived.
SAMPLE_S = 8.0
#: Each way, over the ~10 s the camera runs: ICE checks alone are < 10 kB, the video is several
#: hundred kB (measured: 300 kB sent, 600 kB received back).
MIN_RELAYED_BYTES = 100_000
#: ``min-port``/``max-port`` of deploy/coturn/turnserver.conf.
RELAY_PORTS = range(49160, 49201)


def test_relay_only_ice_through_the_clinic_turn_server_still_gets_processed_frames(
    tmp_path: Path, fake_camera: FakeCameraClip
) -> None:
    browser.require_chromium()
    require_model("movenet-lightning")
    require(turnserver_available(), "coturn missing (scripts/ensure-system-deps.sh --test)")
    address = lan_address()
    require(address is not None, "no non-loopback IPv4 address (coturn never relays to loopback)")
    assert address is not None
    with turn_server(tmp_path, address) as turn:
        env = {"COACH_ICE_SERVERS": turn.ice_servers_json(), "COACH_ICE_TRANSPORT_POLICY": "relay"}
        database_url = f"sqlite:///{tmp_path / 'coach.db'}"
        with (
            browser.app_server(database_url, extra_env=env, log_name="turn-relay-e2e.log") as app,
            browser.chromium(fake_camera=fake_camera.path) as driver,
        ):
            driver.execute_cdp_cmd(
                "Page.addScriptToEvaluateOnNewDocument",
                {"source": live_page.PEER_PROBE_JS.read_text()},
            )
            browser.sign_in(driver, app.url, *PATIENT)
            browser.open_page(driver, "Exercise now")
            browser.wait_for_text(driver, "Practise one exercise")
            browser.wait_until_idle(driver)
            live_page.click(driver, "Start")
            browser.wait_for_text(driver, "Start set 1", timeout_s=180)
            tries = live_page.start_camera(driver)
            samples = []
            deadline = time.monotonic() + SAMPLE_S
            while time.monotonic() < deadline:
                samples.append(live_page.throughput(driver)["processed_fps"])
                time.sleep(0.5)
            shown = live_page.frames_shown(driver)
            route = live_page.video_route(driver)
            driver.save_screenshot(str(browser.artifacts_dir() / "turn-relay-live.png"))
        (browser.artifacts_dir() / "turn-relay.log").write_text(turn.log_text())
    figures = {"start_tries": tries, "frames_shown": shown, "route": route,
               "processed_fps_median": statistics.median(samples)}  # fmt: skip
    assert figures["processed_fps_median"] > 0, figures
    assert shown > 30, figures
    assert route is not None, figures
    assert route["policy"] == "relay", figures  # the setting reached the browser
    assert route["candidateType"] == "relay" and route["address"] == turn.address, figures
    assert route["port"] in RELAY_PORTS, figures
    assert route["bytesSent"] >= MIN_RELAYED_BYTES, figures  # the camera, to the server
    assert route["bytesReceived"] >= MIN_RELAYED_BYTES, figures  # the processed video, back
