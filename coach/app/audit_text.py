"""The audit log in words and in the reader's local time (pure; no Streamlit)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coach.store.dto import AuditEntry

#: Action codes of the audit log, as a sentence fragment ("Ada Admin reset the password of ...").
ACTION_WORDS = {
    "login": "signed in as",
    "login.failed": "failed to sign in as",
    "user.create": "created the account",
    "user.password": "changed the password of",
    "user.password_reset": "reset the password of",
    "user.deactivate": "deactivated the account",
    "user.reactivate": "reactivated the account",
    "patient.link": "linked a therapist to",
    "patient.unlink": "unlinked a therapist from",
    "routine.save": "saved",
    "prescription.create": "prescribed a routine to",
    "prescription.active": "paused or resumed a plan of",
    "prescription.edit": "changed the schedule of",
    "prescription.end": "ended",
    "exercise.allow": "allowed an extra exercise to",
    "exercise.revoke": "took an extra exercise off the list of",
    "session.start": "started",
    "session.finish": "finished",
    "session.resume": "carried on with",
    "session.close": "closed",
    "session.interrupted": "marked as interrupted",
    "history.export": "exported the history of",
    "exercises.sync": "updated",
}


def action_words(action: str) -> str:
    """'user.password_reset' → 'reset the password of' (unknown codes in plain words)."""
    return ACTION_WORDS.get(action, action.replace(".", " ").replace("_", " "))


def reader_zone(name: str | None) -> tzinfo:
    """The reader's time zone from its IANA name (the browser's), UTC when unknown."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time_text(moment: datetime, zone: tzinfo) -> str:
    """'Mon 30 Nov 2026, 09:12' in the reader's zone."""
    return f"{moment.astimezone(zone):%a %d %b %Y, %H:%M}"


def audit_row(entry: AuditEntry, zone: tzinfo) -> dict[str, str]:
    """One audit line as a table row in words."""
    target = entry.target.replace("'", "")
    details = ", ".join(f"{key.replace('_', ' ')}: {value}" for key, value in entry.detail.items()
                        if value)  # fmt: skip
    return {
        "When": local_time_text(entry.at, zone),
        "Who": entry.actor,
        "What": f"{action_words(entry.action)} {target}".strip(),
        "Details": details or "—",
    }
