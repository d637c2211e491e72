"""Running the Streamlit server as a child of ``coach app``, and stopping it cleanly.

``coach app`` stays the parent: it renews this server's lease in the database (so other servers
on the same database leave its live sessions alone, :mod:`coach.store.leases`), watches the
database file, and on SIGTERM, SIGINT or SIGHUP passes the stop on to the Streamlit child, waits
for it (it finishes the request in hand; every recorded event is already committed), kills it
after :data:`STOP_TIMEOUT_S` if it hangs, marks this server's live sessions ``interrupted`` and
exits, so the port is free again. On Linux the child is also told to stop if the parent dies
without a chance to clean up (SIGKILL).
"""

from __future__ import annotations

import ctypes
import logging
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from types import FrameType

from rich.console import Console

from coach.store import Database, DatabaseUnavailableError, StoreError
from coach.store.leases import (
    HEARTBEAT_INTERVAL_S,
    LEASE_TTL_S,
    mark_orphaned_sessions,
    release_server,
    renew_lease,
)

logger = logging.getLogger(__name__)

#: How long the child gets to stop after the signal before it is killed.
STOP_TIMEOUT_S = 7.0
#: Signals that stop the app (SIGHUP: the terminal closed or a service manager asked).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1

console = Console(stderr=True)


def _stop_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: deliver SIGTERM to the child when its parent dies (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Heartbeat(threading.Thread):
    """Renews the lease, interrupts orphaned sessions of dead peers, notices a lost database."""

    def __init__(self, db: Database, server_id: str) -> None:
        super().__init__(name="coach-heartbeat", daemon=True)
        self.db = db
        self.server_id = server_id
        self.stopped = threading.Event()
        self._reported: str | None = None

    def run(self) -> None:
        while not self.stopped.wait(HEARTBEAT_INTERVAL_S):
            self.beat()

    def beat(self) -> None:
        """One renewal; a failure is reported once on the terminal, not raised."""
        try:
            self.db.check_file()
            renew_lease(self.db, self.server_id)
            # Owner-less sessions (recorded by a command) get a lease's grace before a peer
            # calls them orphaned; at start-up they are closed at once, as before.
            mark_orphaned_sessions(self.db, idle_for_s=LEASE_TTL_S)
        except StoreError as error:
            if str(error) != self._reported:
                console.print(f"[red]Database problem:[/red] {error}", soft_wrap=True)
                self._reported = str(error)
        else:
            self._reported = None


def serve_until_stopped(
    command: Sequence[str],
    env: Mapping[str, str],
    db: Database,
    server_id: str,
    *,
    on_started: Callable[[], None] = lambda: None,
) -> int:
    """Run ``command`` (the Streamlit server) until it exits or a stop signal arrives.

    Returns:
        The exit code for ``coach app``: 0 after a stop signal or a clean exit of the child,
        otherwise the child's code.
    """
    stop_requested = threading.Event()
    child = subprocess.Popen(list(command), env=dict(env), preexec_fn=_stop_with_parent)

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop_requested.set()
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)

    previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
    heartbeat = Heartbeat(db, server_id)
    heartbeat.start()
    on_started()
    try:
        while True:
            try:
                code = child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if stop_requested.is_set():
                    code = _wait_or_kill(child)
                    break
    finally:
        heartbeat.stopped.set()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _release(db, server_id)
    if stop_requested.is_set() or code in (0, -signal.SIGTERM, -signal.SIGINT):
        return 0
    return code


def _wait_or_kill(child: subprocess.Popen[bytes]) -> int:
    try:
        return child.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        logger.warning("the app server did not stop within %.0f s; killing it", STOP_TIMEOUT_S)
        child.kill()
        return child.wait()


def _release(db: Database, server_id: str) -> None:
    try:
        interrupted = release_server(db, server_id)
    except DatabaseUnavailableError as error:
        console.print(f"[red]Could not close this server's sessions:[/red] {error}")
        return
    if interrupted:
        console.print(f"Marked {interrupted} live session(s) of this server as interrupted.")
    console.print("Coach stopped.")
