"""``coach demo seed``: a demo clinic with several weeks of clearly labelled demo history."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from coach.cli.db import db_option, store_errors

app = typer.Typer(help="Demo data for trying the app.", no_args_is_help=True)
console = Console()


@app.command("seed")
def seed(
    db: str | None = db_option(),
    seed_value: int = typer.Option(7, "--seed", help="Random seed of the generated history."),
) -> None:
    """Create a demo therapist, two demo patients with prescriptions and weeks of history.

    Idempotent: running it again leaves existing demo data as it is. Every demo account and
    session is flagged as demo and named "(demo)".
    """
    from coach.store import open_database
    from coach.store.demo import seed_demo

    with (
        store_errors(),
        open_database(db, create=False) as database,
        console.status("generating demo history..."),
    ):
        report = seed_demo(database, seed=seed_value)
    note = "" if report.sessions_added else " (demo history already present)"
    console.print(f"demo sessions added: {report.sessions_added}{note}")
    table = Table(title="Demo sign-ins (demo data only, never use for real patients)")
    for column in ("user name", "password", "role"):
        table.add_column(column)
    for username, password, role in report.accounts:
        table.add_row(username, password, role)
    console.print(table)
