"""Every relative link and image in README.md, docs/ and exercises/README.md resolves.

A link to a Markdown file may name a heading (``file.md#some-heading``); the heading must exist
under GitHub's anchor rules. Links inside code (fenced blocks and inline code) are not links.
Images under ``docs/images`` must stay small enough to keep the repository light.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach import paths

ROOT = paths.PROJECT_ROOT
#: Largest screenshot kept in the repository (the documentation's own rule).
MAX_IMAGE_BYTES = 300 * 1024

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r'!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Link:
    """One link or image target found in a Markdown file."""

    source: Path
    target: str


def documentation_files(root: Path) -> list[Path]:
    """The Markdown files whose links are checked, relative paths sorted."""
    files = [root / "README.md", root / "exercises" / "README.md"]
    files += sorted((root / "docs").rglob("*.md"))
    return [f for f in files if f.exists()]


def _prose(markdown: str) -> str:
    """The text with fenced code blocks and inline code removed."""
    return _INLINE_CODE.sub("", _FENCE.sub("", markdown))


def links_in(path: Path) -> list[Link]:
    """Every link and image target in ``path`` that is not inside code."""
    return [Link(path, m.group(1)) for m in _LINK.finditer(_prose(path.read_text("utf-8")))]


def heading_anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in ("L", "N"))
    return kept.replace(" ", "-")


def anchors_of(path: Path) -> set[str]:
    """The anchors of every heading in a Markdown file (repeats get ``-1``, ``-2``...)."""
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    for match in _HEADING.finditer(_FENCE.sub("", path.read_text("utf-8"))):
        anchor = heading_anchor(match.group(1))
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def broken_reason(link: Link, root: Path) -> str | None:
    """Why ``link`` does not resolve inside ``root``, or ``None`` when it does."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", link.target):  # http:, https:, mailto: ...
        return None
    file_part, _, anchor = link.target.partition("#")
    target = (link.source.parent / file_part).resolve() if file_part else link.source
    if not target.exists():
        return f"no file {file_part}"
    if root.resolve() not in (target, *target.parents):
        return f"{file_part} is outside the repository"
    if anchor:
        if target.suffix != ".md":
            return f"an anchor on {file_part}, which is not Markdown"
        if anchor not in anchors_of(target):
            return f"no heading #{anchor} in {target.relative_to(root.resolve())}"
    return None


def _all_links() -> list[Link]:
    return [link for f in documentation_files(ROOT) for link in links_in(f)]


def _link_id(link: Link) -> str:
    return f"{link.source.relative_to(ROOT)}->{link.target}"


@pytest.mark.parametrize("link", _all_links(), ids=_link_id)
def test_relative_link_resolves(link: Link) -> None:
    reason = broken_reason(link, ROOT)
    assert reason is None, f"{link.source.relative_to(ROOT)}: link ({link.target}): {reason}"


def test_the_documentation_has_links_to_check() -> None:
    sources = {link.source.name for link in _all_links()}
    assert {"README.md", "architecture.md"} <= sources


def test_readme_starts_with_the_run_and_test_commands_ci_uses() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    opening = text.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line.split("#")[0].strip() for line in opening] == ["make run", "make test"]


@pytest.mark.parametrize(
    "image", sorted((ROOT / "docs" / "images").glob("*")), ids=lambda p: p.name
)
def test_documentation_image_is_a_small_png_that_is_used(image: Path) -> None:
    assert image.suffix == ".png", f"{image.name}: expected a .png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{image.name}: not a PNG file"
    size = image.stat().st_size
    assert size <= MAX_IMAGE_BYTES, f"{image.name}: {size} bytes, expected ≤ {MAX_IMAGE_BYTES}"
    used = {(link.source.parent / link.target).resolve() for link in _all_links()}
    assert image.resolve() in used, f"{image.name}: not shown by any document"


def test_a_missing_file_a_missing_heading_and_a_missing_image_are_reported(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## Getting started\n", "utf-8")
    (tmp_path / "README.md").write_text(
        "[ok](docs/guide.md#getting-started) [gone](docs/gone.md) "
        "[bad anchor](docs/guide.md#setup) ![shot](docs/images/shot.png) "
        "[web](https://example.org/x) `[code](nowhere.md)`\n"
        "```\n[fenced](nowhere.md)\n```\n",
        "utf-8",
    )
    reasons = {
        link.target: broken_reason(link, tmp_path) for link in links_in(tmp_path / "README.md")
    }
    assert reasons == {
        "docs/guide.md#getting-started": None,
        "docs/gone.md": "no file docs/gone.md",
        "docs/guide.md#setup": "no heading #setup in docs/guide.md",
        "docs/images/shot.png": "no file docs/images/shot.png",
        "https://example.org/x": None,
    }


def test_heading_anchors_follow_github_rules() -> None:
    assert heading_anchor("Pose engine: agreement with the TF.js reference") == (
        "pose-engine-agreement-with-the-tfjs-reference"
    )
    assert heading_anchor("0001. Server-side `inference`") == "0001-server-side-inference"
    assert heading_anchor("HTTPS and TURN") == "https-and-turn"
