#!/usr/bin/env python3
"""Runs the Keras oracle (tools/keras-oracle/check_keras.py) on many models in one Python process.

Starting Python and importing Keras costs seconds, so the interop tests batch their models here.
stdin: a JSON list of jobs {"argv": [...check_keras.py arguments...], "compile": bool, "schedules": dir}.
"schedules" imports regc_schedules.py from that folder (as a user does) before the model is loaded.
stdout: one JSON line, the list of results: each exactly what check_keras.py prints for that argv,
plus, for a model that loaded, "extra": the JSON Keras writes back byte for byte ("to_json"), the
regularizers of Bidirectional's two directions ("wrapped"), and with "compile": true what the loader
compiled from compile_config ("compile": optimizer, loss, and the metrics Keras builds).
"""

import contextlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "keras-oracle"))

import check_keras  # noqa: E402


def wrapped(model, keras):
    """The regularizers of each Bidirectional layer's forward and backward layers."""
    out = {}
    for layer in model.layers:
        if hasattr(layer, "forward_layer"):
            out[layer.name] = {
                side: {attr: check_keras._regularizer(getattr(layer, f"{side}_layer"), attr, keras) for attr in check_keras.REG_ATTRS}
                for side in ("forward", "backward")
            }
    return out


def extra(path, want_compile):
    """Loads the model again (as check_keras.py did) and reports what it does not."""
    import keras

    with open(path) as f:
        model = keras.models.model_from_json(f.read())
    out = {"to_json": model.to_json(), "wrapped": wrapped(model, keras)}
    if want_compile:
        out["compile"] = compiled(model)
    return out


def compiled(model):
    """What Keras compiled the model with."""
    import numpy as np

    import keras

    out = {"compiled": bool(getattr(model, "compiled", False))}
    if not out["compiled"]:
        return out
    out["optimizer"] = keras.saving.serialize_keras_object(model.optimizer)
    out["optimizer_class"] = type(model.optimizer).__name__
    out["loss"] = model.loss if isinstance(model.loss, str) else repr(model.loss)
    shape = [2 if d is None else d for d in model.inputs[0].shape]
    shape[0] = 2
    x = np.zeros(shape, dtype=model.inputs[0].dtype)
    yshape = [2 if d is None else d for d in model.outputs[0].shape]
    yshape[0] = 2
    if model.loss == "sparse_categorical_crossentropy":
        y = np.zeros(yshape[:-1], dtype="int32")
    else:
        y = np.zeros(yshape, dtype="float32")
    # Metrics are built on first use: compute them on a prediction of zeros, without
    # running the model (a jitted evaluate() of an RNN costs tens of seconds here).
    y_pred = np.zeros(yshape, dtype="float32")
    logs = model.compute_metrics(x, y, y_pred)
    out["metric_results"] = sorted(logs.keys())
    metrics = []
    for m in model.metrics:
        for inner in getattr(m, "metrics", []) or []:
            metrics.append({"name": inner.name, "class_name": type(inner).__name__})
    out["metrics"] = metrics
    return out


def main():
    jobs = json.load(sys.stdin)
    results = []
    real_stdout = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):
        for job in jobs:
            if job.get("schedules"):
                sys.path.insert(0, job["schedules"])
                import regc_schedules  # noqa: F401
            result, _code = check_keras.run(job["argv"])
            if result.get("ok") and result.get("loader") == "json":
                try:
                    result["extra"] = extra([a for a in job["argv"] if not a.startswith("--")][0], job.get("compile"))
                except Exception as e:  # noqa: BLE001
                    result["extra"] = {"error": f"{type(e).__name__}: {e}"}
            results.append(check_keras._clean(result))
    real_stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
