"""Demo clinic: a therapist, two patients, prescriptions, an extra exercise allowed to one of
them and several weeks of history, with their outcome measures (:mod:`coach.store.demo_outcomes`).

Everything created here is flagged ``is_demo`` (accounts and sessions) and its display names say
"demo", so it can never be mistaken for patient data. The history is generated with a seeded
random generator from the routines' own exercise definitions (joint angles from typical rehab
values per exercise that improve over the weeks, holds near the target, cues taken from the
exercise's form rules), so the same seed gives the same history. Seeding twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.exercises.library import ExerciseLibrary
from coach.exercises.schema import ExerciseDefinition, RoutineItem
from coach.store.demo_outcomes import DEMO_OUTCOMES, seed_demo_outcomes
from coach.store.demo_reps import demo_rep, demo_rep_side
from coach.store.dto import Actor, PrescriptionInfo
from coach.store.engine import Database
from coach.store.enums import Role, SessionStatus
from coach.store.errors import InvalidInputError, NotFoundError
from coach.store.library import load_exercise_library
from coach.store.models import (
    BalanceResult,
    CueEvent,
    ExerciseSession,
    ExerciseSet,
    HoldResult,
)
from coach.store.service.adherence import week_start
from coach.store.service.clinic import ClinicService
from coach.store.service.rep_rows import rep_row

DEMO_THERAPIST = ("demo_therapist", "demo-therapist-pw", "Dr. Demo Therapist (demo)")
#: An administrator, so the Users page (accounts, links, audit log) can be tried too.
DEMO_ADMIN = ("demo_admin", "demo-admin-pw", "Demo Admin (demo)")


@dataclass(frozen=True)
class DemoPatientPlan:
    """One demo patient: account, routine, schedule and how many sessions each week had."""

    username: str
    password: str
    display_name: str
    routine_key: str
    days_per_week: int
    sessions_per_week: tuple[int, ...]  # oldest week first; the last entry is this week
    #: Extra exercises the therapist allows besides the routine: (exercise id, note).
    allowed: tuple[tuple[str, str], ...] = ()


DEMO_PATIENTS = (
    DemoPatientPlan("demo_ana", "demo-ana-pw", "Ana Example (demo)", "knee_rehab", 3,
                    (3, 2, 3, 3, 1),
                    (("standing_hip_abduction", "Hold on to a chair back for balance."),)),
    DemoPatientPlan("demo_ben", "demo-ben-pw", "Ben Example (demo)", "balance_fall_prevention",
                    4, (4, 3, 2, 1, 0)),
)  # fmt: skip


@dataclass(frozen=True)
class DemoReport:
    """What seeding did and how to sign in."""

    accounts: tuple[tuple[str, str, str], ...]  # (username, password, role)
    sessions_added: int
    outcome_records_added: int = 0  # patients whose tests, pain and PSFS were added


def seed_demo(
    db: Database,
    library: ExerciseLibrary | None = None,
    *,
    seed: int = 7,
    today: date | None = None,
) -> DemoReport:
    """Create (once) the demo clinic and its history; return sign-in names and passwords.

    Raises:
        NotFoundError: A routine the demo needs is missing from the library.
    """
    lib = library or load_exercise_library()
    clinic = ClinicService(db, Actor.system("demo-seed"), library=lib)
    therapist = _ensure_user(clinic, *DEMO_THERAPIST, Role.THERAPIST)
    # What the therapist does in the app is done as the therapist (it shows as theirs).
    therapist_actor = Actor(therapist, DEMO_THERAPIST[0], Role.THERAPIST, DEMO_THERAPIST[2])
    as_therapist = ClinicService(db, therapist_actor, library=lib)
    _ensure_user(clinic, *DEMO_ADMIN, Role.ADMIN)
    day = today or datetime.now(UTC).date()
    weeks = len(DEMO_PATIENTS[0].sessions_per_week)
    first_monday = week_start(day) - timedelta(weeks=weeks - 1)
    rng = random.Random(seed)
    added = records = 0
    for plan in DEMO_PATIENTS:
        if plan.routine_key not in lib.routines:
            raise NotFoundError(
                f"demo needs routine {plan.routine_key!r}; found: {', '.join(sorted(lib.routines))}"
            )
        patient_id = _ensure_patient(clinic, plan, therapist)
        prescription = _ensure_prescription(clinic, lib, plan, patient_id, first_monday)
        _ensure_allowed(as_therapist, plan, patient_id)
        if not _has_demo_history(db, patient_id):
            for number, when in enumerate(_session_times(rng, plan, first_monday, day)):
                # One seeded generator per session: a retried write regenerates the same data.
                work = partial(
                    _write_session, rng_seed=f"{seed}:{plan.username}:{number}", lib=lib,
                    prescription=prescription, started_at=when, interrupted=number % 9 == 8,
                )  # fmt: skip
                db.write(work)
                added += 1
        outcomes = next((o for o in DEMO_OUTCOMES if o.username == plan.username), None)
        if outcomes is not None:
            records += seed_demo_outcomes(
                db, outcomes, patient_id=patient_id, therapist=therapist_actor,
                display_name=plan.display_name, first_monday=first_monday, today=day, seed=seed,
            )  # fmt: skip
    accounts = (
        (DEMO_THERAPIST[0], DEMO_THERAPIST[1], Role.THERAPIST.value),
        (DEMO_ADMIN[0], DEMO_ADMIN[1], Role.ADMIN.value),
        *((p.username, p.password, Role.PATIENT.value) for p in DEMO_PATIENTS),
    )
    return DemoReport(accounts=accounts, sessions_added=added, outcome_records_added=records)


def _ensure_user(
    clinic: ClinicService, username: str, password: str, display_name: str, role: Role
) -> int:
    try:
        return clinic.accounts.find_user(username).id
    except NotFoundError:
        return clinic.accounts.create_user(username, password, role, display_name, is_demo=True).id


def _ensure_patient(clinic: ClinicService, plan: DemoPatientPlan, therapist_id: int) -> int:
    try:
        return clinic.accounts.find_user(plan.username).id
    except NotFoundError:
        return clinic.accounts.create_patient(
            plan.username, plan.password, plan.display_name, therapist_id, is_demo=True
        ).id


def _ensure_prescription(
    clinic: ClinicService,
    lib: ExerciseLibrary,
    plan: DemoPatientPlan,
    patient_id: int,
    start: date,
) -> PrescriptionInfo:
    existing = clinic.plans.prescriptions_for(patient_id, active_only=True)
    if existing:
        return existing[0]
    text = lib.routine_files[plan.routine_key].read_text("utf-8")
    routine = clinic.plans.save_routine(text, source=str(lib.routine_files[plan.routine_key]))
    return clinic.plans.assign_routine(
        patient_id, routine.id, days_per_week=plan.days_per_week, start_date=start
    )


def _ensure_allowed(clinic: ClinicService, plan: DemoPatientPlan, patient_id: int) -> None:
    allowed = {a.exercise_key for a in clinic.allowances.allowed_exercises(patient_id)}
    for exercise_key, note in plan.allowed:
        if exercise_key not in allowed:
            clinic.allowances.allow_exercise(patient_id, exercise_key, note=note)


def _has_demo_history(db: Database, patient_id: int) -> bool:
    with db.reading() as db_session:
        found = db_session.scalars(
            select(ExerciseSession.id).where(
                ExerciseSession.patient_id == patient_id, ExerciseSession.is_demo.is_(True)
            )
        ).first()
    return found is not None


def _session_times(
    rng: random.Random, plan: DemoPatientPlan, first_monday: date, today: date
) -> list[datetime]:
    """Session start times: the planned number of distinct days per week, before today."""
    times = []
    for week, count in enumerate(plan.sessions_per_week):
        monday = first_monday + timedelta(weeks=week)
        days = [monday + timedelta(days=d) for d in range(7)]
        days = [d for d in days if d < today]
        for day in sorted(rng.sample(days, min(count, len(days)))):
            clock = time(hour=rng.randint(8, 18), minute=rng.randint(0, 59))
            times.append(datetime.combine(day, clock, tzinfo=UTC))
    return times


def _write_session(
    db_session: Session,
    *,
    rng_seed: str,
    lib: ExerciseLibrary,
    prescription: PrescriptionInfo,
    started_at: datetime,
    interrupted: bool,
) -> None:
    """One session of the prescribed routine, with plausible numbers."""
    rng = random.Random(rng_seed)
    row = ExerciseSession(
        patient_id=prescription.patient_id, prescription_id=prescription.id,
        backend=rng.choice(("movenet", "blazepose")), status=SessionStatus.COMPLETED.value,
        started_at=started_at, last_activity_at=started_at, is_demo=True,
    )  # fmt: skip
    db_session.add(row)
    db_session.flush()
    weeks_in = (started_at.date() - prescription.start_date).days / 7
    progress = min(1.0, max(0.0, weeks_in / 5))  # patients improve over the weeks
    clock_s = 0.0
    items = _routine_items(lib, prescription.routine.routine_key)
    if interrupted:
        items = items[: max(1, len(items) // 2)]
    for item, exercise in items:
        clock_s = _write_item(db_session, rng, row, item, exercise, progress, clock_s)
    row.last_activity_at = started_at + timedelta(seconds=clock_s)
    if interrupted:
        row.status = SessionStatus.INTERRUPTED.value
    row.ended_at = row.last_activity_at


def _routine_items(
    lib: ExerciseLibrary, routine_key: str
) -> list[tuple[RoutineItem, ExerciseDefinition]]:
    routine = lib.routines[routine_key]
    try:
        return [(item, lib.exercises[item.exercise]) for item in routine.exercises]
    except KeyError as exc:
        raise InvalidInputError(f"routine {routine_key!r} names unknown exercise {exc}") from None


def _write_item(
    db_session: Session,
    rng: random.Random,
    row: ExerciseSession,
    item: RoutineItem,
    exercise: ExerciseDefinition,
    progress: float,
    clock_s: float,
) -> float:
    """All sets of one routine item; returns the session clock (seconds) after them."""
    targets = item.targets_for(exercise)
    for set_index in range(targets.sets):
        at = row.started_at + timedelta(seconds=clock_s)
        exercise_set = ExerciseSet(
            session_id=row.id, exercise_key=exercise.id, set_index=set_index,
            side=item.side or (exercise.side if exercise.side in ("left", "right") else None),
            target_reps=targets.reps, target_hold_s=targets.hold_s, achieved_reps=0,
            started_at=at,
        )  # fmt: skip
        db_session.add(exercise_set)
        db_session.flush()
        if exercise.kind in ("reps", "rom"):
            clock_s = _write_reps(db_session, rng, exercise_set, exercise, targets.reps or 10,
                                  progress, clock_s)  # fmt: skip
        else:
            clock_s = _write_timed(db_session, rng, exercise_set, exercise.kind,
                                   targets.hold_s or 20.0, progress, clock_s)  # fmt: skip
        if exercise.form_rules and rng.random() < 0.35 * (1.2 - progress):
            rule = rng.choice(exercise.form_rules)
            db_session.add(CueEvent(
                session_id=row.id, set_id=exercise_set.id, at_ms=int(clock_s * 1000) - 1500,
                code=rule.id, message=rule.cue, severity=rule.severity,
                recorded_at=row.started_at + timedelta(seconds=clock_s),
            ))  # fmt: skip
        exercise_set.ended_at = row.started_at + timedelta(seconds=clock_s)
        clock_s += targets.rest_s
    return clock_s


#: Plausible angles of each exercise's ROM measurement, degrees: (at rest, end range reached
#: in week 1, end range reached once improved). From typical rehab values: a knee that
#: straightens to 28° of bend and later to 8°, a squat to 55° of knee bend and later 88°.
DEMO_ROM_DEG: dict[str, tuple[float, float, float]] = {
    "elbow_curl": (15.0, 97.0, 125.0),  # elbow flexion
    "glute_bridge": (140.0, 162.0, 172.0),  # hip angle, lying to bridged
    "heel_raise": (2.0, 15.0, 28.0),  # foot angle from the floor
    "jumping_jack": (20.0, 126.0, 160.0),  # arm raise
    "lunge": (8.0, 66.0, 92.0),  # front knee flexion
    "push_up": (10.0, 72.0, 95.0),  # elbow flexion
    "seated_knee_extension": (90.0, 28.0, 8.0),  # knee flexion: resting bend to straightest
    "shoulder_abduction": (12.0, 78.0, 110.0),
    "shoulder_flexion": (15.0, 115.0, 150.0),
    "sit_to_stand": (88.0, 12.0, 4.0),  # knee flexion, seated to standing
    "squat": (5.0, 55.0, 88.0),  # knee flexion
    "standing_hip_abduction": (3.0, 18.5, 28.0),
    "wall_slide": (92.0, 128.0, 150.0),  # shoulder abduction along the wall
}


def demo_rom_span(exercise: ExerciseDefinition, progress: float) -> tuple[float, float] | None:
    """(rest, end range) of the ROM angle for a patient ``progress`` (0..1) into their plan.

    Exercises outside :data:`DEMO_ROM_DEG` use their rep thresholds when the counting signal is
    the ROM angle, and record no angles otherwise (better none than implausible ones).
    """
    known = DEMO_ROM_DEG.get(exercise.id)
    if known is not None:
        rest, first, improved = known
        return rest, first + (improved - first) * progress
    rep = exercise.rep
    if rep is not None and rep.rom_measurement in (None, rep.signal):
        return rep.start_threshold, rep.turn_threshold
    return None


def _write_reps(
    db_session: Session, rng: random.Random, exercise_set: ExerciseSet,
    exercise: ExerciseDefinition, target: int, progress: float, clock_s: float,
) -> float:  # fmt: skip
    span = demo_rom_span(exercise, progress)
    done = max(1, min(target, round(target * rng.uniform(0.75 + 0.2 * progress, 1.05))))
    set_start_ms = clock_s * 1000
    for index in range(1, done + 1):
        rep = demo_rep(
            rng, exercise, index=index, side=demo_rep_side(exercise, exercise_set.side, index),
            start_ms=int(clock_s * 1000), rom_span_deg=span,
        )  # fmt: skip
        row = rep_row(rep)
        row.set_id = exercise_set.id
        into_set_ms = rep.end_ms - set_start_ms
        row.recorded_at = exercise_set.started_at + timedelta(milliseconds=into_set_ms)
        db_session.add(row)
        clock_s = rep.end_ms / 1000 + rng.uniform(0.2, 0.8)
    exercise_set.achieved_reps = done
    return clock_s


def _write_timed(
    db_session: Session, rng: random.Random, exercise_set: ExerciseSet, kind: str,
    target_s: float, progress: float, clock_s: float,
) -> float:  # fmt: skip
    held = round(min(target_s, target_s * rng.uniform(0.55 + 0.35 * progress, 1.1)), 1)
    recorded = exercise_set.started_at + timedelta(seconds=held)
    if kind == "balance":
        sway = rng.uniform(1.0, 2.5) * (1.4 - 0.5 * progress)
        db_session.add(BalanceResult(
            set_id=exercise_set.id, duration_s=held, sway_rms_pct=round(sway, 2),
            sway_max_pct=round(sway * rng.uniform(2.0, 3.0), 2),
            loss_count=0 if held >= target_s else rng.randint(1, 2), recorded_at=recorded,
        ))  # fmt: skip
    else:
        db_session.add(HoldResult(set_id=exercise_set.id, target_s=target_s, held_s=held,
                                  completed=held >= target_s, recorded_at=recorded))  # fmt: skip
    exercise_set.achieved_hold_s = held
    return clock_s + held + 2.0
