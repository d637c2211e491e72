"""The ORM schema (SQLAlchemy 2 typed mappings). Changes here need an Alembic migration.

Only :mod:`coach.store` imports this module. Datetimes are stored as UTC without a zone and
come back timezone-aware (:class:`UTCDateTime`), so SQLite and PostgreSQL behave the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC; refuses naive datetimes (ambiguous zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: coach stores timezone-aware UTC only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with constraint names Alembic can reproduce on every database."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    """An account. ``password_hash`` is an argon2id PHC string; no plaintext is ever stored."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('patient', 'therapist', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    #: Bumped by a password change or deactivation; a browser session signed in under an
    #: older value is ended at its next page run.
    credentials_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class SignInThrottle(Base):
    """Failed sign-ins of one account name or one client address, and the lock they caused.

    Kept in the database (not in a process) so that every server and every restart sees the
    same count. ``key`` is the lower-cased user name as typed (known or not, so a lock says
    nothing about whether the account exists) or the client's IP address.
    """

    __tablename__ = "sign_in_throttle"
    __table_args__ = (
        UniqueConstraint("scope", "key"),
        CheckConstraint("scope IN ('account', 'client')", name="scope"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AppServer(Base):
    """A running ``coach app`` process; its heartbeat is its lease on the sessions it records."""

    __tablename__ = "app_servers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class TherapistPatient(Base):
    """A therapist looks after a patient (many-to-many)."""

    __tablename__ = "therapist_patients"

    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ExerciseDefinition(Base):
    """One version of an exercise YAML, synced from ``exercises/`` (text kept verbatim)."""

    __tablename__ = "exercise_definitions"
    __table_args__ = (UniqueConstraint("exercise_key", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise_key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))
    yaml_text: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(String(500))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Routine(Base):
    """One version of a routine; saving again adds a row with the next ``version``."""

    __tablename__ = "routines"
    __table_args__ = (UniqueConstraint("routine_key", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    routine_key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    yaml_text: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    exercise_keys: Mapped[str] = mapped_column(Text)  # comma-separated, in routine order
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Prescription(Base):
    """A routine version assigned to a patient on a weekly schedule."""

    __tablename__ = "prescriptions"
    __table_args__ = (
        CheckConstraint("days_per_week BETWEEN 1 AND 7", name="days_per_week"),
        Index("ix_prescriptions_patient_active", "patient_id", "active"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    routine_id: Mapped[int] = mapped_column(ForeignKey("routines.id"))
    prescribed_by: Mapped[str] = mapped_column(String(64))
    days_per_week: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Ended (not merely paused): its weeks up to ``end_date`` still count for adherence.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The plan this one replaced (an edit or a re-prescription): every version is kept.
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("prescriptions.id", ondelete="SET NULL"), nullable=True
    )

    routine: Mapped[Routine] = relationship(lazy="joined")


class ExerciseSession(Base):
    """One session in front of the camera (or one uploaded video, keyed by its content hash)."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'completed', 'interrupted')", name="status"),
        # The same video uploaded twice by one patient is one session (NULLs never clash).
        UniqueConstraint("patient_id", "source_sha256"),
        Index("ix_sessions_patient_started", "patient_id", "started_at"),
        Index("ix_sessions_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    prescription_id: Mapped[int | None] = mapped_column(
        ForeignKey("prescriptions.id", ondelete="SET NULL"), nullable=True
    )
    backend: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The :class:`AppServer` recording this session (``None``: recorded by a command or by a
    #: version of coach without leases); a session is only orphaned when its server is gone.
    server_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    source_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)

    prescription: Mapped[Prescription | None] = relationship()


class ExerciseSet(Base):
    """A set of one exercise within a session: targets and what was achieved so far."""

    __tablename__ = "sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    exercise_key: Mapped[str] = mapped_column(String(100), index=True)
    set_index: Mapped[int] = mapped_column(Integer)
    side: Mapped[str | None] = mapped_column(String(16), nullable=True)
    target_reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_hold_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    achieved_reps: Mapped[int] = mapped_column(Integer, default=0)
    achieved_hold_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RepEvent(Base):
    """One completed repetition (a stored :class:`coach.analysis.events.RepCompleted`).

    Times in ms on the session clock, angles in degrees; ``rep_index`` counts from 0 in the set
    (``RepCompleted.index - 1``). Columns added in 0005 are NULL on reps recorded before.
    """

    __tablename__ = "rep_events"
    __table_args__ = (UniqueConstraint("set_id", "rep_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("sets.id", ondelete="CASCADE"))
    rep_index: Mapped[int] = mapped_column(Integer)
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int] = mapped_column(Integer)
    rom_min_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    rom_max_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    concentric_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    eccentric_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    side: Mapped[str | None] = mapped_column(String(16), nullable=True)
    peak_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    signal_peak: Mapped[float | None] = mapped_column(Float, nullable=True)
    rom_left_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    rom_right_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class HoldResult(Base):
    """One timed hold."""

    __tablename__ = "hold_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("sets.id", ondelete="CASCADE"), index=True)
    target_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    held_s: Mapped[float] = mapped_column(Float)
    completed: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class BalanceResult(Base):
    """One balance trial; sway in percent of body height."""

    __tablename__ = "balance_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("sets.id", ondelete="CASCADE"), index=True)
    duration_s: Mapped[float] = mapped_column(Float)
    sway_rms_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    sway_max_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    loss_count: Mapped[int] = mapped_column(Integer, default=0)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class CueEvent(Base):
    """A coaching cue shown during a session."""

    __tablename__ = "cue_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    set_id: Mapped[int | None] = mapped_column(
        ForeignKey("sets.id", ondelete="CASCADE"), nullable=True
    )
    at_ms: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class AuditLog(Base):
    """Who did what, when. The actor's name is copied so the line outlives the account."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    actor_username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    detail_json: Mapped[str] = mapped_column(Text, default="{}")


# --- Clinical outcome measures (issue 14): migration 0003 -------------------------------


class PatientProfile(Base):
    """Date of birth and sex of a patient, where the norms of a test need them."""

    __tablename__ = "patient_profiles"

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str | None] = mapped_column(String(8), nullable=True)  # female | male
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class AssessmentAssignment(Base):
    """A standard test the therapist assigned, to be repeated every ``interval_days``."""

    __tablename__ = "assessment_assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assessment_key: Mapped[str] = mapped_column(String(100))
    interval_days: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    assigned_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    #: When and by whom the assignment was ended or replaced by a new schedule (None: running).
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: The assignment whose schedule this one replaced (history keeps every version).
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment_assignments.id", ondelete="SET NULL"), nullable=True
    )


class AssessmentResult(Base):
    """One run of a standard test: scores per part and the raw events they came from."""

    __tablename__ = "assessment_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assessment_key: Mapped[str] = mapped_column(String(100), index=True)
    performed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mode: Mapped[str] = mapped_column(String(16))  # live | recording
    unit: Mapped[str] = mapped_column(String(16))
    scores_json: Mapped[str] = mapped_column(Text)  # {"result": 12} or {"left": .., "right": ..}
    events_json: Mapped[str] = mapped_column(Text)  # {"stands": [...], "trials": [...]}
    start_source: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))


class PainRating(Base):
    """Pain on the 0-10 numeric rating scale, before or after a session."""

    __tablename__ = "pain_ratings"
    __table_args__ = (CheckConstraint("score >= 0 AND score <= 10", name="score_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), nullable=True
    )
    moment: Mapped[str] = mapped_column(String(8))  # before | after
    score: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PsfsActivity(Base):
    """An activity the therapist named for the Patient-Specific Functional Scale."""

    __tablename__ = "psfs_activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class PsfsRating(Base):
    """The patient's 0-10 rating of one PSFS activity (10 = able to do it as before)."""

    __tablename__ = "psfs_ratings"
    __table_args__ = (CheckConstraint("score >= 0 AND score <= 10", name="score_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("psfs_activities.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ClinicalNote(Base):
    """A therapist's note about a patient (shown in the progress report)."""

    __tablename__ = "clinical_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class AllowedExercise(Base):
    """An exercise from the library a therapist lets a patient practise outside their plans.

    Revoking keeps the row (``revoked_at``), so the history of what was allowed stays.
    """

    __tablename__ = "allowed_exercises"
    __table_args__ = (Index("ix_allowed_exercises_patient_active", "patient_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_key: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    allowed_by: Mapped[str] = mapped_column(String(64))
    allowed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
