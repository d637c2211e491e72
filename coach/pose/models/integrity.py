"""sha256 checks for downloaded and cached model files."""

from __future__ import annotations

import hashlib
from pathlib import Path


class ChecksumError(RuntimeError):
    """A file does not hash to what the manifest (or the cache stamp) expects."""

    def __init__(self, path: Path | str, expected: str, actual: str) -> None:
        super().__init__(f"sha256 mismatch for {path}: expected {expected}, got {actual}")
        self.path = str(path)
        self.expected = expected
        self.actual = actual


def sha256_file(path: Path, chunk_bytes: int = 1 << 20) -> str:
    """Hex sha256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


def verify_file(path: Path, expected: str, label: str | None = None) -> None:
    """Raise :class:`ChecksumError` (naming ``label`` or the path) if the hash differs."""
    actual = sha256_file(path)
    if actual != expected:
        raise ChecksumError(label or path, expected, actual)


def hash_tree(root: Path) -> dict[str, str]:
    """sha256 of every file below ``root``, keyed by POSIX path relative to ``root``."""
    return {
        p.relative_to(root).as_posix(): sha256_file(p)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
