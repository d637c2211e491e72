"""The Streamlit app: sign-in, therapist pages and patient pages.

Only this package imports Streamlit. Pages under :mod:`coach.app.pages` hold layout; they call
the service layer (:mod:`coach.store`) through :func:`coach.app.state.service` and the exercise
library through :func:`coach.app.resources.exercise_library`.
"""
