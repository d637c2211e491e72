"""Storage fixtures: the small test exercise library and a populated clinic (see
:mod:`tests.support.store_clinic`); ``db`` comes from :mod:`tests.support.database_fixtures`.
"""

from __future__ import annotations

import pytest

from coach.exercises.library import ExerciseLibrary, load_library
from coach.store import Database
from tests.support.store_clinic import TEST_EXERCISES, Clinic, build_clinic


@pytest.fixture(scope="session")
def library() -> ExerciseLibrary:
    """The small test exercise library."""
    return load_library(TEST_EXERCISES)


@pytest.fixture
def clinic(db: Database, library: ExerciseLibrary) -> Clinic:
    """Accounts and a routine, each service signed in through :func:`authenticate`."""
    return build_clinic(db, library)
