"""Uploads keyed by content hash; plans that are ended (not only paused) and replaced.

``sessions.source_sha256`` (unique per patient) recognises the same video uploaded twice;
``prescriptions.ended_at`` marks a plan that was ended, whose weeks up to its end date still
count for adherence; ``prescriptions.replaces_id`` links an edited or re-prescribed plan to
the version it replaced, so history keeps every version. Existing rows keep their data; the
new columns start empty.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_sha256", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_sessions_patient_id"), ["patient_id", "source_sha256"]
        )
    with op.batch_alter_table("prescriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_prescriptions_replaces_id_prescriptions"),
            "prescriptions",
            ["replaces_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("prescriptions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_prescriptions_replaces_id_prescriptions"), type_="foreignkey"
        )
        batch_op.drop_column("replaces_id")
        batch_op.drop_column("ended_at")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_sessions_patient_id"), type_="unique")
        batch_op.drop_column("source_sha256")
