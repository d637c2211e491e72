"""Every field of a completed repetition: its side, turning point, counting-signal peak and the
arc of each side.

``rep_events`` gains ``side``, ``peak_ms``, ``signal_peak``, ``rom_left_deg`` and
``rom_right_deg`` so that a stored rep is the analyzer's ``RepCompleted`` again when read.
All are nullable: rows recorded before keep ``NULL`` (read back as the set's side and NaN).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rep_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("side", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("peak_ms", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("signal_peak", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rom_left_deg", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rom_right_deg", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rep_events", schema=None) as batch_op:
        batch_op.drop_column("rom_right_deg")
        batch_op.drop_column("rom_left_deg")
        batch_op.drop_column("signal_peak")
        batch_op.drop_column("peak_ms")
        batch_op.drop_column("side")
