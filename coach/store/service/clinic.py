"""``ClinicService``: the one door to stored data for the app and the CLI.

Every method checks what the :class:`~coach.store.dto.Actor` may do before touching data
(rules in :mod:`coach.store.service.access`), runs in its own transaction (writes are committed
before the method returns, so nothing recorded is lost if the process dies next), writes an
audit line for every change, and returns frozen records from :mod:`coach.store.dto`.
"""

from __future__ import annotations

from datetime import date

from coach.store.dto import (
    Actor,
    AuditEntry,
    PatientSummary,
    PrescriptionInfo,
    RoutineInfo,
    SessionDetail,
    SessionInfo,
    TrendPoint,
    UserInfo,
    WeeklyAdherence,
)
from coach.store.engine import Database
from coach.store.enums import ExportFormat, Role


class ClinicService:
    """Accounts, routines, prescriptions, session recording and history, for one actor.

    Args:
        db: The open database (:func:`coach.store.open_database`).
        actor: Who is calling (:func:`coach.store.authenticate` or ``Actor.system()``).
    """

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    # -- accounts -------------------------------------------------------------------------

    def create_user(
        self, username: str, password: str, role: Role | str, display_name: str = ""
    ) -> UserInfo:
        """Create an account (admins only; therapists use :meth:`create_patient`).

        Raises:
            DuplicateError: The user name is taken.
            InvalidInputError: Bad role, empty/overlong name, or password shorter than 8.
            PermissionDeniedError: The actor is not an admin.
        """
        raise NotImplementedError

    def create_patient(
        self,
        username: str,
        password: str,
        display_name: str = "",
        therapist_id: int | None = None,
    ) -> UserInfo:
        """Create a patient account linked to a therapist.

        A therapist creates patients linked to themselves (``therapist_id`` must be ``None`` or
        their own id); an admin may name any therapist or none.
        """
        raise NotImplementedError

    def link_patient(self, therapist_id: int, patient_id: int) -> None:
        """Link an existing patient to a therapist (admins only; idempotent)."""
        raise NotImplementedError

    def set_password(self, user_id: int, new_password: str) -> None:
        """Change a password (the account itself or an admin)."""
        raise NotImplementedError

    def get_user(self, user_id: int) -> UserInfo:
        """One account the actor may see (self, own patients, or anyone for admins)."""
        raise NotImplementedError

    def find_user(self, username: str) -> UserInfo:
        """Like :meth:`get_user`, by sign-in name. Raises NotFoundError if unknown."""
        raise NotImplementedError

    def list_users(self, role: Role | str | None = None) -> list[UserInfo]:
        """Every account, optionally of one role (admins only), sorted by user name."""
        raise NotImplementedError

    def list_patients(self, *, today: date | None = None) -> list[PatientSummary]:
        """Dashboard rows: a therapist's linked patients, or every patient for an admin.

        Args:
            today: UTC date that defines "this week" (default: today); for tests.
        """
        raise NotImplementedError

    # -- routines and prescriptions ---------------------------------------------------------

    def save_routine(self, yaml_text: str, *, source: str = "") -> RoutineInfo:
        """Store a routine YAML as the next version of its routine (therapists and admins).

        Saving text identical to the latest version returns that version unchanged.

        Raises:
            InvalidInputError: The YAML does not parse or does not validate (message names the
                source, line and field).
        """
        raise NotImplementedError

    def list_routines(self, *, latest_only: bool = True) -> list[RoutineInfo]:
        """Routines (latest version of each by default), for therapists and admins."""
        raise NotImplementedError

    def get_routine(self, routine_id: int) -> RoutineInfo:
        """One routine version (a patient only sees routines prescribed to them)."""
        raise NotImplementedError

    def assign_routine(
        self,
        patient_id: int,
        routine_id: int,
        *,
        days_per_week: int,
        start_date: date,
        end_date: date | None = None,
    ) -> PrescriptionInfo:
        """Prescribe a routine version to a patient (their therapist or an admin).

        Raises:
            InvalidInputError: ``days_per_week`` outside 1..7 or ``end_date < start_date``.
        """
        raise NotImplementedError

    def set_prescription_active(self, prescription_id: int, active: bool) -> PrescriptionInfo:
        """Pause or resume a prescription (the patient's therapist or an admin)."""
        raise NotImplementedError

    def prescriptions_for(
        self, patient_id: int, *, active_only: bool = False
    ) -> list[PrescriptionInfo]:
        """A patient's prescriptions, newest first."""
        raise NotImplementedError

    # -- recording a session (each call commits before returning) ---------------------------

    def start_session(
        self, patient_id: int, *, backend: str, prescription_id: int | None = None
    ) -> int:
        """Open an ``active`` session for a patient and return its id.

        Args:
            patient_id: Whose session (the patient themselves, their therapist or an admin).
            backend: Pose backend name (``"movenet"``, ``"blazepose"``...).
            prescription_id: The prescription being followed, if any (must be the patient's).
        """
        raise NotImplementedError

    def record_set_start(
        self,
        session_id: int,
        exercise_key: str,
        *,
        set_index: int,
        target_reps: int | None = None,
        target_hold_s: float | None = None,
        side: str | None = None,
    ) -> int:
        """Start a set of an exercise in an active session; returns the set id."""
        raise NotImplementedError

    def record_rep(
        self,
        set_id: int,
        *,
        rep_index: int,
        start_ms: int,
        end_ms: int,
        rom_min_deg: float | None = None,
        rom_max_deg: float | None = None,
        concentric_ms: int | None = None,
        eccentric_ms: int | None = None,
    ) -> None:
        """Record one completed repetition (times on the session clock, in ms)."""
        raise NotImplementedError

    def record_hold(
        self, set_id: int, *, held_s: float, completed: bool, target_s: float | None = None
    ) -> None:
        """Record one timed hold."""
        raise NotImplementedError

    def record_balance(
        self,
        set_id: int,
        *,
        duration_s: float,
        sway_rms_pct: float | None = None,
        sway_max_pct: float | None = None,
        loss_count: int = 0,
    ) -> None:
        """Record one balance trial (sway in percent of body height)."""
        raise NotImplementedError

    def record_cue(
        self,
        session_id: int,
        *,
        at_ms: int,
        code: str,
        message: str,
        severity: str = "info",
        set_id: int | None = None,
    ) -> None:
        """Record a coaching cue shown to the patient."""
        raise NotImplementedError

    def finish_set(self, set_id: int) -> None:
        """Mark a set as ended (its achieved counts are kept up to date as events arrive)."""
        raise NotImplementedError

    def finish_session(self, session_id: int) -> SessionInfo:
        """Mark an active session ``completed`` and stamp its end time."""
        raise NotImplementedError

    def interrupted_sessions(self, patient_id: int | None = None) -> list[SessionInfo]:
        """Interrupted sessions not yet closed (all visible ones when ``patient_id`` is None)."""
        raise NotImplementedError

    def resume_session(self, session_id: int) -> SessionInfo:
        """Make an interrupted session ``active`` again, to carry on recording into it."""
        raise NotImplementedError

    def close_session(self, session_id: int) -> SessionInfo:
        """Keep an interrupted session as it is: status stays ``interrupted``, end = last event."""
        raise NotImplementedError

    # -- history ---------------------------------------------------------------------------

    def sessions_for(self, patient_id: int, *, limit: int | None = None) -> list[SessionInfo]:
        """A patient's sessions, newest first."""
        raise NotImplementedError

    def session_detail(self, session_id: int) -> SessionDetail:
        """Sets (targets vs achieved), per-rep table, holds, balance results and cues."""
        raise NotImplementedError

    def exercise_trends(
        self, patient_id: int, exercise_key: str | None = None
    ) -> list[TrendPoint]:
        """Reps and range of motion per session and exercise, oldest first."""
        raise NotImplementedError

    def adherence(
        self, patient_id: int, *, weeks: int = 8, today: date | None = None
    ) -> list[WeeklyAdherence]:
        """Completed vs prescribed sessions for the last ``weeks`` UTC weeks, oldest first."""
        raise NotImplementedError

    def export_history(self, patient_id: int, fmt: ExportFormat | str) -> str:
        """A patient's whole history as CSV (one row per event) or JSON (nested)."""
        raise NotImplementedError

    def audit_log(self, *, limit: int = 200) -> list[AuditEntry]:
        """Most recent audit lines, newest first (admins only)."""
        raise NotImplementedError
