"""Sign-in page: the only page shown to someone who is not signed in."""

from __future__ import annotations

import logging

import streamlit as st

from coach.app import state
from coach.app.text import plain
from coach.store import AuthenticationError, SignInThrottledError, StoreError

logger = logging.getLogger(__name__)

_, middle, _ = st.columns([1, 1.4, 1])
with middle:
    st.title("Coach")
    st.caption("Your exercise programme, guided at home and reviewed by your therapist.")
    notice = state.pop_notice()
    if notice:
        st.info(notice)
    with st.form("sign_in", border=True):
        username = st.text_input("User name", key="sign_in.username", autocomplete="username")
        password = st.text_input(
            "Password", type="password", key="sign_in.password", autocomplete="current-password"
        )
        submitted = st.form_submit_button("Sign in", type="primary", width="stretch")
    if submitted:
        try:
            state.sign_in(username, password)
        except SignInThrottledError as error:
            st.error(plain(error), icon=":material/lock_clock:")
        except AuthenticationError:
            st.error("That user name and password do not match. Please try again.")
        except StoreError as error:
            logger.error("sign-in unavailable: %s", error)
            st.error("Signing in is not possible right now. Please try again in a minute.")
        else:
            st.rerun()
