"""Demo outcome measures: test results over the weeks with their raw events, pain before and
after the demo sessions, and weekly PSFS ratings, so the Outcomes page and the PDF report of the
demo clinic show something real.

The results are plausible for each demo patient's age and sex against the verified norms of
``exercises/assessments`` (a first result below the norm band that improves past the MDC), and
are recorded the way the app records them: the patient records results, pain and PSFS ratings,
the demo therapist sets the profile, assigns the tests and names the PSFS activities. A seeded
generator adds day-to-day variation; the same seed gives the same record. Nothing is added for
a patient who already has results.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from coach.session.assessments import AssessmentOutcome, StandEvent, TrialEvent
from coach.store.dto import Actor
from coach.store.engine import Database
from coach.store.enums import Role, SessionStatus
from coach.store.outcome_dto import Sex
from coach.store.service.clinic import ClinicService

#: Days before today on which the demo tests were done (every 14 days, the last yesterday).
TEST_DAYS_AGO = (27, 13, 1)


@dataclass(frozen=True)
class DemoOutcomePlan:
    """One demo patient's outcome record: profile, tests and their results per test day."""

    username: str
    date_of_birth: date
    sex: Sex
    #: Per test: one result per test day, oldest first (stands, seconds or a stage number;
    #: per-leg tests: (left s, right s)).
    results: dict[str, tuple[float | tuple[float, float], ...]]
    psfs: tuple[str, ...]
    #: Pain before the first and the last session (0-10); the sessions in between move between.
    pain_first_last: tuple[int, int]
    note: str


DEMO_OUTCOMES = (
    # Ana, 70, knee rehab: chair stands below the norm for women 70-74 (10-15) at first.
    DemoOutcomePlan(
        "demo_ana", date(1956, 4, 12), "female",
        {"chair_stand_30s": (8, 10, 12), "five_times_sit_to_stand": (16.4, 14.1, 12.2)},
        ("Climbing the stairs at home", "Getting up from a low chair", "Walking for 30 minutes"),
        (6, 3),
        "Knee pain settling; rises from the chair without hands now. Add step-ups next week.",
    ),
    # Ben, 78, fall prevention: tandem stance not held at first (CDC STEADI fall risk).
    DemoOutcomePlan(
        "demo_ben", date(1948, 9, 3), "male",
        {"four_stage_balance": (2, 3, 4),
         "single_leg_stance_time": ((3.8, 2.9), (7.6, 5.4), (12.1, 9.8))},
        ("Walking outdoors without a stick", "Standing at the stove to cook"),
        (4, 2),
        "Tandem stance now held 10 s; keep the single-leg work, progress to eyes-closed holds.",
    ),
)  # fmt: skip


def seed_demo_outcomes(
    db: Database, plan: DemoOutcomePlan, *, patient_id: int, therapist: Actor,
    display_name: str, first_monday: date, today: date, seed: int,
) -> bool:  # fmt: skip
    """Add ``plan``'s outcome record (once); returns whether anything was added."""
    patient = Actor(patient_id, plan.username, Role.PATIENT, display_name)
    as_patient = ClinicService(db, patient)
    as_therapist = ClinicService(db, therapist)
    if as_patient.assessments.results(patient_id):
        return False
    rng = random.Random(f"{seed}:{plan.username}:outcomes")
    as_therapist.assessments.set_profile(patient_id, date_of_birth=plan.date_of_birth,
                                         sex=plan.sex)  # fmt: skip
    for key in plan.results:
        as_therapist.assessments.assign(patient_id, key, interval_days=14, start_date=first_monday)
    for key, values in plan.results.items():
        for days_ago, value in zip(TEST_DAYS_AGO, values, strict=False):
            when = datetime.combine(today - timedelta(days=days_ago), datetime.min.time(),
                                    tzinfo=UTC) + timedelta(hours=10, minutes=rng.randint(0, 50))
            as_patient.assessments.record_result(patient_id, demo_outcome(key, value, rng),
                                                 mode="live", performed_at=when)  # fmt: skip
    _pain(as_patient, patient_id, plan, rng)
    _psfs(as_therapist, as_patient, patient_id, plan, first_monday, today, rng)
    as_therapist.notes.add_note(patient_id, plan.note,
                                written_at=datetime.combine(today - timedelta(days=1),
                                                            datetime.min.time(), tzinfo=UTC))
    return True


def demo_outcome(
    key: str, value: float | tuple[float, float], rng: random.Random
) -> AssessmentOutcome:
    """A test result of ``value`` with raw events that add up to it (stands, trials)."""
    if key == "chair_stand_30s":
        assert isinstance(value, int | float)
        stands = _stands(int(value), 30.0 / (value + 0.5), rng)
        return AssessmentOutcome(key, {"result": float(value)}, "stands", "cue", stands, (),
                                 f"{int(value)} full stands in 30 s; timed from the Go cue")
    if key == "five_times_sit_to_stand":
        assert isinstance(value, int | float)
        stands = _stands(5, value / 5.0, rng)
        last = stands[-1]
        seconds = round(last.seated_s or value, 1)
        return AssessmentOutcome(key, {"result": seconds}, "s", "cue", stands, (),
                                 f"5 stands in {seconds:.1f} s; timed from the Go cue")
    if key == "four_stage_balance":
        assert isinstance(value, int | float)
        return _four_stage(int(value), rng)
    assert isinstance(value, tuple)
    left, right = value
    trials = tuple(TrialEvent(side, "single_leg_stance", 45.0, held, False, "foot_down")
                   for side, held in (("left", left), ("right", right)))  # fmt: skip
    return AssessmentOutcome(key, {"left": left, "right": right}, "s", "not_applicable", (),
                             trials, f"left leg {left:.1f} s (foot down), right leg {right:.1f} s "
                             "(foot down)")  # fmt: skip


def _stands(count: int, cycle_s: float, rng: random.Random) -> tuple[StandEvent, ...]:
    """``count`` stands, one every ``cycle_s`` seconds from the Go cue (rise, up, seated)."""
    out = []
    clock = rng.uniform(0.4, 0.7)  # reaction time after "Go"
    for index in range(1, count + 1):
        cycle = cycle_s * rng.uniform(0.93, 1.07)
        rise = round(clock, 2)
        standing = round(clock + cycle * 0.45, 2)
        seated = round(clock + cycle, 2)
        out.append(StandEvent(index, rise, standing, seated, True))
        clock += cycle
    return tuple(out)


_STAGES = (("feet_together", "feet_together_stance"), ("semi_tandem", "semi_tandem_stance"),
           ("tandem", "tandem_stance"))  # fmt: skip


def _four_stage(held_stages: int, rng: random.Random) -> AssessmentOutcome:
    trials = []
    for number, (stage, exercise) in enumerate(_STAGES, start=1):
        if number <= held_stages:
            trials.append(TrialEvent(stage, exercise, 10.0, 10.0, True, "target_reached"))
            continue
        trials.append(TrialEvent(stage, exercise, 10.0, round(rng.uniform(3.0, 7.5), 1), False,
                                 "step"))  # fmt: skip
        break
    else:
        left_held = held_stages == 4
        left = 10.0 if left_held else round(rng.uniform(2.0, 6.0), 1)
        right = round(rng.uniform(4.0, 9.0), 1)
        trials.append(TrialEvent("single_leg_left", "single_leg_stance", 10.0, left, left_held,
                                 "target_reached" if left_held else "foot_down"))  # fmt: skip
        trials.append(TrialEvent("single_leg_right", "single_leg_stance", 10.0, right, False,
                                 "foot_down"))  # fmt: skip
    last = _STAGES[held_stages - 1][0] if 0 < held_stages <= 3 else (
        "single_leg" if held_stages == 4 else "none")  # fmt: skip
    note = f"last stage held 10 s: {held_stages} ({last.replace('_', ' ')})"
    legs = [t for t in trials if t.trial.startswith("single_leg")]
    if legs:
        note += "; " + ", ".join(f"{t.trial.removeprefix('single_leg_')} leg {t.held_s:.1f} s "
                                 f"({t.reason.replace('_', ' ')})" for t in legs)  # fmt: skip
    return AssessmentOutcome("four_stage_balance", {"result": float(held_stages)}, "stage",
                             "not_applicable", (), tuple(trials), note)  # fmt: skip


def _pain(clinic: ClinicService, patient_id: int, plan: DemoOutcomePlan,
          rng: random.Random) -> None:  # fmt: skip
    """Pain before and after every completed session, easing over the weeks."""
    sessions = [s for s in reversed(clinic.history.sessions_for(patient_id))
                if s.status is SessionStatus.COMPLETED]  # fmt: skip
    first, last = plan.pain_first_last
    for index, session in enumerate(sessions):
        share = index / max(1, len(sessions) - 1)
        before = max(0, min(10, round(first + (last - first) * share + rng.choice((-1, 0, 0, 1)))))
        if index in (0, len(sessions) - 1):
            before = first if index == 0 else last  # the ends are the plan's own figures
        after = max(0, before - rng.choice((0, 1, 1, 2)))
        clinic.proms.record_pain(patient_id, "before", before, session_id=session.id,
                                 recorded_at=session.started_at)  # fmt: skip
        clinic.proms.record_pain(patient_id, "after", after, session_id=session.id,
                                 recorded_at=session.ended_at or session.started_at)  # fmt: skip


def _psfs(
    therapist: ClinicService, patient: ClinicService, patient_id: int, plan: DemoOutcomePlan,
    first_monday: date, today: date, rng: random.Random,
) -> None:  # fmt: skip
    """The activities named at the start, each rated weekly from about 3 up to about 7."""
    activities = [therapist.proms.add_psfs_activity(patient_id, name) for name in plan.psfs]
    weeks = max(1, (today - first_monday).days // 7)
    for week in range(weeks + 1):
        day = first_monday + timedelta(days=7 * week + 2)
        if day >= today:
            break
        when = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)
        for number, activity in enumerate(activities):
            start = 2 + number % 2
            score = round(start + 4.0 * week / weeks + rng.choice((-1, 0, 0, 1)))
            patient.proms.rate_psfs(activity.id, max(0, min(10, score)), recorded_at=when)
