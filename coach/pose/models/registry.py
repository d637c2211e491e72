"""Where installed models live, for detectors to load them.

Nothing here downloads or converts: a missing model raises :class:`ModelNotInstalledError`
telling the user which ``coach models fetch`` command installs it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from coach import paths

#: File written last into a model's cache folder; its presence means the folder is complete.
STAMP_NAME = "stamp.json"


class ModelNotInstalledError(FileNotFoundError):
    """The model's files are not in the cache (or in mediapipe's module folder)."""

    def __init__(self, name: str, where: Path) -> None:
        super().__init__(
            f"pose model {name!r} is not installed (looked in {where}); "
            f"run `coach models fetch {name}`"
        )
        self.name = name


@dataclass(frozen=True, slots=True)
class ConvertedModel:
    """A MoveNet model converted from TF.js.

    Attributes:
        name: registry name (``movenet-lightning``...).
        tflite: the ``.tflite`` flatbuffer (fast path, XNNPACK).
        saved_model: a SavedModel folder loadable with ``tensorflow_hub.load``; its
            ``serving_default`` signature takes int32 ``[1, S, S, 3]`` named ``input`` and returns
            ``{"output_0": float32}``.
    """

    name: str
    tflite: Path
    saved_model: Path


def model_dir(name: str) -> Path:
    """The cache folder of model ``name`` (may not exist)."""
    return paths.models_dir() / name


def model_paths(name: str) -> ConvertedModel:
    """Paths of an installed, converted MoveNet model.

    Raises:
        ModelNotInstalledError: the model has not been fetched (or its fetch did not finish).
    """
    folder = model_dir(name)
    converted = ConvertedModel(
        name=name, tflite=folder / "model.tflite", saved_model=folder / "saved_model"
    )
    if not (folder / STAMP_NAME).is_file() or not converted.tflite.is_file():
        raise ModelNotInstalledError(name, folder)
    return converted


def mediapipe_modules_dir() -> Path:
    """``mediapipe/modules/pose_landmark`` of the installed mediapipe, without importing it."""
    spec = importlib.util.find_spec("mediapipe")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("mediapipe is not installed (pip install mediapipe==0.10.21)")
    return Path(next(iter(spec.submodule_search_locations))) / "modules" / "pose_landmark"


#: BlazePose landmark model file for each registry name.
BLAZEPOSE_FILES = {
    "blazepose-lite": "pose_landmark_lite.tflite",
    "blazepose-full": "pose_landmark_full.tflite",
    "blazepose-heavy": "pose_landmark_heavy.tflite",
}


def blazepose_landmark_path(name: str) -> Path:
    """The landmark model mediapipe will load for BlazePose ``name``.

    Raises:
        ModelNotInstalledError: the file is not in mediapipe's module folder.
    """
    path = mediapipe_modules_dir() / BLAZEPOSE_FILES[name]
    if not path.is_file():
        raise ModelNotInstalledError(name, path.parent)
    return path
