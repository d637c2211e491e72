"""Users page (admin) and My account: password reset, audit log in words, current password."""

from __future__ import annotations

from datetime import UTC, datetime

from streamlit.testing.v1 import AppTest

from coach.app.audit_text import audit_row, local_time_text, reader_zone
from coach.store import AuditEntry, authenticate
from tests.support.accounts import PASSWORD
from tests.support.app_clinic import Clinic, sign_in


def test_audit_lines_read_in_words_and_in_the_readers_time_zone() -> None:
    moment = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)
    zone = reader_zone("Europe/Madrid")
    assert local_time_text(moment, zone) == "Mon 30 Nov 2026, 09:05"
    row = audit_row(AuditEntry(moment, "admin", "user.password_reset", "user 'pat'"), zone)
    assert row == {"When": "Mon 30 Nov 2026, 09:05", "Who": "admin",
                   "What": "reset the password of user pat", "Details": "—"}  # fmt: skip
    assert str(reader_zone("Not/AZone")) == "UTC"


def test_an_admin_resets_a_password_and_reads_the_audit_log(
    app: AppTest, clinic_db: Clinic
) -> None:
    sign_in(app, "admin")
    app.switch_page("pages/admin_users.py").run()
    assert not app.exception
    app.selectbox(key="admin.account").select(clinic_db.second_patient_id).run()
    app.text_input(key="admin.new_pw").input("reset by the admin")
    next(b for b in app.button if b.label == "Reset password").click().run()
    assert not app.exception
    assert app.success[0].value == "Password of `patient_two` reset."
    assert authenticate(clinic_db.db, "patient_two", "reset by the admin").username == (
        "patient_two"
    )
    app.selectbox(key="audit.action").select("user.password_reset").run()
    audit = app.dataframe[-1].value
    assert list(audit["What"]) == ["reset the password of user patient_two"]
    assert list(audit["Who"]) == ["admin"]


def test_changing_my_password_asks_for_the_current_one(app: AppTest, clinic_db: Clinic) -> None:
    sign_in(app, "therapist")
    app.switch_page("pages/account.py").run()
    app.text_input(key="account.current").input("not my password")
    fields = [t for t in app.text_input if t.label.startswith(("New password", "Repeat"))]
    for field in fields:
        field.input("a newer password")
    next(b for b in app.button if b.label == "Change password").click().run()
    assert [e.value for e in app.error] == [
        "Your current password is not right. Nothing was changed."
    ]
    assert authenticate(clinic_db.db, "therapist", PASSWORD).username == "therapist"
