# Keras 3's activity penalty on a small Dense model with given weights: what model.losses holds after a
# forward pass on a batch, what evaluate reports, and the weights after one SGD step with fit.
# stdin: {"layers": [{"units", "activation", "l1", "l2"}], "weights": [[...], ...], "x": [[...]], "y": [...],
#         "batch_sizes": [n, ...], "learning_rate": lr}
# stdout: one JSON line {"losses": {n: [per layer]}, "evaluate": {n: loss}, "fit": {n: [weights]}}
import json
import sys

import numpy as np
import keras

job = json.load(sys.stdin)
x = np.array(job["x"], dtype="float32")
y = np.array(job["y"], dtype="float32").reshape(-1, 1)


def build():
    model = keras.Sequential([keras.Input(shape=(x.shape[1],))])
    for spec in job["layers"]:
        model.add(keras.layers.Dense(spec["units"], activation=spec["activation"],
                                     activity_regularizer=keras.regularizers.L1L2(l1=spec["l1"], l2=spec["l2"])))
    model.set_weights([np.array(w, dtype="float32") for w in job["weights"]])
    return model


out = {"losses": {}, "evaluate": {}, "fit": {}}
for n in job["batch_sizes"]:
    model = build()
    model(x[:n], training=True)
    out["losses"][str(n)] = [float(keras.ops.convert_to_numpy(l)) for l in model.losses]

    model = build()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=job["learning_rate"]), loss="binary_crossentropy")
    out["evaluate"][str(n)] = float(model.evaluate(x, y, batch_size=n, verbose=0))
    model.fit(x, y, batch_size=n, epochs=1, shuffle=False, verbose=0)
    out["fit"][str(n)] = [np.asarray(w).ravel().tolist() for w in model.get_weights()]

print(json.dumps(out))
