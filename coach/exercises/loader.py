"""YAML text → validated models, with errors pointing at file, line and column.

PyYAML's ``compose`` keeps the node tree with source marks; pydantic's error locations are
walked down that tree so each error names the line and column of the offending value.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.schema import ExerciseDefinition, ReferenceProblem, RoutineDefinition

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
Loc = tuple[str | int, ...]


def _compose(text: str, source: str) -> tuple[yaml.Node | None, Any]:
    """Parse ``text`` into a node tree and plain data; YAML syntax errors become ours."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ExerciseDefinitionError(
            source,
            f"invalid YAML: {exc.problem or exc.context}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise ExerciseDefinitionError(source, f"invalid YAML: {exc}") from None
    if node is not None:
        _reject_duplicate_keys(node, source, ())
    return node, data


def _reject_duplicate_keys(node: yaml.Node, source: str, path: Loc) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                raise ExerciseDefinitionError(
                    source,
                    f"key {name!r} appears twice in the same mapping",
                    line=key.start_mark.line + 1,
                    column=key.start_mark.column + 1,
                    field_path=_dotted((*path, name)),
                )
            seen.add(name)
            _reject_duplicate_keys(value, source, (*path, name))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _reject_duplicate_keys(item, source, (*path, i))


def _node_at(root: yaml.Node | None, loc: Loc, key_node: bool = False) -> yaml.Node | None:
    """Deepest node along ``loc``; loc parts that are not in the tree (union tags) are skipped."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if str(k.value) == str(part)), None)
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
    root, data = _compose(text, source)
    if not isinstance(data, dict):
        raise ExerciseDefinitionError(
            source,
            f"expected a mapping of fields at the top level; found {type(data).__name__}",
            line=1,
            column=1,
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, root, source) from None
    except (TypeError, RecursionError) as exc:  # e.g. unhashable YAML keys
        raise ExerciseDefinitionError(source, f"cannot use this YAML: {exc}") from None


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
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        field_path=_dotted(loc),
    )


def read_text(path: Path) -> str:
    """File contents as text; unreadable files raise :class:`ExerciseDefinitionError`."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExerciseDefinitionError(str(path), f"cannot read file: {exc}") from None


def load_exercise_file(path: Path) -> ExerciseDefinition:
    """Load and validate one exercise YAML file; its ``id`` must match the file name."""
    exercise = validate_text(ExerciseDefinition, read_text(path), str(path))
    if exercise.id != path.stem:
        root, _ = _compose(read_text(path), str(path))
        node = _node_at(root, ("id",))
        raise ExerciseDefinitionError(
            str(path),
            f"id {exercise.id!r} must match the file name {path.stem!r}",
            line=node.start_mark.line + 1 if node is not None else None,
            column=node.start_mark.column + 1 if node is not None else None,
            field_path="id",
        )
    return exercise


def load_routine_file(path: Path) -> RoutineDefinition:
    """Load and validate one routine YAML file (exercise names are checked by the library)."""
    return validate_text(RoutineDefinition, read_text(path), str(path))
