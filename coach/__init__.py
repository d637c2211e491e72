"""coach: a privacy-first exercise coach.

Layers, lowest first: ``pose`` → ``kinematics`` → ``exercises`` → ``analysis`` → ``session`` →
``render`` → ``store`` → ``live`` → ``app`` | ``bench`` → ``cli``. A lower layer never imports an
upper one, nothing imports ``cli``, and nothing outside ``coach.app`` imports Streamlit: the
``[tool.importlinter]`` contracts in ``pyproject.toml`` check all three in ``make lint``.
"""

__version__ = "0.1.0"
