"""``coach users add|passwd|list|deactivate|unlock``: accounts from the command line (acts as
the local admin)."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table

from coach.cli.db import db_option, operator_clinic, store_errors
from coach.cli.output import fail

app = typer.Typer(help="Create accounts, set passwords, list accounts.", no_args_is_help=True)
console = Console()


def read_new_password(prompt: str = "Password") -> str:
    """Prompt twice on a terminal; read one line from stdin otherwise (for scripts)."""
    if sys.stdin.isatty():
        return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    if not line:
        raise fail("no password on stdin")
    return line.rstrip("\r\n")


@app.command("add")
def add(
    name: str = typer.Argument(..., help="Sign-in name (no spaces)."),
    role: str = typer.Option(..., "--role", help="patient, therapist or admin."),
    display_name: str = typer.Option("", "--display-name", help="Name shown in the app."),
    therapist: str | None = typer.Option(
        None, "--therapist", help="For a patient: the therapist's sign-in name to link to."
    ),
    db: str | None = db_option(),
) -> None:
    """Create an account. The password is prompted (or read from stdin when piped)."""
    from coach.store import InvalidInputError, Role
    from coach.store.service.users import parse_role

    with store_errors():
        parsed = parse_role(role)  # before asking for a password
        if therapist is not None and parsed is not Role.PATIENT:
            raise InvalidInputError("--therapist applies to patient accounts only")
        password = read_new_password()
        with operator_clinic(db) as clinic:
            if parsed is Role.PATIENT:
                therapist_id = clinic.accounts.find_user(therapist).id if therapist else None
                user = clinic.accounts.create_patient(name, password, display_name, therapist_id)
            else:
                user = clinic.accounts.create_user(name, password, parsed, display_name)
    console.print(f"created {user.role.value} {user.username!r} (id {user.id})", markup=False)


@app.command("passwd")
def passwd(
    name: str = typer.Argument(..., help="Sign-in name."),
    db: str | None = db_option(),
) -> None:
    """Set a new password for an account (prompted, or read from stdin when piped)."""
    with store_errors(), operator_clinic(db) as clinic:
        user = clinic.accounts.find_user(name)
        clinic.accounts.set_password(user.id, read_new_password("New password"))
    console.print(f"password changed for {user.username!r}", markup=False)


@app.command("list")
def list_users(
    role: str | None = typer.Option(None, "--role", help="Only this role."),
    db: str | None = db_option(),
) -> None:
    """List accounts (never their passwords)."""
    with store_errors(), operator_clinic(db) as clinic:
        users = clinic.accounts.list_users(role)
    table = Table(title=f"{len(users)} account(s)")
    for column in ("id", "user name", "role", "display name", "therapists", "created (UTC)"):
        table.add_column(column)
    for user in users:
        table.add_row(
            str(user.id), user.username, user.role.value,
            user.display_name + (" [demo]" if user.is_demo else ""),
            ", ".join(str(t) for t in user.therapist_ids),
            user.created_at.strftime("%Y-%m-%d %H:%M"),
        )  # fmt: skip
    console.print(table)


@app.command("deactivate")
def deactivate(
    name: str = typer.Argument(..., help="Sign-in name."),
    db: str | None = db_option(),
) -> None:
    """Deactivate an account: it can no longer sign in, and its open sessions end."""
    with store_errors(), operator_clinic(db) as clinic:
        clinic.accounts.set_active(clinic.accounts.find_user(name).id, False)
    console.print(f"deactivated {name!r}; its open sessions end at their next page", markup=False)


@app.command("unlock")
def unlock(
    name: str = typer.Argument(..., help="Sign-in name (or, with --client, an IP address)."),
    client: bool = typer.Option(False, "--client", help="NAME is a client IP address."),
    db: str | None = db_option(),
) -> None:
    """Clear the failed sign-ins and the lock of an account name or a client address."""
    from coach.store import ThrottleScope

    scope = ThrottleScope.CLIENT if client else ThrottleScope.ACCOUNT
    with store_errors(), operator_clinic(db) as clinic:
        clinic.sign_in_locks.unlock(scope, name)
    console.print(f"unlocked {scope.value} {name!r}", markup=False)
