"""``coach db upgrade|status|sync-exercises``, plus the ``--db`` option and error handling shared
by the storage commands (``users``, ``demo``, ``export``)."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from coach.cli.output import err_console, fail

if TYPE_CHECKING:
    from coach.store import ClinicService, UserInfo

app = typer.Typer(help="Create, migrate and inspect the database.", no_args_is_help=True)
console = Console()

DB_HELP = (
    "Database URL, e.g. sqlite:///data/coach.db or postgresql+psycopg://user@host/coach "
    "(default: $COACH_DATABASE_URL, else data/coach.db in the checkout)."
)


def db_option() -> str | None:
    """The ``--db URL`` option every storage command takes."""
    return typer.Option(None, "--db", help=DB_HELP, show_default=False)  # type: ignore[no-any-return]


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn the store's user-facing errors into a one-line message and exit code 2."""
    from sqlalchemy.exc import SQLAlchemyError

    from coach.store import StoreError

    try:
        yield
    except StoreError as exc:
        err_console.print(f"error: {exc}", style="red", soft_wrap=True, markup=False)
        raise typer.Exit(2) from None
    except SQLAlchemyError as exc:  # not the user's fault: say what the database said
        reason = getattr(exc, "orig", None) or exc
        err_console.print(f"database error: {reason}", style="red", soft_wrap=True, markup=False)
        raise typer.Exit(1) from None


@contextmanager
def operator_clinic(db: str | None) -> Iterator[ClinicService]:
    """The services of the existing database at ``db`` for the local operator (an admin).

    The database is never created here (``coach db upgrade`` does that) and is closed after.
    """
    from coach.store import Actor, ClinicService, open_database

    with open_database(db, create=False) as database:
        yield ClinicService(database, Actor.system(operator_label()))


def find_patient(clinic: ClinicService, name: str) -> UserInfo:
    """The patient signed in as ``name``; one message whether the name is unknown or is not a
    patient's, so the answer does not tell which accounts exist.

    Raises:
        NotFoundError: no patient has that sign-in name.
    """
    from coach.store import NotFoundError, Role

    unknown = NotFoundError(f"no patient named {name!r}")
    try:
        user = clinic.accounts.find_user(name)
    except NotFoundError:
        raise unknown from None
    if user.role is not Role.PATIENT:
        raise unknown
    return user


def operator_label() -> str:
    """How command-line changes are signed in the audit log (``cli:<os user>``)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@app.command("upgrade")
def upgrade(db: str | None = db_option()) -> None:
    """Create the database if needed and apply every pending migration."""
    from coach.store import current_revision, open_database, upgrade_database
    from coach.store.engine import default_database_url, sqlite_file

    with store_errors():
        path = sqlite_file(db or default_database_url())
        if path is not None and not path.exists():
            console.print(f"creating a new database at {path}", soft_wrap=True, markup=False)
        with open_database(db, upgrade=False) as database:
            before = current_revision(database)
            after = upgrade_database(database)
    state = "already up to date" if before == after else f"upgraded from {before or 'empty'}"
    console.print(f"{database.display_url}: revision {after} ({state})", soft_wrap=True)


@app.command("status")
def status(db: str | None = db_option()) -> None:
    """Show the database URL, its schema revision and whether an upgrade is pending."""
    from coach.store import current_revision, head_revision, open_database

    with store_errors(), open_database(db, upgrade=False, create=False) as database:
        current = current_revision(database)
    head = head_revision()
    console.print(f"database: {database.display_url}", soft_wrap=True, markup=False)
    console.print(f"revision: {current or 'none (empty database)'}", markup=False)
    console.print(f"latest:   {head}", markup=False)
    if current != head:
        console.print("run `coach db upgrade` to migrate (the app also does it at start)")


@app.command("backup")
def backup(
    out: Path = typer.Argument(..., help="New file to write the copy to (never overwritten)."),
    db: str | None = db_option(),
) -> None:
    """Check an SQLite database's integrity, then copy it while coach may be using it
    (PostgreSQL: use pg_dump). A database that fails the check is not copied."""
    from coach.cli.inputs import InputError, check_output_file
    from coach.store import backup_database, open_database

    try:  # before the database is opened
        check_output_file(out, "backup")
    except InputError as exc:
        raise fail(str(exc)) from None
    with store_errors(), open_database(db, upgrade=False, create=False) as database:
        backup_database(database, out)
    console.print(f"backed up {database.display_url} to {out}", soft_wrap=True, markup=False)


@app.command("sync-exercises")
def sync_exercises(db: str | None = db_option()) -> None:
    """Store the exercise definitions of exercises/ (a new version when a file changed)."""
    from coach.store import open_database, sync_exercise_definitions

    with store_errors(), open_database(db, create=False) as database:
        report = sync_exercise_definitions(database)
    console.print(
        f"added {len(report.added)}, updated {len(report.updated)}, "
        f"unchanged {len(report.unchanged)} exercise definitions"
    )
