"""Storage and accounts: SQLite (default) or PostgreSQL behind one service layer.

Everything outside this package reads and writes stored data only through it::

    from coach.store import (
        ClinicService, authenticate, mark_dangling_sessions_interrupted, open_database,
    )

    db = open_database()                    # COACH_DATABASE_URL or sqlite:///<repo>/data/coach.db
    mark_dangling_sessions_interrupted(db)  # once at app start
    actor = authenticate(db, "ana", "secret-password")
    clinic = ClinicService(db, actor)
    recording = clinic.recording
    session_id = recording.start_session(patient_id, backend="movenet", prescription_id=rx.id)
    set_id = recording.record_set_start(session_id, "squat", set_index=0, target_reps=10)
    for rep in reps:  # RepCompleted events from the analyzer, 1-based ``index`` in the set
        recording.record_rep(set_id, rep)
    recording.finish_session(session_id)

Design:

* :func:`open_database` returns a :class:`Database` (engine + unit-of-work helpers) and applies
  the Alembic migrations in ``coach/store/migrations`` unless ``upgrade=False``.
* :class:`ClinicService` is bound to one :class:`Actor`; every method authorises first (a
  patient sees only their own data, a therapist only their linked patients, an admin
  everything; anything else raises :class:`PermissionDeniedError`), runs in its own
  transaction, audits changes, and returns frozen records from :mod:`coach.store.dto`, never
  ORM objects, so Streamlit pages never hold a database session.
* Each recorded rep, hold, balance result and cue is committed when it happens. A session is
  recorded under the lease of the ``coach app`` server serving it (:mod:`coach.store.leases`);
  when that server stops cleanly, or stops renewing its lease, the session is marked
  ``interrupted`` (:func:`mark_dangling_sessions_interrupted`), after which it can be resumed or
  closed. Sessions of servers that are still alive are never touched.
* Sign-in failures are throttled and locked in the database
  (:mod:`coach.store.service.throttle`); new passwords follow
  :mod:`coach.store.password_policy`.
* Times are UTC (timezone-aware ``datetime``); session-clock times are ``*_ms`` integers.
* Housekeeping for operators: :func:`upgrade_database`, :func:`current_revision`,
  :func:`sync_exercise_definitions` (``exercises/*.yaml`` → versioned rows),
  :func:`backup_database` (SQLite online backup); the CLI wraps them as ``coach db ...``.
* Errors a user can cause are :class:`StoreError` subclasses with a readable message:
  :class:`AuthenticationError`, :class:`PermissionDeniedError`, :class:`NotFoundError`,
  :class:`DuplicateError`, :class:`InvalidInputError`, :class:`InvalidStateError`,
  :class:`DatabaseUnavailableError`.
"""

from __future__ import annotations

from coach.store.dto import (
    Actor,
    AdherenceSummary,
    AllowedExerciseInfo,
    AuditEntry,
    BalanceInfo,
    CueInfo,
    HoldInfo,
    PatientSummary,
    PrescriptionInfo,
    RoutineInfo,
    SessionDetail,
    SessionInfo,
    SetInfo,
    StoredRep,
    SyncReport,
    TrendPoint,
    UserInfo,
    WeeklyAdherence,
)
from coach.store.engine import Database, default_database_url
from coach.store.enums import ExportFormat, PlanStatus, Role, SessionStatus
from coach.store.errors import (
    AuthenticationError,
    DatabaseUnavailableError,
    DuplicateError,
    InvalidInputError,
    InvalidStateError,
    NotFoundError,
    NotVisibleError,
    PermissionDeniedError,
    PlanExistsError,
    SignInThrottledError,
    StoreError,
)
from coach.store.lifecycle import (
    backup_database,
    current_revision,
    head_revision,
    mark_dangling_sessions_interrupted,
    open_database,
    sync_exercise_definitions,
    upgrade_database,
)
from coach.store.service import ClinicService, authenticate
from coach.store.service.adherence import week_start
from coach.store.service.auth import credentials_version
from coach.store.service.throttle import SignInLock, ThrottleScope

__all__ = [
    "Actor",
    "AdherenceSummary",
    "AllowedExerciseInfo",
    "AuditEntry",
    "AuthenticationError",
    "BalanceInfo",
    "ClinicService",
    "CueInfo",
    "Database",
    "DatabaseUnavailableError",
    "DuplicateError",
    "ExportFormat",
    "HoldInfo",
    "InvalidInputError",
    "InvalidStateError",
    "NotFoundError",
    "NotVisibleError",
    "PatientSummary",
    "PermissionDeniedError",
    "PlanExistsError",
    "PlanStatus",
    "PrescriptionInfo",
    "Role",
    "RoutineInfo",
    "SessionDetail",
    "SessionInfo",
    "SessionStatus",
    "SetInfo",
    "SignInLock",
    "SignInThrottledError",
    "StoreError",
    "StoredRep",
    "SyncReport",
    "ThrottleScope",
    "TrendPoint",
    "UserInfo",
    "WeeklyAdherence",
    "authenticate",
    "backup_database",
    "credentials_version",
    "current_revision",
    "default_database_url",
    "head_revision",
    "mark_dangling_sessions_interrupted",
    "open_database",
    "sync_exercise_definitions",
    "upgrade_database",
    "week_start",
]
