"""Entry point of the Streamlit app (``coach app`` runs ``streamlit run`` on this file).

It only sets the page up, expires idle sessions, and hands over to the page the navigation
allows for the signed-in role; everything else lives in the pages and the helper modules.
"""

from __future__ import annotations

import logging

import streamlit as st

from coach.app import navigation, resources, state, theme
from coach.app.text import plain

logger = logging.getLogger(__name__)


def main() -> None:
    """Run one pass of the app for the current browser session."""
    st.set_page_config(
        page_title="Coach",
        page_icon=":material/directions_run:",
        layout="wide",
        # "auto": open beside the page on a desktop, closed on a phone, where an open sidebar
        # would cover the page after sign-in.
        initial_sidebar_state="auto",
    )
    theme.apply()
    problem = resources.database_problem()
    if problem is not None:
        st.error(f"Coach cannot save or show anything right now. {plain(problem)}")
        st.stop()
    state.touch()
    actor = state.current_actor()
    page = st.navigation(
        navigation.build_navigation(actor),
        position="sidebar" if actor is not None else "hidden",
    )
    navigation.render_account_box(actor)
    page.run()


main()
