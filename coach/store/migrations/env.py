"""Alembic environment: always run with a connection handed in by :mod:`coach.store.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from coach.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through `coach db upgrade` (coach.store.migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
