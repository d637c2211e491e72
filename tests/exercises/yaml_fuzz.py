"""Broken exercise and routine files, generated from the real library with a seeded RNG.

Each case starts from a real file of ``exercises/`` and breaks it one way: a key deleted, a value
of the wrong type, an out-of-range threshold, an alias cycle or bomb, deep nesting, binary junk,
a 1 MB string, or random edits of the text. ``make fuzz`` runs 10,000 of them; the normal test
run a seeded sample of a few hundred.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

EXERCISES = Path(__file__).parents[2] / "exercises"
ROUTINES = EXERCISES / "routines"


@dataclass(frozen=True)
class FuzzCase:
    """One generated file: what was done, to which kind of file, and its bytes."""

    number: int
    kind: str
    target: str  # "exercise" (file named after the exercise id) or "routine"
    stem: str
    content: bytes

    @property
    def label(self) -> str:
        return f"case {self.number} ({self.kind}, {self.target} {self.stem})"


def _sources() -> dict[str, list[tuple[str, str]]]:
    return {
        "exercise": [(p.stem, p.read_text("utf-8")) for p in sorted(EXERCISES.glob("*.yaml"))],
        "routine": [(p.stem, p.read_text("utf-8")) for p in sorted(ROUTINES.glob("*.yaml"))],
    }


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path into nested dicts and lists."""
    found: list[tuple[Any, ...]] = []
    items: list[tuple[Any, Any]] = []
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    for key, value in items:
        found.append((*prefix, key))
        found.extend(_paths(value, (*prefix, key)))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _wrong_value(rng: random.Random) -> Any:
    return rng.choice(
        [
            None, True, False, 0, -1, 1e29, -1e29, -148, 181, 1e-300, 3.5, "", "x", "nan",
            "-.inf", [], [1, 2], {}, {"a": 1}, "{side}_kneee", 10**30, "0x1F", "2024-13-45",
            [[[]]], {"type": "joint_angle"}, "=cmd|' /C calc'!A0",
        ]
    )  # fmt: skip


def _delete_key(rng: random.Random, data: Any) -> str:
    path = rng.choice(_paths(data))
    parent = _parent(data, path)
    del parent[path[-1]]
    return yaml.safe_dump(data, sort_keys=False)


def _wrong_type(rng: random.Random, data: Any) -> str:
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(_paths(data))
        _parent(data, path)[path[-1]] = _wrong_value(rng)
    return yaml.safe_dump(data, sort_keys=False)


def _out_of_range(rng: random.Random, data: Any) -> str:
    numeric = [p for p in _paths(data) if isinstance(_parent(data, p)[p[-1]], int | float)]
    if not numeric:
        return _wrong_type(rng, data)
    path = rng.choice(numeric)
    _parent(data, path)[path[-1]] = rng.choice(
        [-148, -0.001, 180.5, 361, 1e29, -1e29, 1e308, 0, 1e6, 101, 91]
    )
    return yaml.safe_dump(data, sort_keys=False)


def _alias_cycle(rng: random.Random, text: str) -> str:
    cycles = [
        "x: &x\n  y: *x\n",
        "x: &x [*x]\n",
        "&a [*a, *a]\n",
        "a: &a {b: &b {c: *a, d: *b}}\n",
        "id: &i squat\nname: *i\n",
        "- &x {a: *x}\n",
    ]
    cycle = rng.choice(cycles)
    if rng.random() < 0.5:
        return cycle
    lines = text.splitlines()
    at = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], cycle.rstrip(), *lines[at:]]) + "\n"


def _alias_bomb(rng: random.Random, text: str) -> str:
    width = rng.randint(2, 12)
    depth = rng.randint(3, 12)
    rows = [f'l0: &l0 "{"lol" * rng.randint(1, 5)}"']
    for level in range(1, depth):
        refs = ", ".join(f"*l{level - 1}" for _ in range(width))
        rows.append(f"l{level}: &l{level} [{refs}]")
    bomb = "\n".join(rows) + "\n"
    return bomb if rng.random() < 0.5 else text + bomb


def _deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([25, 50, 100, 1000, 10_000, 100_000])
    style = rng.randrange(4)
    if style == 0:
        return "x: " + "[" * depth + "]" * depth + "\n"
    if style == 1:
        return "x: " + "{a: " * depth + "1" + "}" * depth + "\n"
    if style == 2:
        return "".join("  " * i + "a:\n" for i in range(min(depth, 200))) + "  " * depth + "1\n"
    return "x: " + "[" * depth + "\n"  # never closed


def _binary_junk(rng: random.Random, text: str) -> bytes:
    junk = rng.randbytes(rng.randint(1, 4096))
    style = rng.randrange(3)
    if style == 0:
        return junk
    raw = text.encode("utf-8")
    at = rng.randrange(len(raw) + 1)
    if style == 1:
        return raw[:at] + junk + raw[at:]
    return raw[:at] + bytes([rng.choice([0, 1, 7, 27, 0x7F, 0xFE, 0xFF])]) + raw[at:]


def _huge_string(rng: random.Random, data: Any) -> str:
    size = rng.choice([1 << 20, (1 << 20) + 7, 300_000, 200_000])
    field = rng.choice(["name", "description", "id", "notes", "cue"])
    data[field] = rng.choice("ab€\U0001f600") * size
    # libyaml's emitter when PyYAML has it: the pure-Python one takes seconds per megabyte.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1 << 30)


def _text_edits(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 20)):
        if not chars:
            break
        at = rng.randrange(len(chars))
        action = rng.randrange(4)
        if action == 0:
            del chars[at]
        elif action == 1:
            chars.insert(at, rng.choice(":-[]{}&*!|>'\"#%@`?,\t\n "))
        elif action == 2:
            chars[at] = rng.choice("0123456789abcxyz:-\n ")
        else:
            chars = chars[:at]  # truncated file
    return "".join(chars)


def _scalar_edge(rng: random.Random, text: str) -> str:
    return rng.choice(
        [
            "x: " + "9" * rng.randint(4000, 20_000) + "\n",
            "x: !!python/object/apply:os.system ['true']\n",
            "x: !!binary '@@@'\n",
            "d: 2024-13-45\n",
            "? [a, b]\n: 1\n",
            "? {a: 1}\n: 2\n",
            "1: 2\n",
            "null: 3\n",
            "a: 1\n---\nb: 2\n",
            "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
            "x: !!set {a, b}\n",
            "x: !unknown tag\n",
            "<<: {id: squat}\n",
            text.replace(": ", ":\t", rng.randint(1, 5)),
            "",
            "---\n",
            "\ufeff" + text,
        ]
    )


Mutation = Callable[[random.Random, Any, str], str | bytes]

MUTATIONS: dict[str, Mutation] = {
    "deleted_key": lambda rng, data, text: _delete_key(rng, data),
    "wrong_type": lambda rng, data, text: _wrong_type(rng, data),
    "out_of_range": lambda rng, data, text: _out_of_range(rng, data),
    "alias_cycle": lambda rng, data, text: _alias_cycle(rng, text),
    "alias_bomb": lambda rng, data, text: _alias_bomb(rng, text),
    "deep_nesting": lambda rng, data, text: _deep_nesting(rng, text),
    "binary_junk": lambda rng, data, text: _binary_junk(rng, text),
    "huge_string": lambda rng, data, text: _huge_string(rng, data),
    "text_edits": lambda rng, data, text: _text_edits(rng, text),
    "scalar_edge": lambda rng, data, text: _scalar_edge(rng, text),
}


def generate(count: int, seed: int) -> Iterator[FuzzCase]:
    """``count`` cases, the same for the same seed; kinds and targets taken in turn."""
    rng = random.Random(seed)
    sources = _sources()
    kinds = sorted(MUTATIONS)
    for number in range(count):
        kind = kinds[number % len(kinds)]
        target = "routine" if (number // len(kinds)) % 4 == 3 else "exercise"
        stem, text = rng.choice(sources[target])
        data = yaml.safe_load(text)
        content = MUTATIONS[kind](rng, data, text)
        raw = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        yield FuzzCase(number=number, kind=kind, target=target, stem=stem, content=raw)
