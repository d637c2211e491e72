"""MoveNet as a SavedModel / TF Hub module through ``tensorflow_hub.load``."""

from __future__ import annotations

import logging
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)


class SavedModelRuntime:
    """Calls the ``serving_default`` signature (int32 ``input`` → ``output_0``).

    Args:
        source: a SavedModel folder, or a TF Hub handle / URL (needs internet).

    Raises:
        ValueError: the model has no usable ``serving_default`` signature.
    """

    def __init__(self, source: str) -> None:
        import tensorflow as tf

        with warnings.catch_warnings():
            # tensorflow_hub 0.16.1 imports the deprecated pkg_resources at import time.
            warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
            import tensorflow_hub as hub

        self._tf: Any = tf
        self._module: Any = hub.load(source)
        signature = self._module.signatures.get("serving_default")
        if signature is None:
            raise ValueError(f"{source}: no serving_default signature")
        input_specs = signature.structured_input_signature[1]
        if "input" not in input_specs:
            raise ValueError(f"{source}: serving_default has no 'input' ({list(input_specs)})")
        shape = input_specs["input"].shape.as_list()
        self._signature: Any = signature
        # TF Hub's MultiPose accepts any size; its converted graph and the single-pose
        # models are square, the size the detectors feed.
        side = shape[1] if len(shape) == 4 and shape[1] is not None else None
        self.input_size = int(side) if side is not None else 256
        self._input = np.zeros((1, self.input_size, self.input_size, 3), dtype=np.int32)
        logger.debug("loaded %s (input %s)", source, shape)

    def run(self, image: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
        np.copyto(self._input[0], image, casting="unsafe")
        outputs = self._signature(input=self._tf.constant(self._input))
        result: npt.NDArray[np.float32] = outputs["output_0"].numpy()
        return result

    def close(self) -> None:
        self._signature = None
        self._module = None
