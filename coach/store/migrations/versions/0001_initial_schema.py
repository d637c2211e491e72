"""Initial schema: accounts, routines, prescriptions, sessions, events, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 14:23:35.449325
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exercise_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exercise_key", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("source_path", sa.String(length=500), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_definitions")),
        sa.UniqueConstraint(
            "exercise_key", "version", name=op.f("uq_exercise_definitions_exercise_key")
        ),
    )
    with op.batch_alter_table("exercise_definitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exercise_definitions_exercise_key"), ["exercise_key"], unique=False
        )

    op.create_table(
        "routines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_key", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("exercise_keys", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routines")),
        sa.UniqueConstraint("routine_key", "version", name=op.f("uq_routines_routine_key")),
    )
    with op.batch_alter_table("routines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routines_routine_key"), ["routine_key"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('patient', 'therapist', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("detail_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_log_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "prescriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("prescribed_by", sa.String(length=64), nullable=False),
        sa.Column("days_per_week", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "days_per_week BETWEEN 1 AND 7", name=op.f("ck_prescriptions_days_per_week")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_prescriptions_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["routine_id"], ["routines.id"], name=op.f("fk_prescriptions_routine_id_routines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescriptions")),
    )
    with op.batch_alter_table("prescriptions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_prescriptions_patient_active", ["patient_id", "active"], unique=False
        )

    op.create_table(
        "therapist_patients",
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_therapist_patients_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["users.id"],
            name=op.f("fk_therapist_patients_therapist_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("therapist_id", "patient_id", name=op.f("pk_therapist_patients")),
    )
    with op.batch_alter_table("therapist_patients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_therapist_patients_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("prescription_id", sa.Integer(), nullable=True),
        sa.Column("backend", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'completed', 'interrupted')", name=op.f("ck_sessions_status")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_sessions_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["prescription_id"],
            ["prescriptions.id"],
            name=op.f("fk_sessions_prescription_id_prescriptions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sessions_patient_started", ["patient_id", "started_at"], unique=False
        )
        batch_op.create_index("ix_sessions_status", ["status"], unique=False)

    op.create_table(
        "sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("exercise_key", sa.String(length=100), nullable=False),
        sa.Column("set_index", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=True),
        sa.Column("target_reps", sa.Integer(), nullable=True),
        sa.Column("target_hold_s", sa.Float(), nullable=True),
        sa.Column("achieved_reps", sa.Integer(), nullable=False),
        sa.Column("achieved_hold_s", sa.Float(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_sets_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sets")),
    )
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sets_exercise_key"), ["exercise_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_sets_session_id"), ["session_id"], unique=False)

    op.create_table(
        "balance_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("sway_rms_pct", sa.Float(), nullable=True),
        sa.Column("sway_max_pct", sa.Float(), nullable=True),
        sa.Column("loss_count", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"], ["sets.id"], name=op.f("fk_balance_results_set_id_sets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_results")),
    )
    with op.batch_alter_table("balance_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_balance_results_set_id"), ["set_id"], unique=False)

    op.create_table(
        "cue_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("at_ms", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_cue_events_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"], ["sets.id"], name=op.f("fk_cue_events_set_id_sets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cue_events")),
    )
    with op.batch_alter_table("cue_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cue_events_session_id"), ["session_id"], unique=False)

    op.create_table(
        "hold_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("target_s", sa.Float(), nullable=True),
        sa.Column("held_s", sa.Float(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"], ["sets.id"], name=op.f("fk_hold_results_set_id_sets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold_results")),
    )
    with op.batch_alter_table("hold_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hold_results_set_id"), ["set_id"], unique=False)

    op.create_table(
        "rep_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("rep_index", sa.Integer(), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("end_ms", sa.Integer(), nullable=False),
        sa.Column("rom_min_deg", sa.Float(), nullable=True),
        sa.Column("rom_max_deg", sa.Float(), nullable=True),
        sa.Column("concentric_ms", sa.Integer(), nullable=True),
        sa.Column("eccentric_ms", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"], ["sets.id"], name=op.f("fk_rep_events_set_id_sets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rep_events")),
        sa.UniqueConstraint("set_id", "rep_index", name=op.f("uq_rep_events_set_id")),
    )


def downgrade() -> None:
    op.drop_table("rep_events")
    with op.batch_alter_table("hold_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hold_results_set_id"))

    op.drop_table("hold_results")
    with op.batch_alter_table("cue_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cue_events_session_id"))

    op.drop_table("cue_events")
    with op.batch_alter_table("balance_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_balance_results_set_id"))

    op.drop_table("balance_results")
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sets_session_id"))
        batch_op.drop_index(batch_op.f("ix_sets_exercise_key"))

    op.drop_table("sets")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sessions_status")
        batch_op.drop_index("ix_sessions_patient_started")

    op.drop_table("sessions")
    with op.batch_alter_table("therapist_patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_therapist_patients_patient_id"))

    op.drop_table("therapist_patients")
    with op.batch_alter_table("prescriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_prescriptions_patient_active")

    op.drop_table("prescriptions")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("users")
    with op.batch_alter_table("routines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routines_routine_key"))

    op.drop_table("routines")
    with op.batch_alter_table("exercise_definitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exercise_definitions_exercise_key"))

    op.drop_table("exercise_definitions")
