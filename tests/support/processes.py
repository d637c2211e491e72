"""Stopping a server a test started in a session of its own (``start_new_session=True``)."""

from __future__ import annotations

import os
import signal
import subprocess


def stop_process_group(
    process: subprocess.Popen[bytes] | subprocess.Popen[str],
    first_signal: int = signal.SIGTERM,
    timeout_s: float = 10.0,
) -> None:
    """Send ``first_signal`` to the process's whole group (a server and the children it
    started), wait up to ``timeout_s``, then SIGKILL the group. Nothing if it already ended."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, first_signal)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout_s)
