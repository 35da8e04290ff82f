// The check of regc's own overhead on W1-W4 (bench/training.mjs): the same models written by hand with plain
// tf.layers, compiled and trained with model.fit, as a TensorFlow.js user would without regc, on the same
// backend. Timed per epoch by fit's callback. Metrics as in the specs: accuracy for W1 only.

/** The hand-written models, one per workload, with the regularizers of the specs they are measured against. */
export const MODELS = {
  W1(tf) {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [2], units: 500, activation: "relu", kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }) }));
    m.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
    m.compile({ optimizer: tf.train.adam(1e-3), loss: "binaryCrossentropy", metrics: ["accuracy"] });
    return m;
  },
  W2(tf) {
    const l2 = () => tf.regularizers.l2({ l2: 1e-4 });
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [784], units: 512, activation: "relu", kernelRegularizer: l2() }));
    m.add(tf.layers.dense({ units: 512, activation: "relu", kernelRegularizer: l2() }));
    m.add(tf.layers.dense({ units: 10, activation: "softmax", kernelRegularizer: l2() }));
    m.compile({ optimizer: tf.train.adam(1e-3), loss: "sparseCategoricalCrossentropy" });
    return m;
  },
  W3(tf) {
    const l2 = () => tf.regularizers.l2({ l2: 5e-4 });
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu", kernelRegularizer: l2() }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu", kernelRegularizer: l2() }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dropout({ rate: 0.5 }));
    m.add(tf.layers.dense({ units: 10, activation: "softmax" }));
    m.compile({ optimizer: tf.train.adam(1e-3), loss: "sparseCategoricalCrossentropy" });
    return m;
  },
  W4(tf) {
    const m = tf.sequential();
    m.add(tf.layers.lstm({ inputShape: [50, 8], units: 32, kernelRegularizer: tf.regularizers.l2({ l2: 1e-6 }), recurrentRegularizer: tf.regularizers.l2({ l2: 1e-6 }) }));
    m.add(tf.layers.dense({ units: 1 }));
    m.compile({ optimizer: tf.train.adam(1e-3), loss: "meanSquaredError" });
    return m;
  },
};

/** Trains a hand-written model with model.fit; returns each epoch's milliseconds. */
export async function fitEpochs(tf, id, data, { epochs, batchSize }) {
  const model = MODELS[id](tf);
  const x = tf.tensor(data.x, [data.rows, ...data.shape], "float32");
  const y = tf.tensor(data.y, [data.rows, 1], "float32");
  const stamps = [];
  try {
    const t0 = performance.now();
    await model.fit(x, y, {
      epochs,
      batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: { onEpochEnd: async () => void stamps.push(performance.now()) },
    });
    return stamps.map((t, i) => t - (i === 0 ? t0 : stamps[i - 1]));
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}
