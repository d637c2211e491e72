"""``coach app --tls-cert --tls-key`` serves HTTPS: a real browser signs in and gets the camera.

A self-signed certificate is made for the test (``cryptography``); Chromium accepts it with
``--ignore-certificate-errors``. The server listens on a non-loopback address, where browsers
only allow the camera in a secure (HTTPS) context, and Chromium's fake camera stands in for a
webcam.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from pathlib import Path
from typing import Any

import pytest

from coach.store import Actor, ClinicService, Role, open_database
from tests.e2e import browser
from tests.support.resources import require

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def _self_signed(folder: Path, address: str) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "coach test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(address))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _lan_address() -> str | None:
    """This machine's non-loopback IPv4 address (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing decision only
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if ipaddress.ip_address(address).is_loopback else address


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
    address = _lan_address()
    require(address is not None, "no non-loopback IPv4 address on this machine")
    assert address is not None
    cert, key = _self_signed(tmp_path, address)
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
