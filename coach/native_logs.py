"""Keep the native libraries' start-up chatter off the terminal.

TensorFlow, XLA, LiteRT and MediaPipe log from C++ straight to file descriptor 2, before and
outside Python's ``logging``: "Unable to register cuFFT factory…", "computation placer already
registered…", "Created TensorFlow Lite XNNPACK delegate…", MediaPipe's absl warnings. On a
machine without a GPU none of it tells the user anything. Environment variables silence only
part of it (``TF_CPP_MIN_LOG_LEVEL`` does not reach absl's early messages or LiteRT's logger),
so :func:`filter_native_stderr` puts a filter between fd 2 and the terminal that drops those
lines and passes everything else through. Python's own ``sys.stderr`` keeps writing to the
terminal directly, so progress bars still see a TTY.

Only entry points call this; importing the module has no side effect.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import re
import sys
import threading
from collections.abc import Callable

#: Native log lines dropped unless ``--verbose``: absl/glog lines of level I or W
#: (``W0000 00:00:…``), TensorFlow's timestamped I/W lines, the CUDA plugin registration errors
#: of a GPU-less machine, absl's "before InitializeLog" banner and TFLite/LiteRT INFO lines.
#: Other E and every F (fatal) line still reach the terminal.
NOISE = re.compile(
    r"^(?:"
    r"[IW]\d{4} \d\d:\d\d:\d\d"
    r"|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IW] "
    r"|.*Unable to register cu(?:FFT|DNN|BLAS) factory"
    r"|.*cuda_(?:fft|dnn|blas)\.cc"
    r"|WARNING: All log messages before absl::InitializeLog\(\) is called"
    r"|INFO: (?:Created TensorFlow Lite|Initialized TensorFlow Lite)"
    r")"
)

#: Environment read by the native libraries when they load (quietest useful levels).
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "GLOG_minloglevel": "2"}

_installed: list[Callable[[], None]] = []


def is_noise(line: str) -> bool:
    """Whether a native stderr line is start-up chatter to drop (see :data:`NOISE`)."""
    return NOISE.match(line) is not None


def quiet_environment() -> None:
    """Set :data:`QUIET_ENV` where the user has not chosen otherwise (children inherit it)."""
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)


def filter_native_stderr() -> Callable[[], None]:
    """Route fd 2 through a line filter that drops :data:`NOISE`; returns the undo function.

    Idempotent: a second call returns the first call's undo. The undo (also run at exit)
    restores fd 2 and flushes what the filter still holds. Does nothing (returns a no-op)
    when ``sys.stderr`` was already replaced, e.g. by a test runner capturing output.
    """
    if _installed:
        return _installed[0]
    previous_stderr = sys.stderr
    if previous_stderr is not sys.__stderr__:
        return lambda: None
    if previous_stderr is None:
        return lambda: None
    terminal_fd = os.dup(2)
    read_fd, write_fd = os.pipe()
    with contextlib.suppress(ValueError, OSError):
        previous_stderr.flush()
    os.dup2(write_fd, 2)
    os.close(write_fd)
    # Python writes straight to the terminal (a TTY stays a TTY for rich's progress bars).
    sys.stderr = io.TextIOWrapper(
        os.fdopen(os.dup(terminal_fd), "wb"),
        encoding=getattr(previous_stderr, "encoding", None) or "utf-8",
        errors="backslashreplace",
        line_buffering=True,
    )
    thread = threading.Thread(
        target=_pump, args=(read_fd, terminal_fd), name="coach-stderr-filter", daemon=True
    )
    thread.start()

    def undo() -> None:
        if not _installed:
            return
        _installed.clear()
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        os.dup2(terminal_fd, 2)  # closes the pipe's last write end: the pump sees EOF
        thread.join(timeout=1.0)
        sys.stderr = previous_stderr

    _installed.append(undo)
    atexit.register(undo)
    return undo


def _pump(read_fd: int, terminal_fd: int) -> None:
    """Copy lines from ``read_fd`` to ``terminal_fd``, dropping noise, until EOF."""
    with os.fdopen(read_fd, "rb", buffering=0) as source:
        pending = b""
        while chunk := source.read(65536):
            pending += chunk
            *lines, pending = pending.split(b"\n")
            kept = [line for line in lines if not is_noise(line.decode("utf-8", "replace"))]
            if kept:
                os.write(terminal_fd, b"\n".join(kept) + b"\n")
        if pending and not is_noise(pending.decode("utf-8", "replace")):
            os.write(terminal_fd, pending)
