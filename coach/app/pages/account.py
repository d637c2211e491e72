"""My account: who is signed in, change the password, sign out."""

from __future__ import annotations

import streamlit as st

from coach.app import state
from coach.app.text import code, plain
from coach.store import StoreError
from coach.store.password_policy import min_length

actor = state.require_role("therapist", "admin", "patient")
st.title("My account")
st.markdown(
    f"Signed in as **{plain(actor.display_name or actor.username)}** "
    f"({code(actor.username)}, {actor.role!s})."
)
st.caption(
    f"For your privacy you are signed out after {round(state.idle_timeout_s() / 60)} minutes "
    "without activity."
)

with st.form("change_password", clear_on_submit=True):
    st.subheader("Change password")
    new_password = st.text_input(
        f"New password (at least {min_length(actor.role)} characters)", type="password"
    )
    repeated = st.text_input("Repeat the new password", type="password")
    if st.form_submit_button("Change password"):
        if new_password != repeated:
            st.error("The two passwords are different.")
        elif actor.user_id is None:
            st.error("This account has no password to change.")
        else:
            try:
                state.service().accounts.set_password(actor.user_id, new_password)
            except StoreError as error:
                st.error(plain(error))
            else:
                st.success("Your password has been changed.")

if st.button("Sign out", type="primary", icon=":material/logout:"):
    state.sign_out("You have signed out.")
    st.rerun()
