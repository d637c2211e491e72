"""A new patient's sign-in details as a card: address, user name and password, Copy and Print.

The therapist hands these to the patient; each value is in a code box with Streamlit's own copy
button, and Print opens the browser's print dialog for the page (the card prints on its own:
the print style hides everything else).
"""

from __future__ import annotations

import streamlit as st

_PRINT_BUTTON = """
<style>
button {{ font: inherit; font-size: 1rem; padding: 0.45rem 1rem; border-radius: 8px;
          border: 1px solid #9aa3af; background: #fff; color: #111827; cursor: pointer; }}
</style>
<button type="button" onclick="(window.parent || window).print()">Print this card</button>
"""

_PRINT_STYLE = """
<style>
@media print {
  [data-testid="stSidebar"], header, [data-testid="stToolbar"] { display: none !important; }
  [data-testid="stMain"] *:not(.coach-sign-in-card, .coach-sign-in-card *) { visibility: hidden; }
  .coach-sign-in-card, .coach-sign-in-card * { visibility: visible; }
  .coach-sign-in-card { position: absolute; left: 0; top: 0; }
}
</style>
"""


def card_text(address: str, username: str, password: str, display_name: str) -> str:
    """The card as plain text (also what is copied): who, where, user name and password."""
    return (
        f"Exercise coach sign-in for {display_name}\n"
        f"Address:   {address}\n"
        f"User name: {username}\n"
        f"Password:  {password}"
    )


def sign_in_card(address: str, username: str, password: str, display_name: str) -> None:
    """Draw the card with a copy button (on the text box) and a Print button."""
    from streamlit.components.v1 import html as render_html

    st.markdown(_PRINT_STYLE, unsafe_allow_html=True)
    with st.container(border=True, key="sign_in_card"):
        st.markdown(
            '<div class="coach-sign-in-card">'
            f"<strong>Sign-in details for {_escape(display_name)}</strong></div>",
            unsafe_allow_html=True,
        )
        st.code(card_text(address, username, password, display_name), language=None)
        st.caption(
            "Use the copy button on the box, or print the card. The password is shown only "
            "now; the patient can change it after signing in."
        )
        render_html(_PRINT_BUTTON.format(), height=52)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
