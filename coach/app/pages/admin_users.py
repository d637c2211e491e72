"""Users (admins only): every account, new accounts, therapist links, and the audit log."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import streamlit as st

from coach.app import audit_text, state
from coach.app.text import code, plain
from coach.store import Role, StoreError, ThrottleScope

actor = state.require_role(Role.ADMIN)
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
            "Active": "yes" if u.active else "no (cannot sign in; history kept)",
            "Demo": "yes" if u.is_demo else "—",
            "Therapists": ", ".join(by_id[t].username for t in u.therapist_ids if t in by_id)
            or "—",
        }
        for u in users
    ],
    hide_index=True,
)


def _label(user_id: int) -> str:
    user = by_id[user_id]
    return f"{user.display_name} ({user.username})" + ("" if user.active else " · inactive")


new_col, link_col = st.columns(2, gap="large")
with new_col, st.form("new_user", clear_on_submit=False):
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
    st.subheader("Link or unlink a patient")
    therapist = st.selectbox("Therapist", therapists, format_func=lambda u: u.display_name)
    patient = st.selectbox("Patient", patients, format_func=lambda u: u.display_name)
    link, unlink = st.columns(2)
    linked = link.form_submit_button("Link", width="stretch")
    unlinked = unlink.form_submit_button("Unlink", width="stretch")
    if (linked or unlinked) and therapist is not None and patient is not None:
        try:
            if linked:
                clinic.accounts.link_patient(therapist.id, patient.id)
            else:
                clinic.admin.unlink_patient(therapist.id, patient.id)
        except StoreError as error:
            st.error(f"Not changed: {plain(error)}")
        else:
            done = "now linked to" if linked else "no longer linked to"
            st.success(
                f"{plain(patient.display_name)} is {done} {plain(therapist.display_name)}."
            )

st.subheader("Look after an account")
chosen_id = st.selectbox("Account", list(by_id), format_func=_label, key="admin.account")
reset_col, active_col = st.columns(2, gap="large")
with reset_col, st.form("reset_password", clear_on_submit=True):
    new_password = st.text_input(
        "New password (leave empty to generate one)", type="password", key="admin.new_pw"
    )
    if st.form_submit_button("Reset password") and chosen_id is not None:
        given = new_password or secrets.token_urlsafe(12)
        try:
            clinic.accounts.set_password(chosen_id, given)
        except StoreError as error:
            st.error(f"Not reset: {plain(error)}")
        else:
            shown = "" if new_password else f" The new password is {code(given)}."
            st.success(f"Password of {code(by_id[chosen_id].username)} reset.{shown}")
with active_col:
    if chosen_id is not None:
        account = by_id[chosen_id]
        label = "Deactivate account" if account.active else "Reactivate account"
        st.caption(
            "A deactivated account cannot sign in and its open sessions end; its sessions, plans "
            "and audit lines are kept."
        )
        if st.button(label, key="admin.toggle_active", disabled=account.id == actor.user_id):
            try:
                clinic.accounts.set_active(account.id, not account.active)
            except StoreError as error:
                st.error(f"Not changed: {plain(error)}")
            else:
                st.rerun()

st.subheader("Sign-in locks")
locks = clinic.sign_in_locks.current_locks(datetime.now(UTC))
if not locks:
    st.caption("No account or device is locked after failed sign-ins.")
for lock in locks:
    text, unlock_col = st.columns([4, 1], vertical_alignment="center")
    what = "Account" if lock.scope is ThrottleScope.ACCOUNT else "Device"
    text.markdown(
        f"{what} **{plain(lock.key)}**: {lock.failures} failed sign-ins, "
        f"locked until {lock.locked_until:%H:%M} UTC"
    )
    if unlock_col.button("Unlock", key=f"unlock.{lock.scope}.{lock.key}", width="stretch"):
        clinic.sign_in_locks.unlock(lock.scope, lock.key)
        st.rerun()

st.subheader("Audit log")
people, actions = clinic.admin.audit_filters()
who_col, what_col = st.columns(2)
who = who_col.selectbox("Person", people, index=None, placeholder="Everyone", key="audit.who")
action = what_col.selectbox(
    "Action", actions, index=None, placeholder="Every action", key="audit.action",
    format_func=audit_text.action_words,
)  # fmt: skip
zone = audit_text.reader_zone(st.context.timezone)
entries = clinic.admin.audit_log(who=who, action=action, limit=300)
st.caption(f"Newest first, times in your time zone ({zone}). Showing {len(entries)} entries.")
st.dataframe([audit_text.audit_row(e, zone) for e in entries], hide_index=True)
