"""Clinical outcome measures: patient profiles, assessment assignments and results, pain NRS,
PSFS activities and ratings, clinical notes (issue 14). Adds tables only; existing data is
untouched.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = (
    "pain_ratings", "psfs_ratings", "psfs_activities", "patient_profiles", "clinical_notes",
    "assessment_results", "assessment_assignments",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "assessment_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("assessment_key", sa.String(length=100), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("assigned_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_assessment_assignments_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_assignments")),
    )
    op.create_index(
        op.f("ix_assessment_assignments_patient_id"),
        "assessment_assignments",
        ["patient_id"],
        unique=False,
    )
    op.create_table(
        "assessment_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("assessment_key", sa.String(length=100), nullable=False),
        sa.Column("performed_at", sa.DateTime(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("scores_json", sa.Text(), nullable=False),
        sa.Column("events_json", sa.Text(), nullable=False),
        sa.Column("start_source", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_assessment_results_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_results")),
    )
    op.create_index(
        op.f("ix_assessment_results_assessment_key"),
        "assessment_results",
        ["assessment_key"],
        unique=False,
    )
    op.create_index(
        op.f("ix_assessment_results_patient_id"), "assessment_results", ["patient_id"], unique=False
    )
    op.create_table(
        "clinical_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_clinical_notes_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinical_notes")),
    )
    op.create_index(
        op.f("ix_clinical_notes_patient_id"), "clinical_notes", ["patient_id"], unique=False
    )
    op.create_table(
        "patient_profiles",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=8), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_patient_profiles_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_patient_profiles")),
    )
    op.create_table(
        "psfs_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_psfs_activities_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_psfs_activities")),
    )
    op.create_index(
        op.f("ix_psfs_activities_patient_id"), "psfs_activities", ["patient_id"], unique=False
    )
    op.create_table(
        "psfs_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("score >= 0 AND score <= 10", name=op.f("ck_psfs_ratings_score_range")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["psfs_activities.id"],
            name=op.f("fk_psfs_ratings_activity_id_psfs_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_psfs_ratings")),
    )
    op.create_index(
        op.f("ix_psfs_ratings_activity_id"), "psfs_ratings", ["activity_id"], unique=False
    )
    op.create_table(
        "pain_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("moment", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("score >= 0 AND score <= 10", name=op.f("ck_pain_ratings_score_range")),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_pain_ratings_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_pain_ratings_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_ratings")),
    )
    op.create_index(
        op.f("ix_pain_ratings_patient_id"), "pain_ratings", ["patient_id"], unique=False
    )


def downgrade() -> None:
    for table in TABLES:  # children before parents
        op.drop_table(table)
