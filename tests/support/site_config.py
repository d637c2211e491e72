"""The repository's deployment files (``deploy/``) with their site values replaced for a test.

Everything else in the file is used as it is, so a test of the rendered file tests the recipe.
Each replaced value must occur in the file: a renamed value fails the test instead of leaving a
clinic's placeholder in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from coach import paths

DEPLOY_DIR = paths.PROJECT_ROOT / "deploy"


def render_site_file(relative: str, site_values: Mapping[str, str], target: Path) -> Path:
    """Copy ``deploy/<relative>`` to ``target`` with each key of ``site_values`` replaced.

    Raises:
        AssertionError: A key does not occur in the file.
    """
    text = (DEPLOY_DIR / relative).read_text()
    for placeholder, value in site_values.items():
        assert placeholder in text, f"deploy/{relative} no longer holds {placeholder!r}"
        text = text.replace(placeholder, value)
    target.write_text(text)
    return target
