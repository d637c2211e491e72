"""Where coach keeps and finds things on disk.

Every location can be overridden by an environment variable so that tests, CI and clinics can
point the app elsewhere without code changes.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir

#: The repository root (the folder holding ``pyproject.toml``) for a source checkout.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def models_dir() -> Path:
    """Folder holding downloaded and converted pose models.

    ``COACH_MODELS_DIR`` overrides it; the default lives in the user's cache folder so that a
    fresh clone on the same machine (as CI makes) reuses models that were already verified.
    """
    env = os.environ.get("COACH_MODELS_DIR")
    return Path(env).expanduser() if env else Path(user_cache_dir("coach")) / "models"


def manifest_path() -> Path:
    """The model manifest kept in the repository (``models/manifest.yaml``)."""
    return PROJECT_ROOT / "models" / "manifest.yaml"


def exercises_dir() -> Path:
    """Folder of exercise and routine YAML files (``COACH_EXERCISES_DIR`` overrides it)."""
    env = os.environ.get("COACH_EXERCISES_DIR")
    return Path(env).expanduser() if env else PROJECT_ROOT / "exercises"


def data_dir() -> Path:
    """Folder for the embedded database and other local state (``COACH_DATA_DIR``)."""
    env = os.environ.get("COACH_DATA_DIR")
    return Path(env).expanduser() if env else PROJECT_ROOT / "data"


def shared_dir() -> Path:
    """The read-only ``shared/`` folder beside the checkout (``COACH_SHARED_DIR`` overrides)."""
    env = os.environ.get("COACH_SHARED_DIR")
    return Path(env).expanduser() if env else PROJECT_ROOT.parent / "shared"


def shared_media_dir() -> Path:
    """Real test footage with known answers (``shared/media``)."""
    return shared_dir() / "media"
