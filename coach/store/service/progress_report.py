"""``ProgressReports``: the PDF progress report of one patient over a period (audited).

Gathers, through the other services (so the same access rules hold), adherence, ROM against the
prescribed target per exercise, standard tests against the norms for the patient's age and sex,
pain and PSFS with clinically important changes, and the therapist's notes; the drawing is
:func:`coach.render.progress_report.render_progress_report`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import cast

from sqlalchemy.orm import Session

from coach.exercises.assessment_schema import AssessmentDefinition, Sex
from coach.exercises.errors import ExerciseDefinitionError
from coach.exercises.loader import validate_text
from coach.exercises.norms import age_on, describe_reading, interpret, norm_band, real_change
from coach.exercises.rom_target import rom_target_measure
from coach.exercises.schema import RoutineDefinition
from coach.render.progress_report import (
    AdherenceWeek,
    AssessmentSeries,
    ExerciseRom,
    ProgressReportData,
    render_progress_report,
)
from coach.render.progress_report.model import (
    AssessmentPoint,
    Note,
    PainPoint,
    PsfsPoint,
    RomPoint,
)
from coach.store.dto import SessionDetail
from coach.store.errors import InvalidInputError
from coach.store.outcome_changes import PAIN_SOURCE, PSFS_SOURCE, pain_change, psfs_change
from coach.store.outcome_dto import AssessmentResultInfo
from coach.store.rom_progress import rom_points, rom_summary
from coach.store.service.access import check_patient
from coach.store.service.adherence import week_start
from coach.store.service.assessments import AssessmentRecords
from coach.store.service.audit import audit
from coach.store.service.convert import user_info
from coach.store.service.history import TrainingHistory
from coach.store.service.notes import ClinicalNotes
from coach.store.service.proms import PatientReportedOutcomes
from coach.store.service.routines import RoutinePlans
from coach.store.service.scope import ServiceScope

#: Longest period one report covers (a year of weekly rows and charts stays readable).
MAX_PERIOD_DAYS = 366


def _in_period(moment: datetime, since: datetime, until: datetime) -> bool:
    return since <= moment < until


def _series(
    test: AssessmentDefinition,
    results: Sequence[AssessmentResultInfo],
    age: int | None,
    sex: Sex | None,
) -> AssessmentSeries:
    points = []
    for result in results:
        readings = [
            ("" if part == "result" else f"{part}: ")
            + describe_reading(test, interpret(test, value, age, sex), value)
            for part, value in result.scores.items()
            if value is not None
        ]
        reading = "; ".join(readings + _one_leg_times(test, result)) or (
            f"not completed ({result.note})")  # fmt: skip
        points.append(AssessmentPoint(result.performed_at, dict(result.scores), reading))
    band = norm_band(test, age, sex)
    label = ""
    if band is not None:
        who = f"{band.sex}, " if band.sex != "any" else ""
        label = f"({who}{band.age_min}–{band.age_max} y)"
    return AssessmentSeries(
        assessment_id=test.id, name=test.name, unit=test.scoring.unit,
        higher_is_better=test.scoring.higher_is_better,
        band_low=band.low if band else None, band_high=band.high if band else None,
        band_typical=band.typical if band else None, band_label=label,
        mdc=test.mdc.value if test.mdc else None,
        mdc_source=test.mdc.source.citation if test.mdc else "",
        points=tuple(points), change_note=_change_note(test, results),
    )  # fmt: skip


def _one_leg_times(test: AssessmentDefinition, result: AssessmentResultInfo) -> list[str]:
    """Each leg of a staged test's one-leg stage against the stage's hold time."""
    legs = {trial: (stage, side) for stage in test.stages
            for side, trial in zip(stage.sides, stage.trial_ids(), strict=False)}  # fmt: skip
    out = []
    for trial in result.events.get("trials", []):
        if trial.get("trial") in legs:
            stage, side = legs[trial["trial"]]
            held = "held" if trial.get("held") else "not held"
            out.append(f"{stage.name.lower()}, {side} leg: {trial.get('held_s') or 0:.1f} of "
                       f"{stage.hold_s:g} s ({held})")  # fmt: skip
    return out


def _change_note(test: AssessmentDefinition, results: Sequence[AssessmentResultInfo]) -> str:
    notes = []
    for part in sorted({p for r in results for p in r.scores}):
        values = [r.scores[part] for r in results if r.scores.get(part) is not None]
        if len(values) < 2:
            continue
        first, last = cast(float, values[0]), cast(float, values[-1])
        real = real_change(test, first, last)
        verdict = ("" if real is None else " — a real change (at least the MDC)" if real
                   else " — within the MDC: may be measurement noise")  # fmt: skip
        name = "" if part == "result" else f"{part} leg "
        notes.append(f"{name}first {first:g} → last {last:g} {test.scoring.unit}{verdict}")
    return ("Change: " + "; ".join(notes) + ".") if notes else "Only one result so far."


class ProgressReports(ServiceScope):
    """The PDF progress report."""

    def _targets(self, patient_id: int) -> dict[str, float]:
        """ROM target per exercise: the exercise's default, overridden by the prescription."""
        targets = {
            key: e.targets.rom_target_deg
            for key, e in self.library.exercises.items()
            if e.targets.rom_target_deg is not None
        }
        prescriptions = RoutinePlans(self.db, self.actor, library=self.library)
        for rx in reversed(prescriptions.prescriptions_for(patient_id, active_only=True)):
            try:
                routine = validate_text(RoutineDefinition, rx.routine.yaml_text, "stored routine")
            except ExerciseDefinitionError:
                continue
            for item in routine.exercises:
                if item.rom_target_deg is not None:
                    targets[item.exercise] = item.rom_target_deg
        return targets

    def _exercises(
        self, details: Sequence[SessionDetail], targets: dict[str, float]
    ) -> tuple[ExerciseRom, ...]:
        """Per exercise with a ROM target measure: the value its target refers to, per session
        (the same points and summary as the Progress page)."""
        out = []
        for key in sorted({s.exercise_key for d in details for s in d.sets}):
            exercise = self.library.exercises.get(key)
            measure = rom_target_measure(exercise) if exercise is not None else None
            if exercise is None or measure is None:
                continue
            points = rom_points(details, key, measure)
            if not points:
                continue
            out.append(ExerciseRom(
                exercise_id=key, name=exercise.name, target_deg=targets.get(key),
                measure=measure,
                summary=rom_summary(points, measure, targets.get(key)),
                points=tuple(RomPoint(p.started_at.date(), p.best_deg, p.mean_deg, p.reps)
                             for p in points),
            ))  # fmt: skip
        return tuple(out)

    def build(
        self, patient_id: int, date_from: date, date_to: date, *, now: datetime | None = None
    ) -> ProgressReportData:
        """The report's data for ``date_from``–``date_to`` (inclusive)."""
        if date_to < date_from:
            raise InvalidInputError(f"--to {date_to} is before --from {date_from}")
        if (date_to - date_from).days > MAX_PERIOD_DAYS:
            raise InvalidInputError(f"a report covers at most {MAX_PERIOD_DAYS} days")
        since = datetime.combine(date_from, time.min, tzinfo=UTC)
        until = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=UTC)
        with self.db.reading() as s:
            user = user_info(s, check_patient(s, self.actor, patient_id, "report on"))
        records = AssessmentRecords(self.db, self.actor)
        proms = PatientReportedOutcomes(self.db, self.actor)
        history = TrainingHistory(self.db, self.actor)
        profile = records.profile(patient_id)
        age = age_on(profile.date_of_birth, date_to) if profile.date_of_birth else None
        weeks = (week_start(date_to) - week_start(date_from)).days // 7 + 1
        made = now or datetime.now(UTC)
        # A week is complete once its Sunday is inside the period and over when the report is
        # made; weeks before the first prescription (nothing prescribed) are left out.
        last_full_day = min(date_to, made.date() - timedelta(days=1))
        rows = [
            AdherenceWeek(w.week_start, w.sessions_done, w.sessions_prescribed,
                          complete=w.week_start + timedelta(days=6) <= last_full_day)
            for w in history.adherence(patient_id, weeks=weeks, today=date_to)
        ]  # fmt: skip
        first = next((i for i, w in enumerate(rows) if w.prescribed or w.done), len(rows))
        adherence = tuple(rows[first:])
        details = [d for d in history.patient_session_details(patient_id)
                   if _in_period(d.session.started_at, since, until)]  # fmt: skip
        results = [r for r in records.results(patient_id)
                   if _in_period(r.performed_at, since, until)]  # fmt: skip
        grouped: dict[str, list[AssessmentResultInfo]] = defaultdict(list)
        for result in results:
            grouped[result.assessment_key].append(result)
        tests = records.assessments.assessments
        series = tuple(_series(tests[key], runs, age, profile.sex)
                       for key, runs in sorted(grouped.items()) if key in tests)  # fmt: skip
        pain = [p for p in proms.pain_ratings(patient_id)
                if _in_period(p.recorded_at, since, until)]  # fmt: skip
        psfs = [p for p in proms.psfs_ratings(patient_id)
                if _in_period(p.recorded_at, since, until)]  # fmt: skip
        flags = []
        for change in (pain_change(pain), psfs_change(psfs)):
            if change is not None:
                better = (
                    change.change < 0 if change.measure.startswith("Pain") else change.change > 0
                )
                kind = f"{change.meaning} " if change.important else f"no {change.meaning} "
                trend = ("improvement" if better else "worsening") if change.important else "change"
                flags.append(f"{change.measure}: {change.first:.1f} → {change.last:.1f} "
                             f"({change.change:+.1f}) — {kind}{trend} (threshold "
                             f"{change.threshold:g} points)")  # fmt: skip
        notes = ClinicalNotes(self.db, self.actor).notes(patient_id, since=since, until=until)
        sources = self._sources([tests[s.assessment_id] for s in series])
        return ProgressReportData(
            patient_name=user.display_name, patient_username=user.username,
            date_of_birth=profile.date_of_birth, age=age, sex=profile.sex,
            period_from=date_from, period_to=date_to, generated_at=made,
            generated_by=self.actor.username, adherence=adherence,
            exercises=self._exercises(details, self._targets(patient_id)), assessments=series,
            pain=tuple(PainPoint(p.recorded_at, p.moment, p.score) for p in pain),
            psfs=tuple(PsfsPoint(p.recorded_at, p.activity_name, p.score) for p in psfs),
            notes=tuple(Note(n.written_at, n.author, n.text) for n in notes),
            change_flags=tuple(flags), sources=sources,
        )  # fmt: skip

    @staticmethod
    def _sources(tests: Sequence[AssessmentDefinition]) -> tuple[str, ...]:
        lines = [
            "Results were measured from video by coach's pose model and exercise engine "
            "(the same trackers as the training sessions).",
            "Range of motion: per session, the best rep's value of what the exercise's target "
            "refers to (the range moved through, or the highest or lowest angle reached), in "
            "degrees of the joint angle measured in the camera's 2-D picture.",
        ]
        for test in tests:
            cited = {test.protocol_source.citation}
            if test.norms is not None:
                cited.add(test.norms.source.citation)
            cited |= {c.source.citation for c in test.cutoffs}
            if test.mdc is not None:
                cited.add(test.mdc.source.citation)
            lines.append(f"{test.name}: " + " | ".join(sorted(cited)))
            lines += [f"{test.name} — not checked by the camera: {x}" for x in test.limitations]
        lines.append(f"Pain, clinically important change ≥ 2 points (a reduction of about 2 "
                     f"points or 30 %): {PAIN_SOURCE}")
        lines.append(f"PSFS, minimal detectable change (90 % confidence) ≥ 2 points on the "
                     f"average, 3 for one activity: {PSFS_SOURCE}")
        return tuple(lines)

    def render_pdf(
        self, patient_id: int, date_from: date, date_to: date, *, now: datetime | None = None
    ) -> bytes:
        """The report as PDF bytes; the report is written to the audit log."""
        data = self.build(patient_id, date_from, date_to, now=now)
        pdf = render_progress_report(data)

        def log(db_session: Session) -> None:
            audit(db_session, self.actor, "report.pdf", f"patient {data.patient_username!r}",
                  period=f"{date_from}..{date_to}", bytes=len(pdf))  # fmt: skip

        self.db.write(log)
        return pdf
