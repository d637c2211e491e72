"""Leases: a session is orphaned only when the server recording it stopped renewing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from coach.store import Actor, ClinicService, Database, SessionStatus, open_database
from coach.store.leases import (
    LEASE_TTL_S,
    mark_orphaned_sessions,
    new_server_id,
    register_server,
    release_server,
    renew_lease,
)
from coach.store.models import utc_now
from tests.support.accounts import PASSWORD


def _status(db: Database, patient_id: int, session_id: int) -> SessionStatus:
    sessions = ClinicService(db, Actor.system("tests")).history.sessions_for(patient_id)
    return next(s.status for s in sessions if s.id == session_id)


def _servers(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM app_servers")).scalar_one())


def test_a_session_survives_while_its_server_renews_and_is_interrupted_after(
    db: Database, db_url: str
) -> None:
    admin = ClinicService(db, Actor.system("tests"))
    patient = admin.accounts.create_patient("ana", PASSWORD, "Ana")
    server = new_server_id()
    register_server(db, server)
    served = open_database(db_url, server_id=server)
    session_id = ClinicService(served, Actor.system("tests")).recording.start_session(
        patient.id, backend="movenet-lightning"
    )
    soon = utc_now() + timedelta(seconds=LEASE_TTL_S / 2)
    assert mark_orphaned_sessions(db, now=soon) == 0
    renew_lease(db, server)
    assert _status(db, patient.id, session_id) is SessionStatus.ACTIVE
    late = utc_now() + timedelta(seconds=LEASE_TTL_S + 5)
    assert mark_orphaned_sessions(db, now=late) == 1
    assert _status(db, patient.id, session_id) is SessionStatus.INTERRUPTED
    assert _servers(db) == 0  # the stale row is gone
    served.close()


def test_a_clean_release_interrupts_only_that_servers_sessions(
    db: Database, db_url: str
) -> None:
    admin = ClinicService(db, Actor.system("tests"))
    patient = admin.accounts.create_patient("ana", PASSWORD, "Ana")
    ids = {}
    handles = []
    for name in ("a", "b"):
        server = new_server_id()
        register_server(db, server)
        handle = open_database(db_url, server_id=server)
        handles.append(handle)
        ids[name] = (server, ClinicService(handle, Actor.system("tests")).recording.start_session(
            patient.id, backend="movenet-lightning"
        ))  # fmt: skip
    assert release_server(db, ids["a"][0]) == 1
    assert _status(db, patient.id, ids["a"][1]) is SessionStatus.INTERRUPTED
    assert _status(db, patient.id, ids["b"][1]) is SessionStatus.ACTIVE
    assert _servers(db) == 1
    for handle in handles:
        handle.close()
