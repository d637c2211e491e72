"""Writing and reading the audit log (who did what, when)."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from coach.store.dto import Actor, AuditEntry
from coach.store.models import AuditLog, User


def audit(db_session: Session, actor: Actor, action: str, target: str, **detail: object) -> None:
    """Add an audit line to the current transaction (committed with the change it describes)."""
    actor_id = actor.user_id
    if actor_id is not None and db_session.get(User, actor_id) is None:
        actor_id = None
    db_session.add(
        AuditLog(
            actor_id=actor_id,
            actor_username=actor.username[:64],
            action=action,
            target=target[:200],
            detail_json=json.dumps({k: str(v) for k, v in detail.items()}, sort_keys=True),
        )
    )


def entry(row: AuditLog) -> AuditEntry:
    """An audit line as a record."""
    return AuditEntry(
        at=row.at,
        actor=row.actor_username,
        action=row.action,
        target=row.target,
        detail=json.loads(row.detail_json),
    )
