"""The inference runtime contract shared by the TFLite and SavedModel paths."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

from coach.pose.movenet.options import Runtime


class ModelRuntime(Protocol):
    """Runs one MoveNet graph on one square RGB image.

    Attributes:
        input_size: side of the square input, pixels.
    """

    input_size: int

    def run(self, image: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
        """Infer on an ``input_size × input_size × 3`` uint8 RGB image; raw model output."""
        ...

    def close(self) -> None:
        """Release the interpreter / graph."""
        ...


def load_runtime(
    model_name: str, runtime: Runtime, num_threads: int, model_source: str | None
) -> ModelRuntime:
    """Open ``model_name`` (``movenet-lightning``...) with the chosen runtime.

    Args:
        model_name: registry name of the model.
        runtime: ``"tflite"`` or ``"savedmodel"``.
        num_threads: TFLite interpreter threads (ignored by the SavedModel path).
        model_source: ``None`` for the installed model, else a file, folder or TF Hub handle.

    Raises:
        ModelNotInstalledError: no ``model_source`` and the model was never fetched.
    """
    from coach.pose.models.registry import model_paths

    if runtime == "tflite":
        from coach.pose.movenet.runtime_tflite import TfliteRuntime

        path = model_source if model_source is not None else str(model_paths(model_name).tflite)
        return TfliteRuntime(path, num_threads=num_threads)
    from coach.pose.movenet.runtime_savedmodel import SavedModelRuntime

    source = model_source if model_source is not None else str(model_paths(model_name).saved_model)
    return SavedModelRuntime(source)
