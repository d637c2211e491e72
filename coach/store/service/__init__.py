"""The storage service layer: the only code that reads or writes the database."""

from __future__ import annotations

from coach.store.service.auth import authenticate
from coach.store.service.clinic import ClinicService

__all__ = ["ClinicService", "authenticate"]
