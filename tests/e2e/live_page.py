"""Driving the patient's live page in headless Chromium: buttons, the WebRTC frame, the panel."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

WEBRTC_IFRAME = 'iframe[title="streamlit_webrtc.component.webrtc_streamer"]'
FIRST_FRAME_TIMEOUT_S = 15.0
START_TRIES = 3


def click(driver: Any, label: str, timeout_s: float = 30.0) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    button = (By.XPATH, f"//button[normalize-space()={json.dumps(label)}]")
    WebDriverWait(driver, timeout_s).until(ec.element_to_be_clickable(button)).click()


def page_title(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    titles = driver.find_elements(By.CSS_SELECTOR, "[data-testid='stMain'] h1")
    return titles[0].text if titles else ""


def coach_value(driver: Any, name: str) -> str:
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.CSS_SELECTOR, f"[data-coach='{name}']")
    return str(element.get_attribute("textContent")).strip()


def in_webrtc_frame(driver: Any, script: str) -> Any:
    from selenium.webdriver.common.by import By

    driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, WEBRTC_IFRAME))
    try:
        return driver.execute_script(script)
    finally:
        driver.switch_to.default_content()


def frames_shown(driver: Any) -> int:
    quality = in_webrtc_frame(
        driver,
        "const v = document.querySelector('video');"
        "return v && v.videoWidth > 0 && !v.paused ? v.getVideoPlaybackQuality().totalVideoFrames"
        " : 0;",
    )
    return int(quality or 0)


def start_camera(driver: Any) -> int:
    """Click *Start camera* until processed frames play (WebRTC sometimes never connects)."""
    from selenium.webdriver.common.by import By

    for attempt in range(1, START_TRIES + 1):
        driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, WEBRTC_IFRAME))
        try:
            click(driver, "Start camera")
        finally:
            driver.switch_to.default_content()
        deadline = time.monotonic() + FIRST_FRAME_TIMEOUT_S
        while time.monotonic() < deadline:
            if frames_shown(driver) > 5:
                return attempt
            time.sleep(0.3)
        driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, WEBRTC_IFRAME))
        try:
            click(driver, "Stop camera")
        finally:
            driver.switch_to.default_content()
    raise AssertionError(f"no processed frame reached the page after {START_TRIES} tries")


def throughput(driver: Any) -> dict[str, float]:
    """The processor's own figures shown under the panel (``Camera 30 fps · analysed 27 fps``)."""
    text = coach_value(driver, "throughput")
    numbers = [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)", text)]
    return {
        "callback_fps": numbers[0], "processed_fps": numbers[1], "skeleton_delay_ms": numbers[2],
    }  # fmt: skip


#: Installed with ``Page.addScriptToEvaluateOnNewDocument`` before sign-in: keeps the page's
#: RTCPeerConnections so :func:`video_route` can read their statistics.
PEER_PROBE_JS = Path(__file__).with_name("peer_connection_probe.js")

_VIDEO_ROUTE_JS = """
const done = arguments[arguments.length - 1];
const kept = window.__coachPeers || [];
if (!kept.length) { done(null); return; }
const last = kept[kept.length - 1];
last.peer.getStats().then(stats => {
  const byId = {};
  stats.forEach(r => { byId[r.id] = r; });
  let route = null;
  stats.forEach(r => {
    if (r.type === 'candidate-pair' && r.state === 'succeeded' && r.nominated) {
      const local = byId[r.localCandidateId] || {};
      route = {policy: last.configuration.iceTransportPolicy || 'all',
               candidateType: local.candidateType, address: local.address, port: local.port,
               bytesSent: r.bytesSent, bytesReceived: r.bytesReceived};
    }
  });
  done(route);
});
"""


def video_route(driver: Any) -> dict[str, Any] | None:
    """The browser's side of the nominated ICE pair of the camera's connection.

    Returns:
        ``policy`` (the page's ``iceTransportPolicy``), ``candidateType`` (``host``, ``srflx``
        or ``relay``), its ``address`` and ``port``, and the pair's ``bytesSent`` and
        ``bytesReceived``; None before a pair is chosen.
    """
    from selenium.webdriver.common.by import By

    driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, WEBRTC_IFRAME))
    try:
        route: dict[str, Any] | None = driver.execute_async_script(_VIDEO_ROUTE_JS)
    finally:
        driver.switch_to.default_content()
    return route
