"""Child process for the crash and multi-process tests: records reps as a real session would.

    python -m tests.store.recorder URL USERNAME PASSWORD SECONDS

Signs in, starts a session for itself, opens a set, prints ``session <id>``, then records one
rep after another, printing ``rep <index>`` on stdout after each commit returns. Runs until
killed when SECONDS is 0; otherwise it first waits for a line on stdin (the parent's "go"), stops
after SECONDS and prints ``sent <count>``.
"""

from __future__ import annotations

import sys
import time

from coach.store import ClinicService, authenticate, open_database
from tests.support.reps import completed_rep


def main(url: str, username: str, password: str, seconds: float) -> int:
    db = open_database(url, upgrade=False)
    actor = authenticate(db, username, password)
    assert actor.user_id is not None
    clinic = ClinicService(db, actor)
    session_id = clinic.recording.start_session(actor.user_id, backend="movenet")
    set_id = clinic.recording.record_set_start(session_id, "sit_to_stand", set_index=0)
    print(f"session {session_id}", flush=True)
    if seconds > 0:
        sys.stdin.readline()  # "go": every writer starts at once, so they contend throughout
    deadline = time.monotonic() + seconds if seconds > 0 else float("inf")
    index = 0
    while time.monotonic() < deadline:
        clinic.recording.record_rep(
            set_id,
            completed_rep(
                index + 1, index * 1000, index * 1000 + 800, rom_min_deg=90.0, rom_max_deg=170.0
            ),
        )
        print(f"rep {index}", flush=True)  # only after the commit returned
        index += 1
    clinic.recording.finish_session(session_id)
    print(f"sent {index}", flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])))
