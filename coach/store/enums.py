"""Closed vocabularies shared by the ORM, the service layer and their callers."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What an account may do: a patient sees their own data, a therapist their patients'."""

    PATIENT = "patient"
    THERAPIST = "therapist"
    ADMIN = "admin"


class SessionStatus(StrEnum):
    """Life cycle of an exercise session.

    ``active`` while recording; ``completed`` after :meth:`finish_session`; ``interrupted`` when
    the process that recorded it died (found at the next start).
    """

    ACTIVE = "active"
    COMPLETED = "completed"
    INTERRUPTED = "interrupted"


class PlanStatus(StrEnum):
    """State of a prescription: in force, paused (can resume) or ended (history only)."""

    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class ExportFormat(StrEnum):
    """Formats of :meth:`ClinicService.export_history`."""

    CSV = "csv"
    JSON = "json"
    FHIR = "fhir"  # FHIR R4 Bundle of outcome measures (coach.store.service.fhir_export)
