"""The PDF progress report: plain data in (:mod:`.model`), static charts, a PDF out.

fpdf2 and matplotlib are imported only when a report is drawn: every app server process imports
the service layer that offers reports, and the two cost ~54 MB of resident memory (measured as
RSS deltas of the imports in a fresh interpreter) that a server running live sessions should
not carry until a therapist asks for a PDF.
"""

from coach.render.progress_report.model import (
    AdherenceWeek,
    AssessmentSeries,
    ExerciseRom,
    ProgressReportData,
)


def render_progress_report(data: ProgressReportData) -> bytes:
    """The report as PDF bytes (drawn by :mod:`coach.render.progress_report.pdf`)."""
    from coach.render.progress_report.pdf import render_progress_report as render

    return render(data)


__all__ = [
    "AdherenceWeek",
    "AssessmentSeries",
    "ExerciseRom",
    "ProgressReportData",
    "render_progress_report",
]
