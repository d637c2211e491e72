"""Convert a TF.js graph model (``model.json`` + ``.bin``) to a SavedModel and a ``.tflite``.

Works with TensorFlow alone (the ``tensorflowjs`` pip package pins versions that conflict with
the rest of the stack). Steps:

1. parse ``modelTopology`` (a GraphDef in JSON) into a ``GraphDef``;
2. fill each weight's ``Const`` node from the ``.bin``, de-quantising float16 / affine uint8;
3. rewrite the TF.js-only fused ops (``_FusedConv2D``, ``FusedDepthwiseConv2dNative``,
   ``_FusedMatMul``) into stock ops (conv + ``BiasAdd`` + activation);
4. import the graph, prune it to ``input → output`` and save it behind a ``serving_default``
   signature returning ``{"output_0": ...}`` as TF Hub's MoveNet does;
5. convert that SavedModel to TFLite.

TensorFlow is imported inside the functions: importing this module is cheap.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

#: Fused-op attributes that the stock ops do not accept.
_FUSED_ONLY_ATTRS = ("fused_ops", "num_args", "epsilon", "leakyrelu_alpha", "num_host_args")

_BASE_OP = {
    "_FusedConv2D": "Conv2D",
    "FusedDepthwiseConv2dNative": "DepthwiseConv2dNative",
    "_FusedMatMul": "MatMul",
}

_ACTIVATIONS = {
    "Relu": "Relu",
    "Relu6": "Relu6",
    "Elu": "Elu",
    "Sigmoid": "Sigmoid",
    "Tanh": "Tanh",
}

_NUMPY_DTYPES: dict[str, type[np.generic]] = {
    "float32": np.float32,
    "float16": np.float16,
    "int32": np.int32,
    "uint8": np.uint8,
    "uint16": np.uint16,
    "bool": np.bool_,
}


class ConversionError(RuntimeError):
    """The TF.js model could not be converted (unsupported op, bad weights file, ...)."""


def _read_weights(model: dict[str, Any], folder: Path) -> dict[str, npt.NDArray[Any]]:
    """Decode every weight listed in ``weightsManifest`` into a float32/int32 array by name."""
    arrays: dict[str, npt.NDArray[Any]] = {}
    for group in model["weightsManifest"]:
        blob = b"".join((folder / p).read_bytes() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            shape = [int(d) for d in spec["shape"]]
            quant = spec.get("quantization")
            stored = quant["dtype"] if quant else spec["dtype"]
            if stored not in _NUMPY_DTYPES:
                raise ConversionError(f"weight {spec['name']}: unsupported dtype {stored}")
            np_dtype = np.dtype(_NUMPY_DTYPES[stored])
            count = int(np.prod(shape)) if shape else 1
            nbytes = count * np_dtype.itemsize
            if offset + nbytes > len(blob):
                raise ConversionError(f"weights file too short for {spec['name']}")
            raw = np.frombuffer(blob, dtype=np_dtype, count=count, offset=offset)
            offset += nbytes
            value: npt.NDArray[Any]
            if quant and stored == "float16":
                value = raw.astype(np.float32)
            elif quant:  # affine uint8/uint16 quantisation: value = raw * scale + min
                value = raw.astype(np.float32) * float(quant["scale"]) + float(quant["min"])
            else:
                value = raw.copy()
            arrays[spec["name"]] = value.reshape(shape)
        if offset != len(blob):
            raise ConversionError(f"{len(blob) - offset} unused bytes in {group['paths']}")
    return arrays


def _decode_names(attr: Any) -> list[str]:
    return [
        s.decode() if isinstance(s, bytes) else base64.b64decode(s).decode() for s in attr.list.s
    ]


def _unfuse(graph_def: Any) -> Any:
    """Return a copy of ``graph_def`` with TF.js fused ops rewritten into stock ops."""
    import tensorflow as tf

    out = tf.compat.v1.GraphDef()
    out.versions.CopyFrom(graph_def.versions)
    out.library.CopyFrom(graph_def.library)
    for node in graph_def.node:
        if node.op not in _BASE_OP:
            out.node.append(node)
            continue
        fused = _decode_names(node.attr["fused_ops"]) if "fused_ops" in node.attr else []
        if any(op not in ("BiasAdd", *_ACTIVATIONS) for op in fused):
            raise ConversionError(f"node {node.name}: unsupported fused ops {fused}")
        base = out.node.add()
        base.CopyFrom(node)
        base.op = _BASE_OP[node.op]
        base.name = f"{node.name}/base" if fused else node.name
        del base.input[:]
        base.input.extend(node.input[:2])
        for key in _FUSED_ONLY_ATTRS:
            if key in base.attr:
                del base.attr[key]
        previous = base.name
        for i, op in enumerate(fused):
            last = i == len(fused) - 1
            step = out.node.add()
            step.name = node.name if last else f"{node.name}/{op.lower()}"
            step.op = op if op == "BiasAdd" else _ACTIVATIONS[op]
            step.input.append(previous)
            if op == "BiasAdd":
                step.input.append(node.input[2])
                step.attr["data_format"].s = (
                    node.attr["data_format"].s if "data_format" in node.attr else b"NHWC"
                )
            step.attr["T"].CopyFrom(node.attr["T"])
            step.device = node.device
            previous = step.name
    return out


def load_graph_def(model_json: Path) -> tuple[Any, dict[str, Any]]:
    """Parse ``model_json`` into a stock-TensorFlow ``GraphDef`` with weights filled in."""
    import tensorflow as tf
    from google.protobuf import json_format

    model = json.loads(model_json.read_text())
    if model.get("format") != "graph-model":
        raise ConversionError(f"{model_json}: not a TF.js graph model")
    graph_def = json_format.ParseDict(
        model["modelTopology"], tf.compat.v1.GraphDef(), ignore_unknown_fields=True
    )
    weights = _read_weights(model, model_json.parent)
    filled = 0
    for node in graph_def.node:
        if node.op == "Const" and node.name in weights:
            value = weights[node.name]
            node.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(value, shape=value.shape))
            node.attr["dtype"].type = tf.as_dtype(value.dtype).as_datatype_enum
            filled += 1
    if filled != len(weights):
        raise ConversionError(f"{model_json}: {len(weights) - filled} weights have no Const node")
    return _unfuse(graph_def), model


def _tensor_name(signature: dict[str, Any], kind: str) -> str:
    entries = list(signature[kind].values())
    if len(entries) != 1:
        raise ConversionError(f"expected one {kind[:-1]}, found {len(entries)}")
    return str(entries[0]["name"])


def convert_tfjs_graph(model_json: Path, out_dir: Path, input_shape: Sequence[int]) -> None:
    """Convert ``model_json`` into ``out_dir/saved_model`` and ``out_dir/model.tflite``.

    Args:
        model_json: the TF.js ``model.json``; its weight files sit beside it.
        out_dir: an empty folder to write into (the caller renames it into place).
        input_shape: the fixed NHWC input shape of the int32 image tensor, e.g.
            ``(1, 192, 192, 3)``; a model with dynamic height/width is fixed to it.
    """
    import tensorflow as tf

    graph_def, model = load_graph_def(model_json)
    input_name = _tensor_name(model["signature"], "inputs")
    output_name = _tensor_name(model["signature"], "outputs")

    def _import() -> None:
        tf.graph_util.import_graph_def(graph_def, name="")

    wrapped = tf.compat.v1.wrap_function(_import, [])
    pruned = wrapped.prune(
        feeds=[wrapped.graph.get_tensor_by_name(input_name)],
        fetches=[wrapped.graph.get_tensor_by_name(output_name)],
    )
    spec = tf.TensorSpec(list(input_shape), tf.int32, name="input")

    class _Module(tf.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self._graph = pruned

        @tf.function(input_signature=[spec])  # type: ignore[misc,untyped-decorator]
        def serve(self, input: Any) -> dict[str, Any]:
            return {"output_0": self._graph(input)[0]}

    module = _Module()
    saved = out_dir / "saved_model"
    tf.saved_model.save(module, str(saved), signatures={"serving_default": module.serve})
    tflite = tf.lite.TFLiteConverter.from_saved_model(str(saved)).convert()
    tflite_path = out_dir / "model.tflite"
    tflite_path.write_bytes(tflite)
    logger.info("converted %s → %s (%d bytes tflite)", model_json.name, out_dir, len(tflite))
