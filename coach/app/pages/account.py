"""My account: who is signed in, change the password, sign out."""

from __future__ import annotations

import streamlit as st

from coach.app import state
from coach.app.text import code, plain
from coach.store import AuthenticationError, StoreError
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
    current = st.text_input("Current password", type="password", key="account.current")
    new_password = st.text_input(
        f"New password (at least {min_length(actor.role)} characters)", type="password"
    )
    repeated = st.text_input("Repeat the new password", type="password")
    if st.form_submit_button("Change password"):
        if new_password != repeated:
            st.error("The two new passwords are different.")
        else:
            try:
                state.service().admin.change_own_password(current, new_password)
            except AuthenticationError:
                st.error("Your current password is not right. Nothing was changed.")
            except StoreError as error:
                st.error(f"Not changed: {plain(error)}")
            else:
                state.keep_this_session_signed_in()
                st.success(
                    "Your password has been changed. Sign in again with it on your other devices."
                )

if st.button("Sign out", type="primary", icon=":material/logout:"):
    state.sign_out("You have signed out.")
    st.rerun()
