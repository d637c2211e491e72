"""Exercises a therapist allows a patient to practise besides their plans (issue 11).

Adds the ``allowed_exercises`` table only; existing data is untouched.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "allowed_exercises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("exercise_key", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("allowed_by", sa.String(length=64), nullable=False),
        sa.Column("allowed_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_by", sa.String(length=64), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_allowed_exercises_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allowed_exercises")),
    )
    op.create_index(
        "ix_allowed_exercises_patient_active",
        "allowed_exercises",
        ["patient_id", "revoked_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_allowed_exercises_patient_active", table_name="allowed_exercises")
    op.drop_table("allowed_exercises")
