"""Users (admins only): every account, new accounts, therapist links, and the audit log."""

from __future__ import annotations

import streamlit as st

from coach.app import state
from coach.store import Role, StoreError

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
    password = st.text_input("Password (at least 8 characters)", type="password")
    if st.form_submit_button("Create account", type="primary"):
        try:
            created = clinic.accounts.create_user(username, password, role, display_name)
        except StoreError as error:
            st.error(f"Not created: {error}")
        else:
            st.success(f"Created {created.role} `{created.username}`.")

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
            st.error(str(error))
        else:
            st.success(f"{patient.display_name} is now linked to {therapist.display_name}.")

with st.expander("Audit log (latest 200 entries)"):
    st.dataframe(
        [
            {"When": e.at, "Who": e.actor, "What": e.action, "On": e.target}
            for e in clinic.history.audit_log(limit=200)
        ],
        hide_index=True,
    )
