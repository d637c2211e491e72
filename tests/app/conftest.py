"""A temporary clinic database and Streamlit ``AppTest`` drivers for the app tests.

The database is built through the service layer only: one admin, two therapists, three
patients (two linked to the first therapist), the squat routine prescribed to the first
patient and one completed session with real rep rows, so every page has something to show.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from coach.store import open_database
from tests.support.app_clinic import Clinic, build_clinic, started_app


@pytest.fixture(autouse=True, scope="session")
def _component_manifests_scanned_once() -> Iterator[None]:
    """Scan the installed packages for Streamlit component manifests once per test session.

    Every new ``AppTest`` rescans all installed distributions (about 0.5 s each, most of an
    app test's set-up); the installed packages cannot change while the tests run.
    """
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    cached = functools.cache(original)
    manifest_scanner.scan_component_manifests = cached
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests = original


@pytest.fixture(scope="module")
def clinic_db(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    return build_clinic(f"sqlite:///{tmp_path_factory.mktemp('clinic') / 'coach.db'}")


@pytest.fixture
def app(clinic_db: Clinic, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app, not signed in, on the fixture database."""
    return started_app(clinic_db.url, monkeypatch)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding only what ``coach demo seed`` creates (several weeks of history)."""
    from coach.store.demo import seed_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'coach.db'}"
    seed_demo(open_database(url, upgrade=True))
    return url


@pytest.fixture
def demo_app(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app, not signed in, on the demo database."""
    return started_app(demo_url, monkeypatch)
