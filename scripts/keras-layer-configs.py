"""Print the config real Keras 3 writes for each layer regc knows, with default arguments.
Run with the oracle's venv: KERAS_BACKEND=numpy ~/.cache/keras-oracle/venv/bin/python scripts/keras-layer-configs.py
Used to review src/layers/catalog.ts (argument order and defaults) against real Keras."""
import json, keras
L = keras.layers
layers = {
 "Dense": L.Dense(3), "Conv1D": L.Conv1D(2, 3), "Conv2D": L.Conv2D(2, 3),
 "MaxPooling1D": L.MaxPooling1D(), "MaxPooling2D": L.MaxPooling2D(),
 "AveragePooling1D": L.AveragePooling1D(2), "AveragePooling2D": L.AveragePooling2D(2),
 "GlobalAveragePooling1D": L.GlobalAveragePooling1D(), "GlobalAveragePooling2D": L.GlobalAveragePooling2D(),
 "Flatten": L.Flatten(), "Reshape": L.Reshape((2, 2)), "Dropout": L.Dropout(0.5), "GaussianNoise": L.GaussianNoise(0.1),
 "BatchNormalization": L.BatchNormalization(), "LayerNormalization": L.LayerNormalization(), "Activation": L.Activation("relu"),
 "Embedding": L.Embedding(10, 4), "LSTM": L.LSTM(4), "GRU": L.GRU(4), "SimpleRNN": L.SimpleRNN(4),
 "Bidirectional": L.Bidirectional(L.LSTM(4)),
}
out = {}
for k, l in layers.items():
    c = l.get_config()
    out[k] = c
print(json.dumps(out, indent=1, default=str))
