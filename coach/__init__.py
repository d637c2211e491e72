"""coach: a privacy-first exercise coach.

Layers, lowest first: ``pose`` → ``kinematics`` → ``analysis`` → ``session`` → ``store`` → ``app``.
A lower layer never imports an upper one, and nothing outside ``coach.app`` imports Streamlit.
"""

__version__ = "0.1.0"
