"""``ClinicService``: the services for one actor, one per concern, sharing one scope.

``clinic.accounts`` (users), ``clinic.plans`` (routines and prescriptions), ``clinic.recording``
(a training session as it happens), ``clinic.history`` (what was done), ``clinic.exports``,
``clinic.admin`` (password resets, deactivation, unlinking, the filtered audit log),
``clinic.sign_in_locks`` (failed sign-ins, cleared by admins), and the clinical outcome
measures: ``clinic.assessments`` (standard tests, patient profile), ``clinic.proms`` (pain and
PSFS), ``clinic.notes`` (therapists' notes), ``clinic.fhir`` (FHIR R4 export) and
``clinic.reports`` (PDF progress report); ``clinic.allowances`` (exercises a patient may
practise besides their plans).
"""

from __future__ import annotations

from coach.exercises.library import ExerciseLibrary
from coach.store.dto import Actor
from coach.store.engine import Database
from coach.store.service.account_admin import AccountAdministration
from coach.store.service.allowances import ExerciseAllowances
from coach.store.service.assessments import AssessmentRecords
from coach.store.service.export import HistoryExport
from coach.store.service.fhir_export import FhirExport
from coach.store.service.history import TrainingHistory
from coach.store.service.notes import ClinicalNotes
from coach.store.service.progress_report import ProgressReports
from coach.store.service.proms import PatientReportedOutcomes
from coach.store.service.recording import SessionRecording
from coach.store.service.routines import RoutinePlans
from coach.store.service.throttle import SignInLocks
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
        self.sign_in_locks = SignInLocks(db, actor)
        self.assessments = AssessmentRecords(db, actor, library=library)
        self.proms = PatientReportedOutcomes(db, actor)
        self.notes = ClinicalNotes(db, actor)
        self.fhir = FhirExport(db, actor)
        self.reports = ProgressReports(db, actor, library=library)
        self.allowances = ExerciseAllowances(db, actor, library=library)
