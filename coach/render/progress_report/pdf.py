"""The progress report as a PDF (fpdf2): adherence, ROM against target, assessments against
norms, patient-reported outcomes and the therapist's notes, with charts and sources.

Text is set in DejaVu Sans, the TrueType font that ships inside matplotlib (a dependency), so
the report renders the same on every machine with no system fonts and shows °, – and ≥.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from coach.render.progress_report import charts
from coach.render.progress_report.model import AssessmentSeries, ExerciseRom, ProgressReportData

FONT = "DejaVu"
PAGE_WIDTH_MM = 180.0  # A4 (210 mm) less 15 mm margins
CHART_HEIGHT_MM = PAGE_WIDTH_MM * charts.HEIGHT_IN / charts.WIDTH_IN
HEADING_MM = 13.0  # a section title with its rule and spacing
SUBHEADING_MM = 7.0


def _font_dir() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _Report(FPDF):
    def __init__(self, data: ProgressReportData) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.data = data
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(_font_dir() / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(_font_dir() / "DejaVuSans-Oblique.ttf"))
        self.set_title(f"Progress report - {data.patient_name}")
        self.set_creator("coach")

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 8)
        self.set_text_color(120)
        d = self.data
        self.cell(0, 5, f"{d.patient_name} · progress report {d.period_from} – {d.period_to}",
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(120)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    # -- building blocks ----------------------------------------------------------------------

    def heading(self, text: str, keep_with_mm: float = 24.0) -> None:
        """A section title, moved to a new page unless ``keep_with_mm`` of what follows fits
        under it (a title never stands alone at the foot of a page)."""
        if self.get_y() + HEADING_MM + keep_with_mm > 277:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 13)
        self.set_text_color(31, 41, 51)
        self.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(200)
        self.line(15, self.get_y(), 195, self.get_y())
        self.ln(2)

    def subheading(self, text: str, keep_with_chart: bool = False) -> None:
        if keep_with_chart and self.get_y() + SUBHEADING_MM + CHART_HEIGHT_MM > 277:
            self.add_page()  # never leave a title alone at the foot of a page
        self.set_font(FONT, "B", 10.5)
        self.set_text_color(31, 41, 51)
        self.cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def para(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(31, 41, 51)
        self.multi_cell(0, 4.8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def chart(self, png: bytes) -> None:
        if self.get_y() + CHART_HEIGHT_MM > 277:
            self.add_page()
        self.image(io.BytesIO(png), x=15, w=PAGE_WIDTH_MM, h=CHART_HEIGHT_MM)
        self.ln(1)

    def grid(self, header: Sequence[str], rows: Iterable[Sequence[str]],
             widths: Sequence[float]) -> None:  # fmt: skip
        self.set_font(FONT, "", 8.5)
        self.set_text_color(31, 41, 51)
        with self.table(col_widths=tuple(widths), text_align="LEFT", line_height=4.6,
                        first_row_as_headings=True, width=PAGE_WIDTH_MM) as table:  # fmt: skip
            row = table.row()
            for cell in header:
                row.cell(cell)
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(cell)
        self.ln(2)


def _num(value: float | None, unit: str = "", digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def _title_page(pdf: _Report) -> None:
    d = pdf.data
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.cell(0, 10, "Progress report", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 11)
    pdf.cell(0, 6, f"{d.patient_name} ({d.patient_username})", new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)  # fmt: skip
    born = (
        f"born {d.date_of_birth}, age {d.age}" if d.date_of_birth else "date of birth not recorded"
    )
    pdf.para(f"{born}; sex: {d.sex or 'not recorded'}")
    pdf.para(f"Period: {d.period_from:%d %b %Y} – {d.period_to:%d %b %Y}. Generated "
             f"{d.generated_at:%d %b %Y %H:%M} UTC by {d.generated_by}.")  # fmt: skip
    pdf.heading("Summary")
    lines = [d.adherence_line()]
    for series in d.assessments:
        if series.points:
            last = series.points[-1]
            lines.append(f"{series.name} ({last.performed_at:%d %b}): {last.reading}")
    lines += list(d.change_flags)
    for line in lines:
        pdf.para(f"• {line}")


def _adherence(pdf: _Report) -> None:
    d = pdf.data
    pdf.heading("Adherence")
    if not d.adherence:
        pdf.para("No prescription in this period.")
        return
    pdf.chart(charts.adherence_chart(d.adherence))
    rows = [(f"{w.week_start:%d %b %Y}", str(w.done), str(w.prescribed),
             "in progress" if not w.complete else
             f"{100 * w.done / w.prescribed:.0f} %" if w.prescribed else "—")
            for w in d.adherence]  # fmt: skip
    pdf.grid(("week of", "done", "prescribed", "adherence"), rows, (60, 40, 40, 40))


def _rom(pdf: _Report, exercise: ExerciseRom) -> None:
    pdf.subheading(exercise.name, keep_with_chart=True)
    pdf.chart(charts.rom_chart(exercise))
    reps = sum(p.reps for p in exercise.points)
    pdf.para(f"{exercise.measure.label}: {len(exercise.points)} sessions, {reps} repetitions "
             f"with angles. {exercise.summary}")  # fmt: skip


def _assessment(pdf: _Report, series: AssessmentSeries) -> None:
    measured = any(v is not None for p in series.points for v in p.scores.values())
    pdf.subheading(series.name, keep_with_chart=measured)
    if measured:
        pdf.chart(charts.assessment_chart(series))
    rows = []
    for point in series.points:
        rows.append((f"{point.performed_at:%d %b %Y}", point.reading))
    pdf.grid(("date", "result against the norms for the patient's age and sex"), rows, (28, 152))
    mdc = "No published minimal detectable change is used."
    if series.mdc is not None:
        mdc = f"Minimal detectable change {series.mdc:g} {series.unit} ({series.mdc_source})."
    pdf.para(f"{series.change_note} {mdc}", size=8.5)


def _proms(pdf: _Report) -> None:
    d = pdf.data
    pdf.heading("Patient-reported outcomes")
    pdf.subheading("Pain (0-10 numeric rating scale)", keep_with_chart=True)
    if d.pain:
        pdf.chart(charts.pain_chart(d.pain))
        before = [p.score for p in d.pain if p.moment == "before"]
        after = [p.score for p in d.pain if p.moment == "after"]
        pdf.para(f"{len(before)} ratings before and {len(after)} after sessions; mean before "
                 f"{_num(sum(before) / len(before) if before else None, '', 1)}, mean after "
                 f"{_num(sum(after) / len(after) if after else None, '', 1)}.")  # fmt: skip
    else:
        pdf.para("No pain ratings in this period.")
    pdf.subheading(
        "Patient-Specific Functional Scale (0 = unable, 10 = as before)", keep_with_chart=True
    )
    if d.psfs:
        pdf.chart(charts.psfs_chart(d.psfs))
        latest: dict[str, tuple[str, int]] = {}
        first: dict[str, int] = {}
        for p in d.psfs:
            first.setdefault(p.activity, p.score)
            latest[p.activity] = (f"{p.recorded_at:%d %b}", p.score)
        rows = [(a, str(first[a]), str(s), day) for a, (day, s) in latest.items()]
        pdf.grid(("activity", "first", "latest", "rated"), rows, (95, 25, 25, 35))
    else:
        pdf.para("No PSFS ratings in this period.")


def _notes(pdf: _Report) -> None:
    pdf.heading("Therapist's notes")
    if not pdf.data.notes:
        pdf.para("No notes in this period.")
    for note in pdf.data.notes:
        pdf.para(f"{note.written_at:%d %b %Y} — {note.author}", size=8.5, style="B")
        pdf.para(note.text)


def render_progress_report(data: ProgressReportData) -> bytes:
    """The report as PDF bytes."""
    pdf = _Report(data)
    _title_page(pdf)
    _adherence(pdf)
    with_chart = SUBHEADING_MM + CHART_HEIGHT_MM  # a first exercise's title and chart
    pdf.heading("Range of motion against target", keep_with_mm=with_chart if data.exercises else 24)
    if not data.exercises:
        pdf.para("No exercise with a range-of-motion measure was done in this period.")
    for exercise in data.exercises:
        _rom(pdf, exercise)
    pdf.heading("Standard functional tests against norms",
                keep_with_mm=with_chart if data.assessments else 24)  # fmt: skip
    if not data.assessments:
        pdf.para("No standard test was run in this period.")
    for series in data.assessments:
        _assessment(pdf, series)
    _proms(pdf)
    _notes(pdf)
    pdf.heading("Sources and method")
    for source in data.sources:
        pdf.para(f"• {source}", size=8)
    return bytes(pdf.output())
