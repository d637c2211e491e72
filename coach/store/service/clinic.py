"""``ClinicService``: the services for one actor, one per concern, sharing one scope.

``clinic.accounts`` (users), ``clinic.plans`` (routines and prescriptions), ``clinic.recording``
(a training session as it happens), ``clinic.history`` (what was done), ``clinic.exports`` and
``clinic.admin`` (password resets, deactivation, unlinking, the filtered audit log).
"""

from __future__ import annotations

from coach.exercises.library import ExerciseLibrary
from coach.store.dto import Actor
from coach.store.engine import Database
from coach.store.service.account_admin import AccountAdministration
from coach.store.service.export import HistoryExport
from coach.store.service.history import TrainingHistory
from coach.store.service.recording import SessionRecording
from coach.store.service.routines import RoutinePlans
from coach.store.service.users import UserAccounts


class ClinicService:
    """Accounts, plans, recording, history and exports for one actor (see :class:`ServiceScope`)."""

    def __init__(
        self, db: Database, actor: Actor, *, library: ExerciseLibrary | None = None
    ) -> None:
        self.actor = actor
        self.accounts = UserAccounts(db, actor, library=library)
        self.plans = RoutinePlans(db, actor, library=library)
        self.recording = SessionRecording(db, actor)
        self.history = TrainingHistory(db, actor)
        self.exports = HistoryExport(db, actor, library=library)
        self.admin = AccountAdministration(db, actor)
