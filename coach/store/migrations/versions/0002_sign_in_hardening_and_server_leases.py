"""Hardening: sign-in throttling, credential versions, app-server leases on sessions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 04:00:00

Adds ``sign_in_throttle`` (failed sign-ins and locks, shared by every server),
``users.credentials_version`` (bumped by a password change or deactivation so that open
browser sessions end), ``app_servers`` (one row per running ``coach app`` with its heartbeat)
and ``sessions.server_id`` (which server records the session). Existing rows are kept; existing
sessions get no server, which crash recovery treats as "owner gone".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", sa.DateTime(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "scope IN ('account', 'client')", name=op.f("ck_sign_in_throttle_scope")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttle")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_sign_in_throttle_scope")),
    )
    op.create_table(
        "app_servers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_servers")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("credentials_version", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("server_id", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_sessions_server_id"), ["server_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_server_id"))
        batch_op.drop_column("server_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("credentials_version")
    op.drop_table("app_servers")
    op.drop_table("sign_in_throttle")
