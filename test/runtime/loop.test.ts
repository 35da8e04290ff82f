// The training loop's step applies weight constraints after every update, as Keras does (tfjs's own
// model.fit does not: a LayerVariable's constraint runs only in write()).
import { beforeAll, describe, expect, it } from "vitest";
import { tf, setupBackend, trainModel, initialWeights, setWeights, loadData, type TrainSettings } from "../../src/runtime/index.js";

beforeAll(async () => {
  await setupBackend({ log: () => {} });
});

const data = loadData({ kind: "moons", samples: 80, noise: 0.2, seed: 3 }, { count: 60 });
const settings: TrainSettings = {
  loss: "binary_crossentropy",
  optimizer: { name: "sgd", learning_rate: 2 },
  metrics: [],
  epochs: 5,
  batch_size: 16,
  validation_split: 0,
  shuffle: true,
  early_stopping: null,
};

/** Largest L2 norm of the hidden kernel's columns (one per unit: Keras's max_norm axis 0). */
async function maxColumnNorm(constrained: boolean): Promise<number> {
  const m = tf.sequential();
  m.add(tf.layers.dense({ name: "hidden", batchInputShape: [null, 2], units: 16, activation: "tanh", ...(constrained ? { kernelConstraint: tf.constraints.maxNorm({ maxValue: 0.5, axis: 0 }) } : {}) }));
  m.add(tf.layers.dense({ name: "out", units: 1, activation: "sigmoid" }));
  setWeights(m, initialWeights(m, 1));
  await trainModel(m, data, settings, 1);
  const norms = tf.tidy(() => tf.max(tf.sqrt(tf.sum(tf.square(m.layers[0]!.getWeights()[0]!), 0))).dataSync()[0]!);
  m.dispose();
  return norms;
}

describe("the training step", () => {
  it("projects a constrained kernel back after each update (max_norm 0.5 holds after training; unconstrained, it does not)", async () => {
    expect(await maxColumnNorm(false)).toBeGreaterThan(0.6);
    expect(await maxColumnNorm(true)).toBeLessThanOrEqual(0.5 * (1 + 1e-6));
  });
});
