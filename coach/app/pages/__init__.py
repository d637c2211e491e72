"""One Streamlit page per file; :mod:`coach.app.navigation` decides who sees which."""
