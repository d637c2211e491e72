"""The PDF progress report: plain data in (:mod:`.model`), static charts, a PDF out."""

from coach.render.progress_report.model import (
    AdherenceWeek,
    AssessmentSeries,
    ExerciseRom,
    ProgressReportData,
)
from coach.render.progress_report.pdf import render_progress_report

__all__ = [
    "AdherenceWeek",
    "AssessmentSeries",
    "ExerciseRom",
    "ProgressReportData",
    "render_progress_report",
]
