"""This machine's addresses, for tests that need a non-loopback one (TLS, TURN)."""

from __future__ import annotations

import ipaddress
import socket


def lan_address() -> str | None:
    """This machine's non-loopback IPv4 address (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing decision only
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if ipaddress.ip_address(address).is_loopback else address


def free_port(address: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now at ``address``."""
    with socket.socket() as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])
