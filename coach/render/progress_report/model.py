"""What the progress report shows, as plain frozen data (filled by the store, drawn here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from coach.exercises.rom_target import RomTargetMeasure


@dataclass(frozen=True, slots=True)
class AdherenceWeek:
    """Sessions done against prescribed in one week (Monday ``week_start``).

    ``complete`` is False for a week that had not ended by the report's last day (or by the
    time it was made): its figures are "so far" and it is left out of the adherence total.
    """

    week_start: date
    done: int
    prescribed: int
    complete: bool = True


@dataclass(frozen=True, slots=True)
class RomPoint:
    """One session of one exercise, in degrees of the value its ROM target refers to.

    Attributes:
        day: the session's day.
        best_deg: the session's best rep (highest, or lowest when lower is better).
        mean_deg: mean over the session's reps with angles.
        reps: reps with angles.
    """

    day: date
    best_deg: float
    mean_deg: float
    reps: int


@dataclass(frozen=True, slots=True)
class ExerciseRom:
    """Range of motion of one exercise over the period, against its target (degrees).

    Attributes:
        measure: the value the target refers to (its ``label`` names what is plotted).
        summary: first, latest and best against the target, in one sentence.
    """

    exercise_id: str
    name: str
    target_deg: float | None
    measure: RomTargetMeasure
    summary: str
    points: tuple[RomPoint, ...]

    @property
    def target_reached(self) -> bool:
        """Whether the best rep of any session in the period met the target."""
        return any(self.measure.reached(p.best_deg, self.target_deg) for p in self.points)


@dataclass(frozen=True, slots=True)
class AssessmentPoint:
    """One run of a test: its scores per part (``result`` or ``left``/``right``)."""

    performed_at: datetime
    scores: dict[str, float | None]
    reading: str  # e.g. "worse than the normal range for female 70–74 y (10–15 stands); FLAG: ..."


@dataclass(frozen=True, slots=True)
class AssessmentSeries:
    """All runs of one test with the norm band for the patient and the test's MDC."""

    assessment_id: str
    name: str
    unit: str
    higher_is_better: bool
    band_low: float | None
    band_high: float | None
    band_typical: float | None
    band_label: str
    mdc: float | None
    mdc_source: str
    points: tuple[AssessmentPoint, ...]
    change_note: str  # first vs last against the MDC, in words

    def scores_by_part(self) -> dict[str, list[tuple[datetime, float]]]:
        """Each scored part (``result``, or each leg) as (when, score), oldest first."""
        parts: dict[str, list[tuple[datetime, float]]] = {}
        for point in self.points:
            for part, value in point.scores.items():
                if value is not None:
                    parts.setdefault(part, []).append((point.performed_at, value))
        return dict(sorted(parts.items()))


@dataclass(frozen=True, slots=True)
class PainPoint:
    """A 0-10 pain rating before or after a session."""

    recorded_at: datetime
    moment: str
    score: int


@dataclass(frozen=True, slots=True)
class PsfsPoint:
    """A 0-10 rating of one PSFS activity."""

    recorded_at: datetime
    activity: str
    score: int


@dataclass(frozen=True, slots=True)
class Note:
    """A therapist's note."""

    written_at: datetime
    author: str
    text: str


@dataclass(frozen=True)
class ProgressReportData:
    """Everything the report shows for one patient and one period (dates inclusive)."""

    patient_name: str
    patient_username: str
    date_of_birth: date | None
    age: int | None
    sex: str | None
    period_from: date
    period_to: date
    generated_at: datetime
    generated_by: str
    adherence: tuple[AdherenceWeek, ...]
    exercises: tuple[ExerciseRom, ...]
    assessments: tuple[AssessmentSeries, ...]
    pain: tuple[PainPoint, ...]
    psfs: tuple[PsfsPoint, ...]
    notes: tuple[Note, ...]
    change_flags: tuple[str, ...] = ()  # clinically important PROM changes, in words
    sources: tuple[str, ...] = field(default=())

    @property
    def sessions_in_complete_weeks(self) -> tuple[int, int]:
        """(done, prescribed) over the weeks that had ended: what adherence is judged on."""
        weeks = [w for w in self.adherence if w.complete]
        return sum(w.done for w in weeks), sum(w.prescribed for w in weeks)

    def adherence_line(self) -> str:
        """Adherence in one line: the complete weeks' share, then the week in progress."""
        done, prescribed = self.sessions_in_complete_weeks
        complete = sum(w.complete for w in self.adherence)
        share = f" ({100 * done / prescribed:.0f} %)" if prescribed else ""
        line = (f"Sessions completed: {done} of {prescribed} prescribed{share} over "
                f"{complete} complete week{'s' if complete != 1 else ''}.")  # fmt: skip
        partial = [w for w in self.adherence if not w.complete]
        if partial:
            week = partial[-1]
            line += (f" Week of {week.week_start:%d %b} (in progress): {week.done} of "
                     f"{week.prescribed} so far.")  # fmt: skip
        return line
