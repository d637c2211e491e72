"""A throwaway PostgreSQL server for tests (no coach imports; usable by hand).

Finds the server binaries (``initdb``, ``pg_ctl``, ``postgres``) on ``PATH`` or under
``/usr/lib/postgresql/*/bin``, initialises a cluster in a temporary folder, starts it on
127.0.0.1 on a free port with trust authentication, and removes everything on :meth:`stop`.
PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` user (or
``nobody``) and the folder is handed to that user.

Run ``python -m tests.support.pg_server`` (from the repository root) to start one by hand; it
prints the URL and waits for Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.network import free_port

SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
_UNPRIVILEGED_USERS = ("postgres", "nobody")


def _version_key(folder: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", folder.parent.name)) or (0,)


def find_server_bin() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, newest version first."""
    candidates: list[Path] = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for folder in candidates:
        if all(os.access(folder / name, os.X_OK) for name in SERVER_BINARIES):
            return folder
    return None


def _run_as_user() -> str | None:
    """The unprivileged user to run the server as when we are root, else ``None``."""
    if os.geteuid() != 0:
        return None
    for name in _UNPRIVILEGED_USERS:
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and neither a 'postgres' nor a 'nobody' user exists")


class PostgresServer:
    """One temporary PostgreSQL cluster. Use as a context manager or call start/stop."""

    def __init__(self, bin_dir: Path, superuser: str = "coach") -> None:
        self.bin_dir = bin_dir
        self.superuser = superuser
        self.port = 0
        self.root: Path | None = None
        self._user = _run_as_user()
        self._databases = 0

    @property
    def data_dir(self) -> Path:
        assert self.root is not None, "server not started"
        return self.root / "data"

    def _run(self, *args: str, timeout_s: float = 120) -> None:
        result = subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            user=self._user,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            cwd=self.root,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}\n"
                f"{self._log_tail()}"
            )

    def _log_tail(self) -> str:
        log = self.root / "server.log" if self.root else None
        if log is None or not log.exists():
            return ""
        return "server log:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-20:])

    def start(self) -> str:
        """Initialise and start the cluster; return the URL of its ``postgres`` database."""
        self.root = Path(tempfile.mkdtemp(prefix="coach-pg-"))
        if self._user is not None:
            entry = pwd.getpwnam(self._user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.port = free_port()
        self._run("initdb", "-D", str(self.data_dir), "-U", self.superuser, "--auth=trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        options = f"-p {self.port} -h 127.0.0.1 -k {self.root} -F -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")  # fmt: skip
        return self.url("postgres")

    def url(self, database: str) -> str:
        """SQLAlchemy URL (psycopg 3) of ``database`` on this server."""
        return f"postgresql+psycopg://{self.superuser}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """Create an empty database with a fresh name; return its URL."""
        import psycopg

        self._databases += 1
        name = f"{prefix}_{os.getpid()}_{self._databases}"
        dsn = f"host=127.0.0.1 port={self.port} user={self.superuser} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast) and delete its folder."""
        if self.root is None:
            return
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


if __name__ == "__main__":  # pragma: no cover - manual use
    found = find_server_bin()
    if found is None:
        raise SystemExit(
            "PostgreSQL server binaries not found (scripts/ensure-system-deps.sh --test)"
        )
    with PostgresServer(found) as server:
        print(server.url("postgres"), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
