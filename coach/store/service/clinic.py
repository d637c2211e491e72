"""``ClinicService``: the one door to stored data for the app and the CLI.

Every method checks what the :class:`~coach.store.dto.Actor` may do before touching data
(rules in :mod:`coach.store.service.access`), runs in its own transaction (writes are committed
before the method returns, so nothing recorded is lost if the process dies next), writes an
audit line for every change, and returns frozen records from :mod:`coach.store.dto`.
"""

from __future__ import annotations

from datetime import date

from coach.exercises.library import ExerciseLibrary
from coach.exercises.schema import RoutineDefinition
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
from coach.store.library import load_exercise_library
from coach.store.models import BalanceResult, CueEvent, ExerciseSession, HoldResult, RepEvent
from coach.store.service import export, history, recording, routines, users
from coach.store.service.access import require_role
from coach.store.service.audit import recent_entries


class ClinicService:
    """Accounts, routines, prescriptions, session recording and history, for one actor.

    Args:
        db: The open database (:func:`coach.store.open_database`).
        actor: Who is calling (:func:`coach.store.authenticate` or ``Actor.system()``).
        library: Exercise library that routines are validated against (default: the
            repository's ``exercises/``, loaded when first needed).
    """

    def __init__(
        self, db: Database, actor: Actor, *, library: ExerciseLibrary | None = None
    ) -> None:
        self.db = db
        self.actor = actor
        self._library = library

    @property
    def library(self) -> ExerciseLibrary:
        """The exercise library routines are validated against (loaded on first use)."""
        if self._library is None:
            self._library = load_exercise_library()
        return self._library

    def _session_info(self, session_id: int) -> SessionInfo:
        with self.db.reading() as s:
            return history.session_infos(s, ExerciseSession.id == session_id)[0]

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
        return self.db.write(
            lambda s: users.create_user(s, self.actor, username, password, role, display_name)
        )

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
        return self.db.write(
            lambda s: users.create_patient(
                s, self.actor, username, password, display_name, therapist_id
            )
        )

    def link_patient(self, therapist_id: int, patient_id: int) -> None:
        """Link an existing patient to a therapist (admins only; idempotent)."""
        self.db.write(lambda s: users.link_patient(s, self.actor, therapist_id, patient_id))

    def set_password(self, user_id: int, new_password: str) -> None:
        """Change a password (the account itself or an admin)."""
        self.db.write(lambda s: users.set_password(s, self.actor, user_id, new_password))

    def get_user(self, user_id: int) -> UserInfo:
        """One account the actor may see (self, own patients, or anyone for admins)."""
        with self.db.reading() as s:
            return users.get_user(s, self.actor, user_id)

    def find_user(self, username: str) -> UserInfo:
        """Like :meth:`get_user`, by sign-in name. Raises NotFoundError if unknown."""
        with self.db.reading() as s:
            return users.find_user(s, self.actor, username)

    def list_users(self, role: Role | str | None = None) -> list[UserInfo]:
        """Every account, optionally of one role (admins only), sorted by user name."""
        with self.db.reading() as s:
            return users.list_users(s, self.actor, role)

    def list_patients(self, *, today: date | None = None) -> list[PatientSummary]:
        """Dashboard rows: a therapist's linked patients, or every patient for an admin.

        Args:
            today: UTC date that defines "this week" (default: today); for tests.
        """
        with self.db.reading() as s:
            return history.list_patients(s, self.actor, today)

    # -- routines and prescriptions ---------------------------------------------------------

    def save_routine(self, yaml_text: str | RoutineDefinition, *, source: str = "") -> RoutineInfo:
        """Store a routine YAML as the next version of its routine (therapists and admins).

        Saving text identical to the latest version returns that version unchanged.

        Raises:
            InvalidInputError: The YAML does not parse or does not validate (message names the
                source, line and field).
        """
        library = self.library
        return self.db.write(
            lambda s: routines.save_routine(s, self.actor, yaml_text, source, library)
        )

    def list_routines(self, *, latest_only: bool = True) -> list[RoutineInfo]:
        """Routines (latest version of each by default), for therapists and admins."""
        with self.db.reading() as s:
            return routines.list_routines(s, self.actor, latest_only)

    def get_routine(self, routine_id: int) -> RoutineInfo:
        """One routine version (a patient only sees routines prescribed to them)."""
        with self.db.reading() as s:
            return routines.get_routine(s, self.actor, routine_id)

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
        schedule = (days_per_week, start_date, end_date)
        return self.db.write(
            lambda s: routines.assign_routine(s, self.actor, patient_id, routine_id, schedule)
        )

    def set_prescription_active(self, prescription_id: int, active: bool) -> PrescriptionInfo:
        """Pause or resume a prescription (the patient's therapist or an admin)."""
        return self.db.write(
            lambda s: routines.set_prescription_active(s, self.actor, prescription_id, active)
        )

    def prescriptions_for(
        self, patient_id: int, *, active_only: bool = False
    ) -> list[PrescriptionInfo]:
        """A patient's prescriptions, newest first."""
        with self.db.reading() as s:
            return routines.prescriptions_for(s, self.actor, patient_id, active_only)

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
        return self.db.write(
            lambda s: recording.start_session(s, self.actor, patient_id, backend, prescription_id)
        )

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
        targets = (set_index, target_reps, target_hold_s, side)
        return self.db.write(
            lambda s: recording.start_set(s, self.actor, session_id, exercise_key, targets)
        )

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
        self.db.write(
            lambda s: recording.add_rep(
                s,
                self.actor,
                set_id,
                RepEvent(
                    rep_index=rep_index,
                    start_ms=start_ms,
                    end_ms=end_ms,
                    rom_min_deg=rom_min_deg,
                    rom_max_deg=rom_max_deg,
                    concentric_ms=concentric_ms,
                    eccentric_ms=eccentric_ms,
                ),
            )
        )

    def record_hold(
        self, set_id: int, *, held_s: float, completed: bool, target_s: float | None = None
    ) -> None:
        """Record one timed hold."""
        self.db.write(
            lambda s: recording.add_hold(
                s,
                self.actor,
                set_id,
                HoldResult(target_s=target_s, held_s=held_s, completed=completed),
            )
        )

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
        self.db.write(
            lambda s: recording.add_balance(
                s,
                self.actor,
                set_id,
                BalanceResult(
                    duration_s=duration_s,
                    sway_rms_pct=sway_rms_pct,
                    sway_max_pct=sway_max_pct,
                    loss_count=loss_count,
                ),
            )
        )

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
        self.db.write(
            lambda s: recording.add_cue(
                s,
                self.actor,
                session_id,
                CueEvent(at_ms=at_ms, code=code, message=message, severity=severity, set_id=set_id),
            )
        )

    def finish_set(self, set_id: int) -> None:
        """Mark a set as ended (its achieved counts are kept up to date as events arrive)."""
        self.db.write(lambda s: recording.finish_set(s, self.actor, set_id))

    def finish_session(self, session_id: int) -> SessionInfo:
        """Mark an active session ``completed`` and stamp its end time."""
        self.db.write(lambda s: recording.finish_session(s, self.actor, session_id))
        return self._session_info(session_id)

    def interrupted_sessions(self, patient_id: int | None = None) -> list[SessionInfo]:
        """Interrupted sessions not yet closed (all visible ones when ``patient_id`` is None)."""
        with self.db.reading() as s:
            return history.interrupted_sessions(s, self.actor, patient_id)

    def resume_session(self, session_id: int) -> SessionInfo:
        """Make an interrupted session ``active`` again, to carry on recording into it."""
        self.db.write(lambda s: recording.resume_session(s, self.actor, session_id))
        return self._session_info(session_id)

    def close_session(self, session_id: int) -> SessionInfo:
        """Keep an interrupted session as it is: status stays ``interrupted``, end = last event."""
        self.db.write(lambda s: recording.close_session(s, self.actor, session_id))
        return self._session_info(session_id)

    # -- history ---------------------------------------------------------------------------

    def sessions_for(self, patient_id: int, *, limit: int | None = None) -> list[SessionInfo]:
        """A patient's sessions, newest first."""
        with self.db.reading() as s:
            return history.sessions_for(s, self.actor, patient_id, limit)

    def session_detail(self, session_id: int) -> SessionDetail:
        """Sets (targets vs achieved), per-rep table, holds, balance results and cues."""
        with self.db.reading() as s:
            return history.session_detail(s, self.actor, session_id)

    def exercise_trends(self, patient_id: int, exercise_key: str | None = None) -> list[TrendPoint]:
        """Reps and range of motion per session and exercise, oldest first."""
        with self.db.reading() as s:
            return history.exercise_trends(s, self.actor, patient_id, exercise_key)

    def adherence(
        self, patient_id: int, *, weeks: int = 8, today: date | None = None
    ) -> list[WeeklyAdherence]:
        """Completed vs prescribed sessions for the last ``weeks`` UTC weeks, oldest first."""
        with self.db.reading() as s:
            return history.adherence(s, self.actor, patient_id, weeks, today)

    def export_history(self, patient_id: int, fmt: ExportFormat | str) -> str:
        """A patient's whole history as CSV (one row per event) or JSON (nested)."""
        # A write transaction: the export itself is recorded in the audit log.
        return self.db.write(lambda s: export.export_history(s, self.actor, patient_id, fmt))

    def audit_log(self, *, limit: int = 200) -> list[AuditEntry]:
        """Most recent audit lines, newest first (admins only)."""
        require_role(self.actor, "read the audit log", Role.ADMIN)
        with self.db.reading() as s:
            return recent_entries(s, limit)
