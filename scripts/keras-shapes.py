"""Writes test/fixtures/keras-shapes.json: output shapes and parameter counts that real Keras 3 computes
for each case below, each case a one-layer model given both as a regc layer line and a Keras layer.
Run: KERAS_BACKEND=jax ~/.cache/keras-oracle/venv/bin/python scripts/keras-shapes.py"""
import json, keras
L = keras.layers
CASES = [
    ([2], "Dense(500, activation: relu)", lambda: L.Dense(500, activation="relu")),
    ([5, 3], "Dense(4, use_bias: false)", lambda: L.Dense(4, use_bias=False)),
    ([20, 6], "Conv1D(8, 3)", lambda: L.Conv1D(8, 3)),
    ([20, 6], "Conv1D(8, 5, strides: 2, padding: same)", lambda: L.Conv1D(8, 5, strides=2, padding="same")),
    ([20, 6], "Conv1D(8, 3, padding: causal, dilation_rate: 2)", lambda: L.Conv1D(8, 3, padding="causal", dilation_rate=2)),
    ([28, 28, 1], "Conv2D(32, 3, activation: relu)", lambda: L.Conv2D(32, 3, activation="relu")),
    ([28, 28, 3], "Conv2D(16, [5, 3], strides: [2, 1], padding: same, use_bias: false)", lambda: L.Conv2D(16, (5, 3), strides=(2, 1), padding="same", use_bias=False)),
    ([28, 28, 3], "Conv2D(4, 3, dilation_rate: 2)", lambda: L.Conv2D(4, 3, dilation_rate=2)),
    ([20, 6], "MaxPooling1D()", lambda: L.MaxPooling1D()),
    ([21, 6], "MaxPooling1D(3, strides: 2, padding: same)", lambda: L.MaxPooling1D(3, strides=2, padding="same")),
    ([27, 27, 4], "MaxPooling2D(2)", lambda: L.MaxPooling2D(2)),
    ([27, 27, 4], "AveragePooling2D([3, 2], strides: 1)", lambda: L.AveragePooling2D((3, 2), strides=1)),
    ([21, 6], "AveragePooling1D(4)", lambda: L.AveragePooling1D(4)),
    ([20, 6], "GlobalAveragePooling1D()", lambda: L.GlobalAveragePooling1D()),
    ([7, 7, 5], "GlobalAveragePooling2D()", lambda: L.GlobalAveragePooling2D()),
    ([7, 7, 5], "GlobalAveragePooling2D(keepdims: true)", lambda: L.GlobalAveragePooling2D(keepdims=True)),
    ([7, 7, 5], "Flatten()", lambda: L.Flatten()),
    ([12], "Reshape([3, 4])", lambda: L.Reshape((3, 4))),
    ([12], "Reshape([2, -1, 3])", lambda: L.Reshape((2, -1, 3))),
    ([10], "Dropout(0.5)", lambda: L.Dropout(0.5)),
    ([10], "GaussianNoise(0.1)", lambda: L.GaussianNoise(0.1)),
    ([10], "BatchNormalization()", lambda: L.BatchNormalization()),
    ([6, 10], "BatchNormalization(center: false)", lambda: L.BatchNormalization(center=False)),
    ([10], "LayerNormalization()", lambda: L.LayerNormalization()),
    ([6, 10], "LayerNormalization(scale: false)", lambda: L.LayerNormalization(scale=False)),
    ([10], "Activation(tanh)", lambda: L.Activation("tanh")),
    ([50], "Embedding(1000, 16)", lambda: L.Embedding(1000, 16)),
    ([5, 3], "LSTM(32)", lambda: L.LSTM(32)),
    ([50, 8], "LSTM(32, return_sequences: true)", lambda: L.LSTM(32, return_sequences=True)),
    ([50, 8], "LSTM(16, use_bias: false)", lambda: L.LSTM(16, use_bias=False)),
    ([50, 8], "GRU(32)", lambda: L.GRU(32)),
    ([50, 8], "GRU(32, reset_after: false, return_sequences: true)", lambda: L.GRU(32, reset_after=False, return_sequences=True)),
    ([50, 8], "SimpleRNN(32)", lambda: L.SimpleRNN(32)),
    ([50, 8], "Bidirectional(LSTM(32))", lambda: L.Bidirectional(L.LSTM(32))),
    ([50, 8], "Bidirectional(GRU(8, return_sequences: true), merge_mode: sum)", lambda: L.Bidirectional(L.GRU(8, return_sequences=True), merge_mode="sum")),
]
out = []
for dims, line, make in CASES:
    layer = make()
    inp = keras.Input(shape=tuple(dims))
    y = layer(inp)
    out.append({
        "input": dims,
        "layer": line,
        "output_shape": list(y.shape)[1:],
        "params": int(layer.count_params()),
        "trainable": int(sum(int(__import__("numpy").prod(w.shape)) for w in layer.trainable_weights)),
    })
print(json.dumps({"keras_version": keras.__version__, "cases": out}, indent=1))
