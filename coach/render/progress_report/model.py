"""What the progress report shows, as plain frozen data (filled by the store, drawn here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class AdherenceWeek:
    """Sessions done against prescribed in one week (Monday ``week_start``)."""

    week_start: date
    done: int
    prescribed: int


@dataclass(frozen=True, slots=True)
class RomPoint:
    """One session of one exercise: mean ROM arc per rep (max − min, degrees) and reps."""

    day: date
    rom_arc_deg: float | None
    reps: int


@dataclass(frozen=True, slots=True)
class ExerciseRom:
    """Range of motion of one exercise over the period, against its target (degrees)."""

    exercise_id: str
    name: str
    target_deg: float | None
    points: tuple[RomPoint, ...]


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
