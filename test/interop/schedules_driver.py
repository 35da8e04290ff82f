#!/usr/bin/env python3
"""Trains a regc Keras 3 model whose regularizers or dropout follow schedules, as a user would.

stdin: {"dir": BUILD_DIR, "models": [{"path": MODEL_JSON, "epochs": N}, ...]}, where regc build
wrote the models and regc_schedules.py. Every model is first loaded before the module is imported,
then the module is imported from BUILD_DIR (as a user does) and each model is loaded and trained.

Prints one JSON line, a list with for each model:
  "without_module": what loading the JSON does before regc_schedules is imported (it must fail);
  "params", "weight_shapes": count_params() and get_weights() once loaded with the module imported;
  "epochs": for each epoch, recorded after RegcScheduleCallback ran on_epoch_begin:
     "coefficients": each scheduled object's current values (scheduled_coefficients order),
     "penalty": sum(model.losses), the regularization loss Keras computes,
     "weights": for each layer with a regularizer: [layer, attr, sum|w|, sum w^2] of the weight it
        penalizes (kernel, bias, recurrent_kernel),
     "dropout_zeros": for each ScheduledDropout, the fraction of a large input it zeroes when training,
     "loss": the training loss fit() logged for the epoch.
The weights are set to random values and the optimizer's learning rate to 0, so the weights stay put and the loss fit()
logs differs between epochs only by the penalty that its compiled train step computed.
"""

import contextlib
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")


def main(job):
    import keras

    outs = []
    for m in job["models"]:
        with open(m["path"]) as f:
            text = f.read()
        out = {"backend": keras.backend.backend()}
        try:
            keras.models.model_from_json(text)
            out["without_module"] = {"ok": True}
        except Exception as e:  # noqa: BLE001
            out["without_module"] = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        outs.append(out)

    sys.path.insert(0, job["dir"])
    import regc_schedules

    for m, out in zip(job["models"], outs):
        with open(m["path"]) as f:
            train(keras, regc_schedules, f.read(), m["epochs"], out)
    return outs


def train(keras, regc_schedules, text, epochs, out):
    import numpy as np

    out["module_file"] = os.path.abspath(regc_schedules.__file__)
    keras.utils.set_random_seed(1)
    model = keras.models.model_from_json(text)
    out["params"] = int(model.count_params())
    out["weight_shapes"] = [list(w.shape) for w in model.get_weights()]
    model.optimizer.learning_rate.assign(0.0)

    rng = np.random.default_rng(0)
    # Every weight nonzero (a bias starts at zero), so every penalty term shows.
    model.set_weights([rng.normal(scale=0.5, size=w.shape).astype(w.dtype) for w in model.get_weights()])
    shape = [32] + [d for d in model.inputs[0].shape[1:]]
    x = rng.normal(size=shape).astype("float32")
    y = rng.normal(size=[32] + [d for d in model.outputs[0].shape[1:]]).astype("float32")

    pairs = (("kernel_regularizer", "kernel"), ("bias_regularizer", "bias"), ("recurrent_regularizer", "recurrent_kernel"))
    epochs_out = []

    class Recorder(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            rec = {
                "epoch": epoch,
                "coefficients": [np.asarray(c.state).tolist() for c in regc_schedules.scheduled_coefficients(self.model)],
                "penalty": float(sum(float(keras.ops.convert_to_numpy(l)) for l in self.model.losses)),
                "weights": [],
                "dropout_zeros": [],
            }
            for layer in self.model.layers:
                holder = getattr(layer, "cell", layer)
                for attr, weight in pairs:
                    if getattr(holder, attr, None) is not None:
                        w = np.asarray(keras.ops.convert_to_numpy(getattr(holder, weight)), dtype="float64")
                        rec["weights"].append([layer.name, attr, float(np.abs(w).sum()), float((w * w).sum())])
                if isinstance(layer, regc_schedules.ScheduledDropout):
                    y = keras.ops.convert_to_numpy(layer(np.ones((200, 500), dtype="float32"), training=True))
                    rec["dropout_zeros"].append(float((y == 0).mean()))
            epochs_out.append(rec)

        def on_epoch_end(self, epoch, logs=None):
            epochs_out[-1]["loss"] = float(logs["loss"])

    model.fit(
        x, y, epochs=epochs, batch_size=len(x), shuffle=False, verbose=0,
        callbacks=[regc_schedules.RegcScheduleCallback(), Recorder()],
    )
    out["epochs"] = epochs_out


if __name__ == "__main__":
    real_stdout = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):
        result = main(json.load(sys.stdin))
    real_stdout.write(json.dumps(result) + "\n")
