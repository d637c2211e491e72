"""coturn from Debian's package running ``deploy/coturn/turnserver.conf`` for a test.

The file is used as the recipe gives it, with its site values replaced: the listening and the
allowed peer address (this machine's LAN address: coturn never relays to loopback), a fresh
port and password, and the log in the test's folder.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import stop_process_group
from tests.support.site_config import render_site_file

TURNSERVER = "/usr/bin/turnserver"
START_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class TurnServer:
    """A running coturn: where it listens, its one user and its log."""

    address: str
    port: int
    username: str
    password: str
    log_path: Path

    def ice_servers_json(self) -> str:
        """The ``COACH_ICE_SERVERS`` value that points at this server."""
        return json.dumps([{
            "urls": [f"turn:{self.address}:{self.port}?transport=udp"],
            "username": self.username, "credential": self.password,
        }])  # fmt: skip

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def turnserver_available() -> bool:
    return shutil.which(TURNSERVER) is not None or Path(TURNSERVER).exists()


def _free_udp_port(address: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((address, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def turn_server(folder: Path, address: str) -> Iterator[TurnServer]:
    """Run coturn with the repository's configuration on ``address`` until the block ends."""
    port = _free_udp_port(address)
    password = secrets.token_urlsafe(16)
    log_path = folder / "turn.log"
    config = render_site_file(
        "coturn/turnserver.conf",
        {
            "listening-port=3478": f"listening-port={port}",
            "listening-ip=0.0.0.0": f"listening-ip={address}",
            "user=coach:change-this-turn-password": f"user=coach:{password}",
            "allowed-peer-ip=10.0.0.4": f"allowed-peer-ip={address}",
            "log-file=/var/log/turnserver/turnserver.log": f"log-file={log_path}",
        },
        folder / "turnserver.conf",
    )
    command = [TURNSERVER, "-c", str(config), "--pidfile", str(folder / "turnserver.pid"),
               "--db", str(folder / "turndb"), "--no-stdout-log"]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = TurnServer(address, port, "coach", password, log_path)
    try:
        _wait_listening(server, process)
        yield server
    finally:
        stop_process_group(process)


def _wait_listening(server: TurnServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"turnserver exited ({process.returncode}):\n{server.log_text()}")
        if "Total General servers" in server.log_text():
            return
        time.sleep(0.3)
    raise TimeoutError(
        f"turnserver not listening after {START_TIMEOUT_S:.0f} s:\n{server.log_text()}"
    )
