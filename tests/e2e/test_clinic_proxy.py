"""The clinic recipe end to end: nginx in front of two ``coach app`` instances on PostgreSQL.

nginx runs ``deploy/nginx/coach.conf`` (site values replaced: ports, a self-signed certificate
for 127.0.0.1, the log path): HTTPS, WebSocket upgrade and cookie-sticky sessions. Two
``coach app`` processes share one PostgreSQL database (``tests/support/pg_server.py``). Each
patient's browser is pinned to one instance by its ``coach_route`` cookie, chosen from the
proxy's own routing log so that Ana lands on one instance and Ben on the other. Both get a
squat routine (the fake camera plays squats) and record a live session at the same time
through the proxy (the WebRTC video goes to the instance directly, its signalling through the
proxy's WebSocket). Then the therapist, through the proxy, pinned first to one instance and
then to the other, finds both sessions, completed, with the reps the database holds. Every
request of a route must have reached one instance only.
"""

from __future__ import annotations

import time
import urllib.parse
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coach.store import Actor, ClinicService, SessionStatus, open_database
from coach.store.dto import SessionInfo
from tests.e2e import browser, live_page
from tests.e2e.fake_camera import FakeCameraClip
from tests.support.certificates import self_signed
from tests.support.nginx_proxy import NginxProxy, clinic_proxy, get_through, nginx_available
from tests.support.pg_server import PostgresServer, find_server_bin
from tests.support.resources import require, require_model

pytestmark = [
    pytest.mark.browser, pytest.mark.shared, pytest.mark.models, pytest.mark.postgres,
    pytest.mark.timeout(900),
]  # fmt: skip

PATIENTS = (("demo_ana", "demo-ana-pw"), ("demo_ben", "demo-ben-pw"))
THERAPIST = ("demo_therapist", "demo-therapist-pw")
#: Both sets run side by side this long (the squat clip is ~5 s: several squats each).
SET_S = 15.0
CERT_FLAGS = ("--ignore-certificate-errors",)
SQUAT_ROUTINE = "id: proxy_squats\nname: Squats\nexercises:\n  - exercise: squat\n"


def _port(url: str) -> int:
    port = urllib.parse.urlsplit(url).port
    assert port is not None, url
    return port


def _one_route_per_instance(proxy: NginxProxy, instances: int = 2) -> list[str]:
    """Route cookies that the proxy hashes to different instances, read off its access log."""
    for index in range(40):
        get_through(proxy, "/_stcore/health", route=f"probe-{index}")
    first_route: dict[str, str] = {}
    for request in proxy.routed_requests():
        if request.route.startswith("probe-"):
            first_route.setdefault(request.upstream, request.route)
    assert len(first_route) == instances, first_route
    return list(first_route.values())


def _pin(driver: Any, proxy: NginxProxy, route: str) -> None:
    """Give the browser the proxy's route cookie, as the proxy itself would have."""
    driver.get(proxy.url + "/_stcore/health")
    driver.delete_all_cookies()
    driver.add_cookie({"name": "coach_route", "value": route, "path": "/", "secure": True})


def _prescribe_squats(database_url: str) -> None:
    """Both demo patients get one squat routine in place of their demo plans (paused), so the
    set-up check passes with the squat clip and each page has one *Start*."""
    from datetime import UTC, datetime

    db = open_database(database_url, create=False)
    try:
        clinic = ClinicService(db, Actor.system("tests"))
        routine = clinic.plans.save_routine(SQUAT_ROUTINE)
        for user, _ in PATIENTS:
            patient = clinic.accounts.find_user(user)
            for plan in clinic.plans.prescriptions_for(patient.id, active_only=True):
                clinic.plans.set_prescription_active(plan.id, False)
            clinic.plans.assign_routine(
                patient.id, routine.id, days_per_week=3, start_date=datetime.now(UTC).date()
            )
    finally:
        db.close()


def _start_set(driver: Any, proxy: NginxProxy, user: str, password: str) -> None:
    """Sign in through the proxy, start the prescribed routine, the camera and set 1."""
    browser.sign_in(driver, proxy.url, user, password)
    browser.open_page(driver, "Exercise now")
    browser.wait_for_text(driver, "Practise one exercise")
    browser.wait_until_idle(driver)
    live_page.click(driver, "Start")
    browser.wait_for_text(driver, "Start set 1", timeout_s=180)
    live_page.start_camera(driver)
    try:
        browser.wait_for_text(driver, "Good, I can see you", timeout_s=60)  # the set-up check
        live_page.click(driver, "Start set 1")
        browser.wait_for_text(driver, "Finish set")
    finally:
        driver.save_screenshot(str(browser.artifacts_dir() / f"proxy-start-{user}.png"))


def _finish(driver: Any) -> int:
    """Finish the set and the session; returns the set's reps shown to the patient."""
    live_page.click(driver, "Finish set")
    browser.wait_for_text(driver, "Set done:")
    shown = int(live_page.coach_value(driver, "set-reps"))
    live_page.click(driver, "Finish for today")
    browser.wait_for_text(driver, "Your session is saved")
    return shown


def _latest_sessions(database_url: str) -> dict[str, tuple[SessionInfo, str | None]]:
    """Each patient's latest session and the id of the server that recorded it."""
    db = open_database(database_url, create=False)
    try:
        clinic = ClinicService(db, Actor.system("tests"))
        found = {}
        for user, _ in PATIENTS:
            patient = clinic.accounts.find_user(user)
            latest = clinic.history.sessions_for(patient.id, limit=1)[0]
            with db.engine.connect() as conn:
                server_id = conn.execute(
                    text("SELECT server_id FROM sessions WHERE id = :id"), {"id": latest.id}
                ).scalar_one()
            found[user] = (latest, None if server_id is None else str(server_id))
        return found
    finally:
        db.close()


def _click_grid_row(driver: Any, row: int) -> None:
    """Tick the selection box of data row ``row`` (0-based; rows are 35 px under a 35 px head)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    grid = driver.find_element(By.CSS_SELECTOR, "[data-testid='stDataFrame']")
    size = grid.rect
    x_px = -size["width"] / 2 + 16
    y_px = -size["height"] / 2 + 35 + 35 * row + 17
    ActionChains(driver).move_to_element_with_offset(grid, x_px, y_px).click().perform()


def _label(session: SessionInfo) -> str:
    return (
        f"{session.started_at:%a %d %b %Y, %H:%M} · {session.routine_name or 'free session'} · "
        f"{session.rep_count} reps · completed"
    )


def test_two_live_sessions_through_the_proxy_on_two_instances_are_seen_complete_from_either(
    tmp_path: Path, fake_camera: FakeCameraClip
) -> None:
    browser.require_chromium()
    require_model("movenet-lightning")
    require(nginx_available(), "nginx missing (scripts/ensure-system-deps.sh --test)")
    bin_dir = find_server_bin()
    require(bin_dir is not None, "PostgreSQL server binaries not found")
    assert bin_dir is not None
    cert = self_signed(tmp_path, "127.0.0.1")
    (tmp_path / "nginx").mkdir()
    with ExitStack() as stack:
        database_url = stack.enter_context(PostgresServer(bin_dir)).create_database("clinic")
        first = stack.enter_context(browser.app_server(database_url, log_name="proxy-a.log"))
        second = stack.enter_context(
            browser.app_server(database_url, demo=False, log_name="proxy-b.log")
        )
        proxy = stack.enter_context(
            clinic_proxy(tmp_path / "nginx", (_port(first.url), _port(second.url)), cert)
        )
        routes = _one_route_per_instance(proxy)
        _prescribe_squats(database_url)

        drivers = []
        for (user, password), route in zip(PATIENTS, routes, strict=True):
            driver = stack.enter_context(
                browser.chromium(fake_camera=fake_camera.path, extra_flags=CERT_FLAGS)
            )
            _pin(driver, proxy, route)
            _start_set(driver, proxy, user, password)
            drivers.append(driver)
        time.sleep(SET_S)  # both patients exercise at the same time
        for (user, _), driver in zip(PATIENTS, drivers, strict=True):
            driver.save_screenshot(str(browser.artifacts_dir() / f"proxy-live-{user}.png"))
        shown = {user: _finish(driver) for (user, _), driver in zip(PATIENTS, drivers, strict=True)}

        stored = _latest_sessions(database_url)
        db = open_database(database_url, create=False)
        with db.engine.connect() as conn:
            servers = {str(r[0]) for r in conn.execute(text("SELECT id FROM app_servers"))}
        db.close()
        figures = {user: (s.status.value, s.rep_count, shown[user], server)
                   for user, (s, server) in stored.items()}  # fmt: skip
        assert all(s.status is SessionStatus.COMPLETED for s, _ in stored.values()), figures
        assert {server for _, server in stored.values()} == servers, (figures, servers)
        for user, (session, _) in stored.items():
            assert session.rep_count >= 1, figures  # squats for 15 s
            assert session.rep_count >= shown[user], figures  # every rep shown was stored

        with browser.chromium(extra_flags=CERT_FLAGS) as driver:
            for route in routes:
                _pin(driver, proxy, route)
                browser.sign_in(driver, proxy.url, *THERAPIST)
                browser.wait_until_idle(driver)
                for row, (user, _) in enumerate(PATIENTS):  # Ana and Ben, the first two rows
                    _click_grid_row(driver, row)
                    browser.wait_for_text(driver, "Session detail")
                    browser.wait_until_idle(driver)
                    options = browser.select_options(driver, "Session")
                    assert _label(stored[user][0]) in options, (route, user, options[:5])
                    browser.open_page(driver, "Patients")
                    browser.wait_until_idle(driver)

    upstreams_of: dict[str, set[str]] = defaultdict(set)
    streams: dict[str, int] = defaultdict(int)
    for request in proxy.routed_requests():
        upstreams_of[request.route].add(request.upstream)
        streams[request.route] += request.uri == "/_stcore/stream"
    assert all(len(u) == 1 for u in upstreams_of.values()), dict(upstreams_of)  # sticky
    assert all(streams[route] >= 1 for route in routes), dict(streams)  # WebSockets proxied
