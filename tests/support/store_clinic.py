"""A populated clinic for the storage tests: admin, two therapists, each with one patient,
and one routine; every service signed in through :func:`coach.store.authenticate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.exercises.library import ExerciseLibrary
from coach.store import Actor, ClinicService, Database, UserInfo, authenticate
from tests.support.accounts import PASSWORD

#: Small, valid exercise library used by the storage tests (the real one is ``exercises/``).
TEST_EXERCISES = Path(__file__).resolve().parents[1] / "store" / "data" / "exercises"


@dataclass(frozen=True)
class Clinic:
    """A populated clinic: admin, two therapists, each with one patient, one routine."""

    db: Database
    admin: ClinicService
    therapist: ClinicService
    other_therapist: ClinicService
    patient: ClinicService
    patient_user: UserInfo
    other_patient_user: UserInfo
    routine_id: int

    def service(self, actor: Actor) -> ClinicService:
        return ClinicService(self.db, actor, library=self.admin.plans.library)


def build_clinic(db: Database, library: ExerciseLibrary) -> Clinic:
    """Accounts and a routine, each service signed in through :func:`authenticate`."""
    system = ClinicService(db, Actor.system("test"), library=library)
    system.accounts.create_user("admin", PASSWORD, "admin", "Ada Admin")
    system.accounts.create_user("thera", PASSWORD, "therapist", "Theo Therapist")
    system.accounts.create_user("other_thera", PASSWORD, "therapist", "Olga Other")

    def signed_in(name: str) -> ClinicService:
        return ClinicService(db, authenticate(db, name, PASSWORD), library=library)

    therapist = signed_in("thera")
    other_therapist = signed_in("other_thera")
    patient_user = therapist.accounts.create_patient("pat", PASSWORD, "Pat Patient")
    other_patient_user = other_therapist.accounts.create_patient("other_pat", PASSWORD, "Oscar")
    routine = therapist.plans.save_routine(
        (TEST_EXERCISES / "routines" / "knee_basics.yaml").read_text(), source="knee_basics.yaml"
    )
    return Clinic(
        db=db,
        admin=signed_in("admin"),
        therapist=therapist,
        other_therapist=other_therapist,
        patient=signed_in("pat"),
        patient_user=patient_user,
        other_patient_user=other_patient_user,
        routine_id=routine.id,
    )
