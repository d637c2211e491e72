"""Routine validation errors in a therapist's words: exercises counted from 1, no schema jargon.

``exercises.1.sets: Input should be a valid integer`` becomes ``Exercise 2, sets: should be a
whole number``. Pure string functions, tested directly.
"""

from __future__ import annotations

import re

_FIELD_WORDS = {
    "id": "routine id",
    "name": "routine name",
    "description": "purpose",
    "exercises": "exercises",
    "exercise": "exercise",
    "sets": "sets",
    "reps": "reps",
    "hold_s": "hold (seconds)",
    "rest_s": "rest (seconds)",
    "rom_target_deg": "ROM target (°)",
    "side": "side",
    "notes": "notes",
}

_PROBLEM_WORDS: tuple[tuple[str, str], ...] = (
    (r"Input should be a valid integer[^;]*", "should be a whole number"),
    (r"Input should be a valid number[^;]*", "should be a number"),
    (r"Input should be greater than or equal to (\S+)", r"should be at least \1"),
    (r"Input should be less than or equal to (\S+)", r"should be at most \1"),
    (r"Input should be greater than (\S+)", r"should be more than \1"),
    (r"Input should be less than (\S+)", r"should be less than \1"),
    (r"Input should be ", "should be "),
    (r"String should have at least 1 character", "should not be empty"),
    (
        r"String should match pattern '\^\[a-z\]\[a-z0-9_\]\*\$'",
        "should start with a small letter and use only small letters, digits and _",
    ),
    (r"unknown field \(not part of the schema\)", "is not a setting a routine has"),
    (r"Field required", "is missing"),
    (r"; found ", "; you typed "),
)


def plain_field(field_path: str) -> str:
    """'exercises.1.sets' → 'Exercise 2, sets'; '' stays ''."""
    parts = [p for p in field_path.split(".") if p]
    words: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if part == "exercises" and following.isdigit():
            words.append(f"exercise {int(following) + 1}")
            index += 2
            continue
        words.append(_FIELD_WORDS.get(part, part.replace("_", " ")))
        index += 1
    text = ", ".join(words)
    return text[:1].upper() + text[1:]


def plain_problem(problem: str) -> str:
    """Pydantic's wording replaced by plain words (what was typed is kept)."""
    for pattern, words in _PROBLEM_WORDS:
        problem = re.sub(pattern, words, problem)
    return problem
