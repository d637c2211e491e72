"""Assessment assignments that are ended or rescheduled, with their history.

``assessment_assignments.ended_at`` / ``ended_by`` record when and by whom an assignment was
ended (or replaced by a new schedule); ``replaces_id`` links a rescheduled assignment to the
version it replaced, so every schedule a patient was given is kept. Existing rows keep their
data; the new columns start empty (an existing inactive row has no end time recorded).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment_assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("ended_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_assessment_assignments_replaces_id_assessment_assignments"),
            "assessment_assignments",
            ["replaces_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment_assignments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_assessment_assignments_replaces_id_assessment_assignments"),
            type_="foreignkey",
        )
        batch_op.drop_column("replaces_id")
        batch_op.drop_column("ended_by")
        batch_op.drop_column("ended_at")
