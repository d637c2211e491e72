"""Plain, frozen records returned by the service layer.

The service never hands out ORM objects: these records are detached copies, safe to cache, to
pass between threads and to keep in a Streamlit session. All datetimes are timezone-aware UTC;
dates are calendar dates in UTC. Angles are degrees, durations carry their unit in the name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from coach.analysis.events import RepCompleted
from coach.store.enums import PlanStatus, Role, SessionStatus


@dataclass(frozen=True)
class Actor:
    """Who is calling the service; every authorisation decision is made from this.

    Attributes:
        user_id: Account id, or ``None`` for the local command line (``system``).
        username: Sign-in name (``"system"`` for the command line).
        role: What the actor may do. The command line acts as an admin.
        display_name: Name shown in the interface.
    """

    user_id: int | None
    username: str
    role: Role
    display_name: str = ""

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        """The local operator (CLI, demo seeding): an admin without an account."""
        return cls(user_id=None, username=label, role=Role.ADMIN, display_name=label)


@dataclass(frozen=True)
class UserInfo:
    """An account, without its password hash."""

    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    is_demo: bool
    created_at: datetime
    therapist_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PatientSummary:
    """One row of the therapist dashboard.

    Attributes:
        user: The patient's account.
        last_session_at: Start of the most recent session (any status), or ``None``.
        sessions_this_week: Completed sessions in the current UTC week (Monday to Sunday).
        prescribed_this_week: Sessions prescribed this week by active prescriptions.
        adherence_this_week: ``sessions_this_week / prescribed_this_week``; ``None`` when
            nothing is prescribed.
        missed_plan: True when the patient completed fewer sessions than prescribed in the last
            complete UTC week (``last_week``); False when nothing was prescribed then.
        last_week: The last complete UTC week, which ``missed_plan`` refers to.
        has_plan: Whether an active plan covers today or a later day.
    """

    user: UserInfo
    last_session_at: datetime | None
    sessions_this_week: int
    prescribed_this_week: int
    adherence_this_week: float | None
    missed_plan: bool
    last_week: WeeklyAdherence | None = None
    has_plan: bool = True


@dataclass(frozen=True)
class SyncReport:
    """Outcome of syncing ``exercises/`` into the database."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


@dataclass(frozen=True)
class RoutineInfo:
    """One version of a routine; saving a routine again creates the next version."""

    id: int
    routine_key: str
    version: int
    name: str
    yaml_text: str
    content_sha256: str
    exercise_keys: tuple[str, ...]
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class PrescriptionInfo:
    """A routine version assigned to a patient on a weekly schedule (dates are UTC days)."""

    id: int
    patient_id: int
    routine: RoutineInfo
    prescribed_by: str
    days_per_week: int
    start_date: date
    end_date: date | None
    active: bool
    created_at: datetime
    ended_at: datetime | None = None
    replaces_id: int | None = None

    @property
    def status(self) -> PlanStatus:
        """Active, paused (may resume) or ended (kept in history, counted up to its end)."""
        if self.ended_at is not None:
            return PlanStatus.ENDED
        return PlanStatus.ACTIVE if self.active else PlanStatus.PAUSED


@dataclass(frozen=True)
class SessionInfo:
    """One exercise session, summarised.

    ``counts`` tells whether it counts toward adherence and "sessions this week": only a
    completed session in which at least one rep, hold or balance trial was recorded does.
    Others stay in the history, marked as not counted.
    """

    id: int
    patient_id: int
    prescription_id: int | None
    routine_name: str | None
    backend: str
    status: SessionStatus
    started_at: datetime
    ended_at: datetime | None
    last_activity_at: datetime
    set_count: int
    rep_count: int
    is_demo: bool
    hold_count: int = 0
    balance_count: int = 0
    source_sha256: str | None = None

    @property
    def exercise_recorded(self) -> bool:
        """Whether at least one rep, hold or balance trial was recorded."""
        return self.rep_count + self.hold_count + self.balance_count > 0

    @property
    def counts(self) -> bool:
        """Whether the session counts toward adherence (completed, with exercise recorded)."""
        return self.status is SessionStatus.COMPLETED and self.exercise_recorded


@dataclass(frozen=True)
class StoredRep:
    """A completed repetition as recorded: the analyzer's event and when it was stored.

    ``rep`` times are milliseconds on the session clock (the ``timestamp_ms`` of the frames);
    values a rep recorded before migration 0005 did not keep are NaN (its side is the set's).
    """

    rep: RepCompleted
    recorded_at: datetime


@dataclass(frozen=True)
class HoldInfo:
    """One timed hold (plank, wall sit...): target and achieved seconds."""

    target_s: float | None
    held_s: float
    completed: bool
    recorded_at: datetime


@dataclass(frozen=True)
class BalanceInfo:
    """One balance trial; sway is in percent of body height (scale-free across cameras)."""

    duration_s: float
    sway_rms_pct: float | None
    sway_max_pct: float | None
    loss_count: int
    recorded_at: datetime


@dataclass(frozen=True)
class CueInfo:
    """A coaching cue shown to the patient (``at_ms`` on the session clock)."""

    at_ms: int
    code: str
    message: str
    severity: str
    set_id: int | None
    recorded_at: datetime


@dataclass(frozen=True)
class SetInfo:
    """One set of one exercise: targets versus achieved, with its events."""

    id: int
    exercise_key: str
    set_index: int
    side: str | None
    target_reps: int | None
    target_hold_s: float | None
    achieved_reps: int
    achieved_hold_s: float | None
    started_at: datetime
    ended_at: datetime | None
    reps: tuple[StoredRep, ...] = ()
    holds: tuple[HoldInfo, ...] = ()
    balances: tuple[BalanceInfo, ...] = ()


@dataclass(frozen=True)
class SessionDetail:
    """Everything recorded in one session."""

    session: SessionInfo
    sets: tuple[SetInfo, ...]
    cues: tuple[CueInfo, ...]


@dataclass(frozen=True)
class TrendPoint:
    """Per session and exercise: how many reps and how much range of motion.

    Attributes:
        session_id: The session.
        started_at: When the session started (UTC).
        exercise_key: Exercise id from the library.
        reps: Repetitions completed in that session for that exercise.
        rom_max_deg_mean: Mean of the per-rep maximum angle, ``None`` without angles.
        rom_max_deg_best: Largest per-rep maximum angle.
        rom_range_deg_mean: Mean of per-rep ``max - min`` (the excursion).
        hold_s_total: Seconds held across holds of that exercise (0 when none).
    """

    session_id: int
    started_at: datetime
    exercise_key: str
    reps: int
    rom_max_deg_mean: float | None
    rom_max_deg_best: float | None
    rom_range_deg_mean: float | None
    hold_s_total: float


@dataclass(frozen=True)
class WeeklyAdherence:
    """Sessions completed versus prescribed in one UTC week (Monday ``week_start``)."""

    week_start: date
    sessions_done: int
    sessions_prescribed: int

    @property
    def ratio(self) -> float | None:
        """``sessions_done / sessions_prescribed``, ``None`` when nothing was prescribed."""
        if self.sessions_prescribed == 0:
            return None
        return self.sessions_done / self.sessions_prescribed


@dataclass(frozen=True)
class AdherenceSummary:
    """Adherence over the last complete UTC weeks in which a plan was in force.

    The week in progress is left out (it would read as missed sessions that may still be
    done), and so are weeks without a prescription. ``ratio`` is ``None`` when no such week
    exists yet (a new patient, or no plan).
    """

    weeks: tuple[WeeklyAdherence, ...]

    @property
    def sessions_done(self) -> int:
        """Counted sessions in those weeks (at most the prescribed number per week)."""
        return sum(min(w.sessions_done, w.sessions_prescribed) for w in self.weeks)

    @property
    def sessions_prescribed(self) -> int:
        """Sessions prescribed in those weeks."""
        return sum(w.sessions_prescribed for w in self.weeks)

    @property
    def ratio(self) -> float | None:
        """Done over prescribed, 0..1; ``None`` without a complete week under a plan."""
        if not self.sessions_prescribed:
            return None
        return self.sessions_done / self.sessions_prescribed


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what to what, and when (UTC)."""

    at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AllowedExerciseInfo:
    """An exercise a patient may practise besides their plans, allowed by a therapist.

    ``note`` is the therapist's optional word to the patient (shown to both).
    """

    id: int
    patient_id: int
    exercise_key: str
    note: str
    allowed_by: str
    allowed_at: datetime
