"""Long-lived objects shared by every browser session, created once per server process.

``st.cache_resource`` keeps one open database per URL and one loaded exercise library, so a
page re-run costs no connection set-up or YAML parsing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from coach import paths

if TYPE_CHECKING:
    from coach.exercises.library import ExerciseLibrary
    from coach.store import Database

logger = logging.getLogger(__name__)


def database_url() -> str | None:
    """The URL given by ``coach app --db`` (through ``COACH_DATABASE_URL``), or ``None``.

    ``None`` lets :func:`coach.store.open_database` pick its default (embedded SQLite).
    """
    return os.environ.get("COACH_DATABASE_URL") or None


def database() -> Database:
    """The open, migrated database for this server (one per URL)."""
    return _open_database(database_url())


def exercise_library() -> ExerciseLibrary:
    """The exercise and routine library from ``exercises/`` (``COACH_EXERCISES_DIR``)."""
    return _load_library(str(paths.exercises_dir()))


@st.cache_resource(show_spinner="Opening the database…")
def _open_database(url: str | None) -> Database:
    from coach.store import open_database

    logger.info("opening database %s", url or "(default)")
    # ``coach app`` created and migrated it; the server id marks the sessions recorded here.
    return open_database(
        url, upgrade=True, create=False, server_id=os.environ.get("COACH_SERVER_ID") or None
    )


def database_problem() -> str | None:
    """Why the database cannot be used right now (its file disappeared…), or ``None``."""
    from coach.store import StoreError

    try:
        database().check_file()
    except StoreError as error:
        return str(error)
    return None


@st.cache_resource(show_spinner="Loading the exercise library…")
def _load_library(folder: str) -> ExerciseLibrary:
    from coach.exercises.library import load_library

    return load_library(Path(folder))
