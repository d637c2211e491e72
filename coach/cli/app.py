"""``coach app``: prepare the database and serve the Streamlit app.

Before the server starts, the database is migrated, sessions left ``active`` by a process that
died are marked ``interrupted``, and an empty database gets the demo accounts, whose sign-in
names and passwords are printed once in the terminal.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from coach.store import Database

logger = logging.getLogger(__name__)

#: The Streamlit script that ``streamlit run`` executes.
APP_SCRIPT = Path(__file__).resolve().parent.parent / "app" / "main.py"

console = Console()


def prepare_database(url: str | None) -> tuple[Database, str]:
    """Open and migrate the database, close dangling sessions, seed demo data if empty.

    Args:
        url: SQLAlchemy URL, or ``None`` for ``COACH_DATABASE_URL`` / the embedded default.

    Returns:
        The open database and the URL it was opened with (to hand to the app server).

    Raises:
        coach.store.StoreError: The database cannot be opened, migrated or seeded.
    """
    from coach.store import (
        Actor,
        ClinicService,
        default_database_url,
        mark_dangling_sessions_interrupted,
        open_database,
    )

    resolved = url or default_database_url()  # which reads COACH_DATABASE_URL
    db = open_database(resolved, upgrade=True)
    interrupted = mark_dangling_sessions_interrupted(db)
    if interrupted:
        console.print(f"Marked {interrupted} unfinished session(s) as interrupted.")
    if not ClinicService(db, Actor.system("coach app")).accounts.list_users():
        _seed_demo(db)
    return db, resolved


def _seed_demo(db: Database) -> None:
    """Seed the demo accounts and history, and print how to sign in with them."""
    from coach.store.demo import seed_demo

    console.print("Empty database: adding the demo clinic (clearly labelled demo data)…")
    report = seed_demo(db)
    table = Table(title="Demo accounts (change or remove them before real use)")
    table.add_column("Role")
    table.add_column("User name", style="bold")
    table.add_column("Password", style="bold")
    for username, password, role in report.accounts:
        table.add_row(role, username, password)
    console.print(table)
    console.print(f"Added {report.sessions_added} demo sessions (labelled demo).")


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8501, "--port", min=1, max=65535, help="Port to listen on."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL (default: COACH_DATABASE_URL or embedded SQLite)."
    ),
) -> None:
    """Start the coach app in the browser (therapists and patients sign in there)."""
    from coach.store import StoreError

    try:
        _, resolved_url = prepare_database(db)
    except StoreError as error:
        console.print(f"[red]Cannot start the app:[/red] {error}")
        raise typer.Exit(code=2) from None
    env = {**os.environ, "COACH_DATABASE_URL": resolved_url}
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
        "--server.headless", "true",
        "--server.address", host,
        "--server.port", str(port),
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
        "--theme.primaryColor", "#1f6feb",
    ]  # fmt: skip
    console.print(f"Coach is starting at [bold]http://{host}:{port}[/bold] (Ctrl+C to stop)")
    try:
        completed = subprocess.run(command, env=env, check=False)
    except KeyboardInterrupt:
        return
    if completed.returncode not in (0, -2):
        raise typer.Exit(code=completed.returncode)
