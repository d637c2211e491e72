"""Bounded YAML parsing for exercise and routine text that may be hostile.

Exercise and routine YAML comes from files anyone can drop in a folder and from the routine
builder's text box, so the parser must not be a way to hang or crash the app:

* **no aliases** (``*name``): they are what "billion laughs" bombs and self-referencing cycles
  are made of, and an exercise file never needs them; an anchor alone is harmless and allowed;
* **bounded size** (:data:`MAX_TEXT_BYTES`), **nesting** (:data:`MAX_DEPTH`) and **node count**
  (:data:`MAX_NODES`), so composing, constructing and walking the tree stay linear and shallow;
* **a time limit** (:data:`TIME_LIMIT_S`), checked at every node, as a last guard.

Every refusal is an :class:`ExerciseDefinitionError` with the source, line and column.
The text is composed once: the node tree (with source marks, for error locations) and the plain
data built from that same tree.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from coach.exercises.errors import ExerciseDefinitionError

#: Largest accepted text, in UTF-8 bytes; the biggest exercise file in the library is ~3 KB.
MAX_TEXT_BYTES = 256 * 1024
#: Deepest accepted nesting of mappings and sequences; the schema itself needs 5.
MAX_DEPTH = 24
#: Most nodes (scalars, mappings, sequences) in one document; a long exercise has ~250.
MAX_NODES = 20_000
#: Wall-clock budget for parsing one text, in seconds (checked at every node).
TIME_LIMIT_S = 5.0


class _Mark(Protocol):
    """A source position as PyYAML's pure and C parsers both give it (0-based)."""

    line: int
    column: int


@dataclass(frozen=True)
class ParsedYaml:
    """One YAML document: its node tree (``None`` when empty) and the plain data built from it."""

    root: yaml.Node | None
    data: Any


def position_of(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index`` in ``text``."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with aliases refused and depth, node count and time bounded."""

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text)
        self.source = source
        self.depth = 0
        self.nodes = 0
        self.deadline = time.monotonic() + TIME_LIMIT_S

    def refuse(self, problem: str, mark: _Mark | None) -> ExerciseDefinitionError:
        return ExerciseDefinitionError(
            self.source,
            problem,
            line=mark.line + 1 if mark is not None else 1,
            column=mark.column + 1 if mark is not None else 1,
        )

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise self.refuse(
                f"aliases (*{event.anchor}) are not allowed in exercise and routine YAML; "
                "write the value out in full",
                event.start_mark,
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.refuse(f"too many values (more than {MAX_NODES})", event.start_mark)
        if time.monotonic() > self.deadline:
            raise self.refuse(
                f"parsing took longer than {TIME_LIMIT_S:g} s; the text is too complex",
                event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise self.refuse(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            node: yaml.Node | None = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as exc:
            # e.g. an integer of more than 4300 digits, or the date 2024-13-45
            if isinstance(exc, ExerciseDefinitionError):
                raise
            reason = str(exc).split(";")[0][:120]
            raise self.refuse(f"invalid value: {reason}", node.start_mark) from None


def parse_yaml(text: str, source: str) -> ParsedYaml:
    """Parse one YAML document within the limits above.

    Args:
        text: the YAML source.
        source: file path or label used in error messages.

    Raises:
        ExerciseDefinitionError: syntax error, alias, too large, too deep, too slow, or a value
            YAML cannot build; always with line and column.
    """
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise ExerciseDefinitionError(
            source,
            f"text is {size} bytes; exercise and routine YAML may be at most "
            f"{MAX_TEXT_BYTES // 1024} KiB",
            line=1,
            column=1,
        )
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text, source)
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ExerciseDefinitionError(
            source,
            f"invalid YAML: {exc.problem or exc.context}",
            line=mark.line + 1 if mark else 1,
            column=mark.column + 1 if mark else 1,
        ) from None
    except yaml.reader.ReaderError as exc:
        line, column = position_of(text, exc.position)
        raise ExerciseDefinitionError(
            source,
            f"invalid YAML: character #x{exc.character:04x} is not allowed",
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as exc:
        raise ExerciseDefinitionError(source, f"invalid YAML: {exc}", line=1, column=1) from None
    finally:
        if loader is not None:
            loader.dispose()
    return ParsedYaml(root=root, data=data)
