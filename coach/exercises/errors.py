"""The one error raised for any bad exercise or routine definition."""

from __future__ import annotations


class ExerciseDefinitionError(ValueError):
    """An exercise or routine file (or text) that cannot be used.

    Attributes:
        source: file path or label of the text (``<editor>``).
        line: 1-based line of the offending node, or ``None`` if unknown.
        column: 1-based column of the offending node, or ``None``.
        field_path: dotted path of the field (``rep.turn_threshold``), or ``""``.
        problem: what is wrong, with expected vs found.
    """

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        field_path: str = "",
    ) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        self.column = column
        self.field_path = field_path
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" [{self.field_path}]" if self.field_path else ""
        return f"{where}:{field} {self.problem}"
