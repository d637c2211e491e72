"""Users (admins only): every account, new accounts, therapist links, and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from coach.app import state
from coach.app.text import code, plain
from coach.store import Role, StoreError, ThrottleScope

state.require_role(Role.ADMIN)
clinic = state.service()

st.title("Users")
users = clinic.accounts.list_users()
by_id = {u.id: u for u in users}
st.dataframe(
    [
        {
            "User name": u.username,
            "Name": u.display_name,
            "Role": str(u.role),
            "Active": u.active,
            "Demo": u.is_demo,
            "Therapists": ", ".join(by_id[t].username for t in u.therapist_ids if t in by_id),
        }
        for u in users
    ],
    hide_index=True,
)

new_col, link_col = st.columns(2, gap="large")
with new_col, st.form("new_user", clear_on_submit=True):
    st.subheader("New account")
    role = st.selectbox("Role", [r.value for r in Role], index=1)
    display_name = st.text_input("Full name")
    username = st.text_input("User name")
    password = st.text_input(
        "Password (staff: at least 12 characters; patients: 8)", type="password"
    )
    if st.form_submit_button("Create account", type="primary"):
        try:
            created = clinic.accounts.create_user(username, password, role, display_name)
        except StoreError as error:
            st.error(f"Not created: {plain(error)}")
        else:
            st.success(f"Created {created.role} {code(created.username)}.")

therapists = [u for u in users if u.role == Role.THERAPIST]
patients = [u for u in users if u.role == Role.PATIENT]
with link_col, st.form("link"):
    st.subheader("Link a patient to a therapist")
    therapist = st.selectbox("Therapist", therapists, format_func=lambda u: u.display_name)
    patient = st.selectbox("Patient", patients, format_func=lambda u: u.display_name)
    if st.form_submit_button("Link") and therapist is not None and patient is not None:
        try:
            clinic.accounts.link_patient(therapist.id, patient.id)
        except StoreError as error:
            st.error(plain(error))
        else:
            st.success(
                f"{plain(patient.display_name)} is now linked to {plain(therapist.display_name)}."
            )

st.subheader("Sign-in locks")
locks = clinic.sign_in_locks.current_locks(datetime.now(UTC))
if not locks:
    st.caption("No account or device is locked after failed sign-ins.")
for lock in locks:
    text, action = st.columns([4, 1], vertical_alignment="center")
    what = "Account" if lock.scope is ThrottleScope.ACCOUNT else "Device"
    text.markdown(
        f"{what} **{plain(lock.key)}**: {lock.failures} failed sign-ins, "
        f"locked until {lock.locked_until:%H:%M} UTC"
    )
    if action.button("Unlock", key=f"unlock.{lock.scope}.{lock.key}", width="stretch"):
        clinic.sign_in_locks.unlock(lock.scope, lock.key)
        st.rerun()

with st.form("deactivate"):
    st.subheader("Deactivate an account")
    st.caption("The account can no longer sign in, and its open sessions end at once.")
    active_users = [u for u in users if u.active]
    leaving = st.selectbox(
        "Account", active_users, format_func=lambda u: f"{u.display_name} ({u.username})"
    )
    if st.form_submit_button("Deactivate") and leaving is not None:
        try:
            clinic.accounts.set_active(leaving.id, False)
        except StoreError as error:
            st.error(plain(error))
        else:
            st.rerun()

with st.expander("Audit log (latest 200 entries)"):
    st.dataframe(
        [
            {"When": e.at, "Who": e.actor, "What": e.action, "On": e.target}
            for e in clinic.history.audit_log(limit=200)
        ],
        hide_index=True,
    )
