"""Generated broken files: every one loads or fails with a located ExerciseDefinitionError.

The normal run checks a seeded sample (``COACH_FUZZ_CASES``, default 300); ``make fuzz`` runs
10,000. A "hang" is a case still running after :data:`HANG_S` seconds: a watchdog interrupts it
and it is reported (the parser's own time limit is far below that).
"""

from __future__ import annotations

import functools
import os
import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.library import ExerciseLibrary, load_library, parse_routine_yaml
from coach.exercises.loader import load_exercise_file, read_text
from tests.exercises.yaml_fuzz import MUTATIONS, FuzzCase, generate

CASES = int(os.environ.get("COACH_FUZZ_CASES", "300"))
SEED = int(os.environ.get("COACH_FUZZ_SEED", "13"))
#: Far above the parser's 5 s time limit; only a real hang gets here.
HANG_S = 30


class _Hang(Exception):
    pass


@contextmanager
def _watchdog(seconds: int) -> Iterator[None]:
    def _fire(_signum: int, _frame: FrameType | None) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, _fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@functools.cache
def _library() -> ExerciseLibrary:
    return load_library()


LOADED = "loaded"
REFUSED = "refused"


def _run(case: FuzzCase, folder: Path) -> str:
    """:data:`LOADED`, :data:`REFUSED` (a clean, located error), or what went wrong."""
    path = folder / f"{case.stem}.yaml"
    path.write_bytes(case.content)
    try:
        with _watchdog(HANG_S):
            if case.target == "exercise":
                load_exercise_file(path)
            else:
                parse_routine_yaml(read_text(path), str(path), _library())
    except ExerciseDefinitionError as exc:
        if exc.line is None or exc.column is None or exc.line < 1 or exc.column < 1:
            return f"{case.label}: error without line and column: {exc}"
        if not str(exc).startswith(str(path)):
            return f"{case.label}: error does not name the file: {exc}"
        return REFUSED
    except _Hang:
        return f"{case.label}: still running after {HANG_S} s (hang)"
    except Exception:  # any other exception is the defect being hunted
        return f"{case.label}: traceback\n{traceback.format_exc(limit=-3)}"
    return LOADED


def test_generated_broken_files_give_located_errors_and_no_traceback_or_hang(
    tmp_path: Path,
) -> None:
    failures: list[str] = []
    kinds: dict[str, int] = {}
    outcomes = {LOADED: 0, REFUSED: 0}
    for case in generate(CASES, SEED):
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
        outcome = _run(case, tmp_path)
        if outcome in outcomes:
            outcomes[outcome] += 1
        else:
            failures.append(outcome)
    assert set(kinds) == set(MUTATIONS), kinds
    assert not failures, f"{len(failures)} of {CASES} cases failed:\n" + "\n".join(failures[:20])
    # Some mutations leave a valid file (an optional key deleted); most must be refused.
    assert outcomes[REFUSED] >= 0.8 * CASES, outcomes


def test_the_generator_is_reproducible_and_breaks_what_it_says() -> None:
    first = [c.content for c in generate(40, 1)]
    assert first == [c.content for c in generate(40, 1)]
    by_kind = {c.kind: c for c in generate(40, 2)}
    assert b"*" in by_kind["alias_cycle"].content
    assert (
        by_kind["deep_nesting"].content.count(b"[") + by_kind["deep_nesting"].content.count(b"{")
        >= 25
        or by_kind["deep_nesting"].content.count(b"a:") >= 25
    )
    huge = [c for c in generate(200, 3) if c.kind == "huge_string"]
    assert any(len(c.content) >= 1 << 20 for c in huge)
