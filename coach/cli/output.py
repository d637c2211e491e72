"""What every ``coach`` command prints on failure: one line on stderr, then exit code 2."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

err_console = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` (markup-safe) on stderr; return the exit to raise (code 2)."""
    err_console.print(f"[red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
    return typer.Exit(2)
