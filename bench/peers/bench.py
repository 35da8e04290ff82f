#!/usr/bin/env python3
"""Time one of five fixed training workloads in one framework; print one JSON line.

Vendored from the project's shared tools (shared/tools/peers/bench.py,
sha256 6f2c020400847f58cd2afce12e80908ffbd345a84ef5fe3a9987315fb2137376) so that a
clone has it without shared/ beside it. One change: the JSON line also carries "max_rss_mb", the peak
resident memory of this process (getrusage), which `npm run bench` compares with regc's.
bench/run.mjs runs it in the venv that bench/peers/setup.sh makes.

    python bench.py --framework FW --workload W [--seed N] [--out results/raw.jsonl]

FW: keras-tf       Keras 3, TensorFlow backend, model.fit, default jit ("auto" = no XLA on CPU)
    keras-tf-xla   Keras 3, TensorFlow backend, model.compile(jit_compile=True) (XLA on CPU)
    keras-jax      Keras 3, JAX backend, model.fit (always jitted)
    torch          PyTorch eager, plain training loop, torch.set_num_threads(2)
    torch-compile  as torch, with forward + loss + L2 wrapped in torch.compile (inductor, CPU)

W:  W1 moons, W2 mlp, W3 cnn, W4 lstm (see README.md / shared/bench/WORKLOADS.md),
    W5 sweep = W1 for 6 L2 lambdas x 3 seeds in one process (capped by --budget-s, then extrapolated;
    seeds are the outer loop so that a cut run still covers every lambda once).

Conventions, identical for every framework:
  * float32; data made with numpy / scikit-learn from fixed seeds, before any timing.
  * L2 is Keras's: lambda * sum(w^2) added to the loss (no 1/2); kernels only, never biases.
  * Keras default initialisers (glorot-uniform kernels, zero biases, orthogonal recurrent
    kernel, forget-gate bias 1) are reproduced in PyTorch so accuracies are comparable.
  * Adam lr 1e-3, epsilon 1e-7 (Keras's default; PyTorch's would be 1e-8).
  * No metrics during training; accuracies are computed after training, untimed.
  * Epoch i's time = wall time from the end of epoch i-1 (or just before fit / the loop)
    to the end of epoch i, after forcing the loss to a Python float, so it includes every
    per-epoch overhead (shuffling, iterator set-up, callbacks) and, for epoch 1, tracing
    and compilation.
"""
import argparse
import json
import os
import statistics
import sys
import time

T_START = time.perf_counter()

FRAMEWORKS = ["keras-tf", "keras-tf-xla", "keras-jax", "torch", "torch-compile"]
WORKLOADS = ["W1", "W2", "W3", "W4", "W5"]
SWEEP_LAMBDAS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]
SWEEP_SEEDS = [0, 1, 2]

# epochs, batch size, and the L2 lambda of every regularized kernel
SPEC = {
    "W1": {"epochs": 4000, "batch": 32, "l2": 1e-3},
    "W2": {"epochs": 3, "batch": 128, "l2": 1e-4},
    "W3": {"epochs": 2, "batch": 64, "l2": 5e-4},
    "W4": {"epochs": 2, "batch": 64, "l2": 1e-6},
}


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--framework", required=True, choices=FRAMEWORKS)
    ap.add_argument("--workload", required=True, choices=WORKLOADS)
    ap.add_argument("--seed", type=int, default=0, help="model-init / shuffle seed (W1-W4)")
    ap.add_argument("--epochs", type=int, help="override the epoch count (smoke tests only; summarize.py ignores such runs)")
    ap.add_argument("--budget-s", type=float, default=600.0, help="W5: start no trial that would likely end after this many seconds; the rest is extrapolated")
    ap.add_argument("--out", help="append the JSON line to this file")
    return ap.parse_args()


ARGS = parse_args()
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # quieter TensorFlow; no effect on speed
if ARGS.framework.startswith("keras"):
    os.environ["KERAS_BACKEND"] = "jax" if ARGS.framework == "keras-jax" else "tensorflow"

import numpy as np  # noqa: E402


# ----------------------------------------------------------------------------- data

def moons():
    """make_moons(100, noise 0.2, random_state 1): first 30 rows train, last 70 test."""
    from sklearn.datasets import make_moons

    x, y = make_moons(n_samples=100, noise=0.2, random_state=1)
    x, y = x.astype(np.float32), y.astype(np.float32)
    return x[:30], y[:30], x[30:], y[30:]


def random_data(workload):
    """Random inputs (standard normal) and targets, the same arrays for every framework."""
    rng = np.random.default_rng(1234)
    if workload == "W2":
        return rng.standard_normal((8192, 784), dtype=np.float32), rng.integers(0, 10, 8192).astype(np.int32)
    if workload == "W3":
        return rng.standard_normal((4096, 28, 28, 1), dtype=np.float32), rng.integers(0, 10, 4096).astype(np.int32)
    if workload == "W4":
        return rng.standard_normal((4096, 50, 8), dtype=np.float32), rng.standard_normal((4096, 1), dtype=np.float32)
    raise ValueError(workload)


def epoch_times_ms(t0, ends):
    """Per-epoch wall times in ms from the fit start t0 and the epoch-end timestamps."""
    marks = [t0] + list(ends)
    return [(b - a) * 1e3 for a, b in zip(marks, marks[1:])]


# ----------------------------------------------------------------------------- Keras 3

def keras_setup():
    import keras

    versions = {"keras": keras.__version__, "backend": keras.backend.backend()}
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        versions["tensorflow"] = tf.__version__
    else:
        import jax

        versions["jax"] = jax.__version__
    return versions


def keras_build(workload, l2):
    import keras
    from keras import layers, regularizers

    reg = regularizers.L2(l2)  # l2 * sum(square(w)), Keras semantics
    if workload == "W1":
        model = keras.Sequential([
            keras.Input((2,)),
            layers.Dense(500, activation="relu", kernel_regularizer=reg),
            layers.Dense(1, activation="sigmoid"),
        ])
        loss = "binary_crossentropy"
    elif workload == "W2":
        model = keras.Sequential([
            keras.Input((784,)),
            layers.Dense(512, activation="relu", kernel_regularizer=reg),
            layers.Dense(512, activation="relu", kernel_regularizer=reg),
            layers.Dense(10, activation="softmax", kernel_regularizer=reg),
        ])
        loss = "sparse_categorical_crossentropy"
    elif workload == "W3":
        model = keras.Sequential([
            keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu", kernel_regularizer=reg),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation="relu", kernel_regularizer=reg),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ])
        loss = "sparse_categorical_crossentropy"
    elif workload == "W4":
        model = keras.Sequential([
            keras.Input((50, 8)),
            layers.LSTM(32, kernel_regularizer=reg, recurrent_regularizer=regularizers.L2(l2)),
            layers.Dense(1),
        ])
        loss = "mse"
    else:
        raise ValueError(workload)
    return model, loss


def keras_train(workload, x, y, epochs, batch, l2, seed):
    """Build, compile and fit one model; returns (model, per-epoch ms, fit wall s, extra info)."""
    import keras

    class EpochClock(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.ends = []

        def on_epoch_end(self, epoch, logs=None):
            float(logs["loss"])  # make sure the epoch's work is really done
            self.ends.append(time.perf_counter())

    keras.utils.set_random_seed(seed)
    model, loss = keras_build(workload, l2)
    compile_kwargs = {"jit_compile": True} if ARGS.framework == "keras-tf-xla" else {}  # else Keras default "auto"
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=loss, **compile_kwargs)
    clock = EpochClock()
    t0 = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=epochs, shuffle=True, verbose=0, callbacks=[clock])
    fit_s = time.perf_counter() - t0
    return model, epoch_times_ms(t0, clock.ends), fit_s, {"jit_compile_effective": bool(model.jit_compile)}


def keras_accuracy(model, x, y):
    p = np.asarray(model.predict(x, batch_size=len(x), verbose=0))[:, 0]
    return float(np.mean((p > 0.5) == (y > 0.5)))


# ----------------------------------------------------------------------------- PyTorch

def torch_setup():
    import torch

    torch.set_num_threads(2)
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}


def torch_build(workload, l2):
    """Returns (model, loss_fn, [(lambda, kernel), ...]). Output activations are folded into the loss."""
    import torch
    from torch import nn

    class LSTMRegressor(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(8, 32, batch_first=True)
            self.head = nn.Linear(32, 1)

        def forward(self, x):
            out, _ = self.lstm(x)
            return self.head(out[:, -1])

    if workload == "W1":
        model = nn.Sequential(nn.Linear(2, 500), nn.ReLU(), nn.Linear(500, 1))  # sigmoid is in the loss
        bce = nn.BCEWithLogitsLoss()

        def loss_fn(out, y):
            return bce(out[:, 0], y)

        regs = [(l2, model[0].weight)]
    elif workload == "W2":
        model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        loss_fn = nn.CrossEntropyLoss()  # softmax is in the loss
        regs = [(l2, model[i].weight) for i in (0, 2, 4)]
    elif workload == "W3":
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(0.5), nn.Linear(5 * 5 * 64, 10),
        )
        loss_fn = nn.CrossEntropyLoss()
        regs = [(l2, model[0].weight), (l2, model[3].weight)]
    elif workload == "W4":
        model = LSTMRegressor()
        loss_fn = nn.MSELoss()
        regs = [(l2, model.lstm.weight_ih_l0), (l2, model.lstm.weight_hh_l0)]
    else:
        raise ValueError(workload)

    # Keras default initialisers, so that the numbers are comparable with Keras.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Linear, nn.Conv2d)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LSTM):
                nn.init.xavier_uniform_(m.weight_ih_l0)
                nn.init.orthogonal_(m.weight_hh_l0)
                nn.init.zeros_(m.bias_ih_l0)
                nn.init.zeros_(m.bias_hh_l0)
                m.bias_ih_l0[32:64] = 1.0  # gate order i, f, g, o: unit_forget_bias
    return model, loss_fn, regs


def torch_train(workload, x, y, epochs, batch, l2, seed):
    import torch

    torch.manual_seed(seed)
    model, loss_fn, regs = torch_build(workload, l2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    if workload == "W3":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))  # NHWC -> NCHW, PyTorch's layout
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(y.astype(np.int64) if workload in ("W2", "W3") else y)

    def total_loss(xb, yb):
        loss = loss_fn(model(xb), yb)
        for lam, w in regs:
            loss = loss + lam * w.pow(2).sum()
        return loss

    step_loss = torch.compile(total_loss) if ARGS.framework == "torch-compile" else total_loss

    model.train()
    n = len(xt)
    ends = []
    t0 = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = step_loss(xt[idx], yt[idx])
            loss.backward()
            opt.step()
        loss.item()  # (CPU is synchronous; kept for symmetry with the Keras clock)
        ends.append(time.perf_counter())
    fit_s = time.perf_counter() - t0
    return model, epoch_times_ms(t0, ends), fit_s, {}


def torch_accuracy(model, x, y):
    import torch

    model.eval()
    with torch.no_grad():
        logits = model(torch.from_numpy(x))[:, 0].numpy()
    model.train()
    return float(np.mean((logits > 0) == (y > 0.5)))


# ----------------------------------------------------------------------------- main

def main():
    is_keras = ARGS.framework.startswith("keras")
    versions = keras_setup() if is_keras else torch_setup()
    train = keras_train if is_keras else torch_train
    accuracy = keras_accuracy if is_keras else torch_accuracy
    import_s = time.perf_counter() - T_START

    rec = {"kind": "bench", "framework": ARGS.framework, "workload": ARGS.workload, "versions": versions,
           "import_s": round(import_s, 3), "loadavg_start": os.getloadavg(),
           "time": time.strftime("%Y-%m-%dT%H:%M:%S")}

    if ARGS.workload == "W5":
        spec = SPEC["W1"]
        epochs = ARGS.epochs or spec["epochs"]
        xtr, ytr, xte, yte = moons()
        trials = []
        t0 = time.perf_counter()
        for seed in SWEEP_SEEDS:  # seeds outside: a budget cut still covers as many lambdas as it can
            for lam in SWEEP_LAMBDAS:
                elapsed = time.perf_counter() - t0
                if trials and elapsed + elapsed / len(trials) > ARGS.budget_s:
                    break  # the next trial would likely end past the budget
                ts = time.perf_counter()
                model, _, fit_s, _ = train("W1", xtr, ytr, epochs, spec["batch"], lam, seed)
                trials.append({"lambda": lam, "seed": seed, "fit_s": round(fit_s, 3),
                               "trial_s": round(time.perf_counter() - ts, 3),
                               "train_acc": accuracy(model, xtr, ytr), "test_acc": accuracy(model, xte, yte)})
        wall_s = time.perf_counter() - t0
        n_all = len(SWEEP_LAMBDAS) * len(SWEEP_SEEDS)
        rec.update({"seed": None, "epochs": epochs, "trials": trials, "trials_done": len(trials),
                    "trials_planned": n_all, "wall_s": round(wall_s, 3),
                    "wall_s_extrapolated": round(wall_s / len(trials) * n_all, 3),
                    "complete": len(trials) == n_all})
        per_lambda = {}
        for lam in SWEEP_LAMBDAS:
            ts = [t for t in trials if t["lambda"] == lam]
            if ts:
                per_lambda[str(lam)] = {"n": len(ts), "train_acc": statistics.mean(t["train_acc"] for t in ts),
                                        "test_acc": statistics.mean(t["test_acc"] for t in ts)}
        rec["per_lambda"] = per_lambda
    else:
        spec = SPEC[ARGS.workload]
        epochs = ARGS.epochs or spec["epochs"]
        if ARGS.workload == "W1":
            xtr, ytr, xte, yte = moons()
        else:
            xtr, ytr = random_data(ARGS.workload)
        model, ep_ms, fit_s, extra = train(ARGS.workload, xtr, ytr, epochs, spec["batch"], spec["l2"], ARGS.seed)
        rec.update({"seed": ARGS.seed, "epochs": epochs, "fit_s": round(fit_s, 4), **extra})
        if ARGS.workload == "W1":
            rec.update({"ms_per_epoch": fit_s * 1e3 / epochs,  # all epochs, compilation included
                        "first_epoch_ms": ep_ms[0],
                        "steady_ms_per_epoch": statistics.median(ep_ms[1:]) if len(ep_ms) > 1 else None,
                        "train_acc": accuracy(model, xtr, ytr), "test_acc": accuracy(model, xte, yte)})
        else:
            rec["epoch_ms"] = [round(t, 2) for t in ep_ms]
            if ARGS.workload == "W2":
                rec["ms_per_epoch"] = statistics.median(ep_ms[1:3]) if len(ep_ms) >= 3 else None
            else:
                rec["ms_per_epoch"] = ep_ms[1] if len(ep_ms) >= 2 else None

    rec["loadavg_end"] = os.getloadavg()
    import resource  # noqa: E402  (regc: the process's peak RSS; ru_maxrss is in KiB on Linux)

    rec["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    line = json.dumps(rec)
    print(line)
    if ARGS.out:
        with open(ARGS.out, "a") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
