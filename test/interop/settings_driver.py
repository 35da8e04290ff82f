#!/usr/bin/env python3
"""Keras 3's own losses and metrics on given targets and outputs.

stdin: a JSON list of {"kind": "loss" | "metric", "name": NAME, "y": [[...]], "p": [[...]]}, NAME as
compile() takes it (keras.losses.get / keras.metrics.get). Prints one JSON line: for each case, the
mean over the rows of what Keras's function gives per row.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "numpy")


def main(cases):
    import keras
    import numpy as np

    out = []
    for c in cases:
        fn = (keras.losses.get if c["kind"] == "loss" else keras.metrics.get)(c["name"])
        y = np.array(c["y"], dtype="float32")
        p = np.array(c["p"], dtype="float32")
        out.append(float(np.mean(keras.ops.convert_to_numpy(fn(y, p)))))
    return out


if __name__ == "__main__":
    print(json.dumps(main(json.load(sys.stdin))))
