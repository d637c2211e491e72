"""YAML text → validated models, with errors pointing at file, line and column.

Text is parsed once, safely (:mod:`coach.exercises.safe_yaml`), into a node tree with source
marks and the plain data; pydantic's error locations are walked down that tree so each error
names the line and column of the offending value.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.safe_yaml import MAX_TEXT_BYTES, ParsedYaml, parse_yaml, position_of
from coach.exercises.schema import ExerciseDefinition, ReferenceProblem, RoutineDefinition

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
Loc = tuple[str | int, ...]


def _reject_duplicate_keys(root: yaml.Node, source: str) -> None:
    """Refuse a mapping that repeats a key (YAML would silently keep the last one).

    Iterative, so a deep tree cannot exhaust the stack (the parser bounds depth anyway).
    """
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else repr(key.tag)
                if name in seen:
                    raise ExerciseDefinitionError(
                        source,
                        f"key {name!r} appears twice in the same mapping",
                        line=key.start_mark.line + 1,
                        column=key.start_mark.column + 1,
                        field_path=_dotted((*path, name)),
                    )
                seen.add(name)
                stack.append((value, (*path, name)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, i)) for i, item in enumerate(node.value))


def parse_text(text: str, source: str) -> ParsedYaml:
    """Parse YAML ``text`` once, safely (see :mod:`coach.exercises.safe_yaml`), no repeated keys."""
    parsed = parse_yaml(text, source)
    if parsed.root is not None:
        _reject_duplicate_keys(parsed.root, source)
    return parsed


def node_mark(root: yaml.Node | None, loc: Loc) -> tuple[int, int]:
    """1-based (line, column) of the node at ``loc`` (its nearest existing parent; 1:1 if none)."""
    node = _node_at(root, loc)
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def _node_at(root: yaml.Node | None, loc: Loc, key_node: bool = False) -> yaml.Node | None:
    """Deepest node along ``loc``; loc parts that are not in the tree (union tags) are skipped."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(
                (
                    (k, v)
                    for k, v in node.value
                    if isinstance(k, yaml.ScalarNode) and str(k.value) == str(part)
                ),
                None,
            )
            if pair is None:
                continue  # a missing key reports at its parent mapping
            if key_node and part == loc[-1]:
                return cast(yaml.Node, pair[0])
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return node
            node = node.value[part]
    return node


def _dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


def _describe(error: dict[str, Any], data_node: yaml.Node | None) -> str:
    kind = error["type"]
    msg = str(error["msg"])
    if kind == "extra_forbidden":
        return "unknown field (not part of the schema); check the spelling"
    found = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if isinstance(data_node, yaml.ScalarNode):
        found = data_node.value
    found_text = repr(found)
    if len(found_text) > 80:
        found_text = found_text[:77] + "..."
    return f"{msg}; found {found_text}"


def _loc_without_tags(loc: Loc) -> Loc:
    # The measurement union inserts its tag ("joint_angle") into the location; drop it so the
    # field path reads as it does in the file.
    if len(loc) > 2 and loc[0] == "measurements" and loc[2] in _MEASUREMENT_TAGS:
        return (*loc[:2], *loc[3:])
    return loc


_MEASUREMENT_TAGS = frozenset(
    {"joint_angle", "segment_angle", "distance", "height_drop", "height_rise"}
)


def validate_text(model: type[ModelT], text: str, source: str) -> ModelT:
    """Parse YAML ``text`` into ``model``; any problem raises :class:`ExerciseDefinitionError`.

    Args:
        model: the pydantic model class to validate against.
        text: YAML source.
        source: file path or label used in error messages.
    """
    return validate_parsed(model, parse_text(text, source), source)


def validate_parsed(model: type[ModelT], parsed: ParsedYaml, source: str) -> ModelT:
    """Validate already parsed YAML against ``model`` (errors carry line and column)."""
    if not isinstance(parsed.data, dict):
        raise ExerciseDefinitionError(
            source,
            f"expected a mapping of fields at the top level; found {type(parsed.data).__name__}",
            line=1,
            column=1,
        )
    try:
        return model.model_validate(parsed.data)
    except ValidationError as exc:
        raise _first_error(exc, parsed.root, source) from None
    except (TypeError, ValueError, RecursionError) as exc:  # e.g. unhashable YAML keys
        line, column = node_mark(parsed.root, ())
        raise ExerciseDefinitionError(
            source, f"cannot use this YAML: {exc}", line=line, column=column
        ) from None


def _first_error(exc: ValidationError, root: yaml.Node | None, source: str) -> Exception:
    # A misspelt key shows up as "unknown field" plus "missing field"; the former is the cause.
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    error: dict[str, Any] = dict(errors[0])
    loc: Loc = tuple(error["loc"])
    ctx: dict[str, Any] = error.get("ctx") or {}
    problem_ctx = ctx.get("error")
    if isinstance(problem_ctx, ReferenceProblem):
        loc = (*loc, *problem_ctx.path)
        problem = str(problem_ctx)
    else:
        loc = _loc_without_tags(loc)
        problem = ""
    node = _node_at(root, loc, key_node=error["type"] == "extra_forbidden")
    if not problem:
        problem = _describe(error, node)
    count = len(exc.errors())
    if count > 1:
        problem += f" (and {count - 1} more problem{'s' if count > 2 else ''})"
    mark = node.start_mark if node is not None else None
    return ExerciseDefinitionError(
        source,
        problem,
        line=mark.line + 1 if mark else 1,
        column=mark.column + 1 if mark else 1,
        field_path=_dotted(loc),
    )


def read_text(path: Path) -> str:
    """File contents as UTF-8 text, refusing non-files, oversized and undecodable files.

    Raises:
        ExerciseDefinitionError: not a regular file, larger than
            :data:`~coach.exercises.safe_yaml.MAX_TEXT_BYTES`, unreadable, or not UTF-8 (with
            the line and column of the first bad byte).
    """
    source = str(path)
    if not path.is_file():  # a FIFO or device would block or never end
        raise ExerciseDefinitionError(source, "not a regular file", line=1, column=1)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise ExerciseDefinitionError(
            source, f"cannot read file: {exc.strerror or exc}", line=1, column=1
        ) from None
    if len(raw) > MAX_TEXT_BYTES:
        raise ExerciseDefinitionError(
            source,
            f"file is larger than {MAX_TEXT_BYTES // 1024} KiB, the limit for exercise and "
            "routine YAML",
            line=1,
            column=1,
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = position_of(before, len(before))
        raise ExerciseDefinitionError(
            source, "not UTF-8 text (binary data?)", line=line, column=column
        ) from None


def load_exercise_parsed(path: Path) -> tuple[ExerciseDefinition, ParsedYaml]:
    """Load and validate one exercise file (id must match the file name), with its parse."""
    parsed = parse_text(read_text(path), str(path))
    exercise = validate_parsed(ExerciseDefinition, parsed, str(path))
    if exercise.id != path.stem:
        line, column = node_mark(parsed.root, ("id",))
        raise ExerciseDefinitionError(
            str(path),
            f"id {exercise.id!r} must match the file name {path.stem!r}",
            line=line,
            column=column,
            field_path="id",
        )
    return exercise, parsed


def load_exercise_file(path: Path) -> ExerciseDefinition:
    """Load and validate one exercise YAML file; its ``id`` must match the file name."""
    return load_exercise_parsed(path)[0]


def load_routine_parsed(path: Path) -> tuple[RoutineDefinition, ParsedYaml]:
    """Load and validate one routine file, with its parse (exercise names are not checked)."""
    parsed = parse_text(read_text(path), str(path))
    return validate_parsed(RoutineDefinition, parsed, str(path)), parsed
