"""``coach app``: check settings, prepare the database and serve the Streamlit app.

Before the server starts: the environment settings are checked (a bad value stops here, naming
the variable), the database is created on first run (and says so) and migrated, sessions left
``active`` by a server that is gone are marked ``interrupted`` (sessions of other running
servers are left alone), and this server registers its lease. An empty database stays empty
and the terminal explains how to create the first admin; the demo clinic, whose passwords are
published, is only added with ``--demo``. While demo accounts exist every start warns, and a
non-loopback ``--host`` is refused. ``--tls-cert``/``--tls-key`` serve HTTPS.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import ssl
import sys
from dataclasses import dataclass
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


@dataclass(frozen=True)
class PreparedDatabase:
    """What :func:`prepare_database` opened and found."""

    db: Database
    url: str
    demo_usernames: tuple[str, ...]


def prepare_database(
    url: str | None, *, demo: bool = False, server_id: str | None = None
) -> PreparedDatabase:
    """Open (creating on first run) and migrate the database, close orphaned sessions, and
    seed the demo clinic if asked and the database has no accounts.

    Args:
        url: SQLAlchemy URL, or ``None`` for ``COACH_DATABASE_URL`` / the embedded default.
        demo: Add the demo clinic to an empty database (``coach app --demo``).
        server_id: This server's lease id (:mod:`coach.store.leases`), registered here.

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
    from coach.store.engine import sqlite_file
    from coach.store.leases import register_server

    resolved = url or default_database_url()  # which reads COACH_DATABASE_URL
    path = sqlite_file(resolved)
    existed = path is None or path.exists()
    db = open_database(resolved, upgrade=True, server_id=server_id)
    if not existed:
        console.print(f"Created a new database at {path}.", soft_wrap=True, markup=False)
    interrupted = mark_dangling_sessions_interrupted(db)
    if interrupted:
        console.print(f"Marked {interrupted} unfinished session(s) as interrupted.")
    if server_id is not None:
        register_server(db, server_id)
    users = ClinicService(db, Actor.system("coach app")).accounts.list_users()
    if not users:
        if demo:
            _seed_demo(db)
            users = ClinicService(db, Actor.system("coach app")).accounts.list_users()
        else:
            _explain_first_admin(resolved)
    demo_names = tuple(u.username for u in users if u.is_demo and u.active)
    return PreparedDatabase(db, resolved, demo_names)


def _explain_first_admin(url: str) -> None:
    console.print(
        "This database has no accounts yet. Create the first administrator in another "
        "terminal, then sign in with it:\n"
        f"    coach users add NAME --role admin --db {url}\n"
        "(at least 12 characters; common passwords and your own name are refused). "
        "To try coach with made-up patients instead, start it with `coach app --demo`.",
        soft_wrap=True,
        markup=False,
    )


def _seed_demo(db: Database) -> None:
    """Seed the demo accounts and history, and print how to sign in with them."""
    from coach.store.demo import seed_demo

    console.print("Adding the demo clinic (clearly labelled demo data), as --demo asked…")
    report = seed_demo(db)
    table = Table(title="Demo accounts (published passwords: for trying coach on this computer)")
    table.add_column("Role")
    table.add_column("User name", style="bold")
    table.add_column("Password", style="bold")
    for username, password, role in report.accounts:
        table.add_row(role, username, password)
    console.print(table)
    console.print(f"Added {report.sessions_added} demo sessions (labelled demo).")


def is_loopback(host: str) -> bool:
    """True when ``host`` only listens on this computer (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_tls_files(cert: Path | None, key: Path | None) -> None:
    """Refuse a half or unusable TLS configuration before anything starts.

    Raises:
        typer.BadParameter: Only one of the two files, a missing file, or a pair that does not
            load (wrong format, key does not match the certificate).
    """
    if cert is None and key is None:
        return
    if cert is None or key is None:
        raise typer.BadParameter("--tls-cert and --tls-key go together: give both or neither")
    for option, path in (("--tls-cert", cert), ("--tls-key", key)):
        if not path.is_file():
            raise typer.BadParameter(f"{option} {path}: no such file")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
    except (ssl.SSLError, OSError) as exc:
        raise typer.BadParameter(
            f"--tls-cert {cert} / --tls-key {key} cannot be used: {exc}"
        ) from None


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8501, "--port", min=1, max=65535, help="Port to listen on."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL (default: COACH_DATABASE_URL or embedded SQLite)."
    ),
    demo: bool = typer.Option(
        False, "--demo", help="Add the demo clinic (published passwords) to an empty database."
    ),
    tls_cert: Path | None = typer.Option(
        None, "--tls-cert", help="PEM certificate (chain) to serve HTTPS with."
    ),
    tls_key: Path | None = typer.Option(None, "--tls-key", help="PEM private key of --tls-cert."),
) -> None:
    """Start the coach app in the browser (therapists and patients sign in there)."""
    from coach.cli.app_server import serve_until_stopped
    from coach.live.server_settings import SettingsError, load_server_settings
    from coach.store import StoreError
    from coach.store.leases import new_server_id, release_server

    try:
        load_server_settings()
    except SettingsError as error:
        console.print(f"[red]Cannot start the app:[/red] {error}", soft_wrap=True)
        raise typer.Exit(code=2) from None
    check_tls_files(tls_cert, tls_key)
    tls = tls_cert is not None
    server_id = new_server_id()
    try:
        prepared = prepare_database(db, demo=demo, server_id=server_id)
    except StoreError as error:
        console.print(f"[red]Cannot start the app:[/red] {error}", soft_wrap=True)
        raise typer.Exit(code=2) from None
    if prepared.demo_usernames:
        names = ", ".join(prepared.demo_usernames)
        console.print(
            f"[yellow]Warning:[/yellow] demo accounts with published passwords exist ({names}). "
            "Deactivate them (`coach users deactivate NAME`) before real patients use coach.",
            soft_wrap=True,
        )
        if not is_loopback(host):
            release_server(prepared.db, server_id)
            console.print(
                f"[red]Refusing to listen on {host}:[/red] demo accounts with published "
                "passwords exist; serve other computers only once they are deactivated.",
                soft_wrap=True,
            )
            raise typer.Exit(code=2)
    if not is_loopback(host) and not tls:
        console.print(
            f"[yellow]Warning:[/yellow] {host} is reachable from other computers over plain "
            "HTTP: passwords and health data cross the network unencrypted, and browsers block "
            "the camera. Use --tls-cert/--tls-key or a TLS proxy (docs/operations.md, section "
            "'HTTPS and TURN').",
            soft_wrap=True,
        )
    env = {**os.environ, "COACH_DATABASE_URL": prepared.url, "COACH_SERVER_ID": server_id}
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
    if tls_cert is not None and tls_key is not None:
        command += ["--server.sslCertFile", str(tls_cert), "--server.sslKeyFile", str(tls_key)]
    scheme = "https" if tls else "http"
    code = serve_until_stopped(
        command,
        env,
        prepared.db,
        server_id,
        on_started=lambda: console.print(
            f"Coach is starting at [bold]{scheme}://{host}:{port}[/bold] (Ctrl+C to stop)"
        ),
    )
    prepared.db.close()
    if code:
        raise typer.Exit(code=code)
