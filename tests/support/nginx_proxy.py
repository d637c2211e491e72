"""nginx from Debian's package running ``deploy/nginx/coach.conf`` in front of test servers.

The site file is used as the recipe gives it, with its site values (ports, certificate and log
paths) replaced; a minimal main ``nginx.conf`` around it keeps the pid, logs and temporary files
in the test's folder, and nginx runs in the foreground until the block ends.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.support.network import free_port
from tests.support.processes import stop_process_group
from tests.support.site_config import render_site_file

NGINX = "/usr/sbin/nginx"
START_TIMEOUT_S = 20.0
_ROUTE_LINE = re.compile(r'"(?P<method>\S+) (?P<uri>\S+)" (?P<status>\d+) '
                         r"route=(?P<route>\S*) upstream=(?P<upstream>\S*)")  # fmt: skip


@dataclass(frozen=True)
class RoutedRequest:
    """One line of the proxy's ``coach_routes`` access log."""

    uri: str
    status: int
    route: str
    upstream: str


@dataclass(frozen=True)
class NginxProxy:
    """A running proxy: its HTTPS base URL and its access and error logs."""

    url: str
    access_log: Path
    error_log: Path

    def routed_requests(self) -> list[RoutedRequest]:
        """Every request logged so far, with the route cookie and the instance that served it."""
        if not self.access_log.exists():
            return []
        found = (_ROUTE_LINE.search(line) for line in self.access_log.read_text().splitlines())
        return [
            RoutedRequest(m["uri"], int(m["status"]), m["route"], m["upstream"])
            for m in found
            if m is not None
        ]


def nginx_available() -> bool:
    return shutil.which(NGINX) is not None or Path(NGINX).exists()


def _main_config(folder: Path, site: Path) -> str:
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    # As root, nginx's workers would run as "nobody" and could not use the test's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} info;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
        f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
        f"  scgi_temp_path {temp['scgi']};\n  access_log off;\n"
        f"  include {site};\n"
        "}\n"
    )


@contextlib.contextmanager
def clinic_proxy(
    folder: Path, upstream_ports: Sequence[int], tls: tuple[Path, Path]
) -> Iterator[NginxProxy]:
    """Run nginx with the repository's ``deploy/nginx/coach.conf`` for two instances.

    Args:
        folder: Where the rendered configuration, logs and temporary files go.
        upstream_ports: The two ``coach app`` ports on 127.0.0.1.
        tls: ``(certificate, key)`` PEM files for 127.0.0.1.
    """
    first, second = upstream_ports
    https_port, http_port = free_port(), free_port()
    access_log = folder / "coach-access.log"
    site = render_site_file(
        "nginx/coach.conf",
        {
            "server 127.0.0.1:8501;": f"server 127.0.0.1:{first};",
            "server 127.0.0.1:8502;": f"server 127.0.0.1:{second};",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
            "/etc/coach/tls/fullchain.pem": str(tls[0]),
            "/etc/coach/tls/privkey.pem": str(tls[1]),
            "/var/log/nginx/coach-access.log": str(access_log),
        },
        folder / "coach.conf",
    )
    main = folder / "nginx.conf"
    main.write_text(_main_config(folder, site))
    error_log = folder / "error.log"
    check = subprocess.run(
        [NGINX, "-t", "-p", str(folder), "-e", str(error_log), "-c", str(main)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, f"nginx -t refused the configuration:\n{check.stderr}"
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-e", str(error_log), "-c", str(main), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    proxy = NginxProxy(f"https://127.0.0.1:{https_port}", access_log, error_log)
    try:
        _wait_until_answering(proxy, process)
        yield proxy
    finally:
        stop_process_group(process, signal.SIGQUIT)  # graceful: workers finish, then exit


def get_through(proxy: NginxProxy, path: str, route: str | None = None) -> int:
    """GET ``path`` through the proxy (certificate not checked); returns the status code."""
    request = urllib.request.Request(proxy.url + path)
    if route is not None:
        request.add_header("Cookie", f"coach_route={route}")
    unverified = ssl._create_unverified_context()
    with urllib.request.urlopen(request, timeout=5, context=unverified) as answer:
        return int(answer.status)


def _wait_until_answering(proxy: NginxProxy, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {proxy.error_log.read_text(errors='replace')}")
        with contextlib.suppress(OSError):
            if get_through(proxy, "/_stcore/health") == 200:
                return
        time.sleep(0.3)
    raise TimeoutError(f"nginx not answering after {START_TIMEOUT_S:.0f} s")
