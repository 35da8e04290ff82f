// Activity regularizers: Keras 3 divides the penalty regularizer(output) by the batch size
// (keras/src/layers/layer.py: `loss = ops.divide_no_nan(loss, batch_size)` for outputs with ndim > 0),
// and regc's runtime says it does the same (layers.withActivityRegularizer + forward()). Here real Keras 3
// (test/interop/activity_driver.py, JAX backend) and the runtime take the same small Dense model, the
// same weights and the same rows, and must agree on: the penalty of each layer for a batch (two batch
// sizes), the loss evaluate() reports with batches of that size, and the weights after one epoch of
// SGD with those batches (so the gradient carries the same 1/batch size too).
import { beforeAll, describe, expect, it } from "vitest";
import { tf, regularizers, layers, forward, evaluate, trainModel, setupBackend, type TrainSettings } from "../../src/runtime/index.js";
import { runDriver } from "./keras-oracle.js";

const LAYERS = [
  { units: 4, activation: "tanh", l1: 0.01, l2: 0.05 },
  { units: 1, activation: "sigmoid", l1: 0, l2: 0.1 },
];
const FEATURES = 3;
const ROWS = 6;
const BATCHES = [6, 4]; // 4: batches of 4 and 2 rows
const LR = 0.5;

// Fixed numbers from a small LCG: weights (kernel, bias per layer, Keras order), rows and labels.
let s = 12345;
const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const shapes: number[][] = [];
let fanIn = FEATURES;
for (const l of LAYERS) {
  shapes.push([fanIn, l.units], [l.units]);
  fanIn = l.units;
}
const weights = shapes.map((sh) => Array.from({ length: sh.reduce((a, b) => a * b, 1) }, () => Math.fround(rnd())));
const x = Array.from({ length: ROWS }, () => Array.from({ length: FEATURES }, () => Math.fround(rnd() * 2)));
const y = [0, 1, 1, 0, 1, 0];

interface Oracle {
  losses: Record<string, number[]>;
  evaluate: Record<string, number>;
  fit: Record<string, number[][]>;
}
let keras: Oracle;

function nest(flat: number[], shape: number[]): unknown {
  if (shape.length === 1) return flat;
  const step = flat.length / shape[0]!;
  return Array.from({ length: shape[0]! }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), shape.slice(1)));
}

function model() {
  const m = tf.sequential();
  LAYERS.forEach((l, i) => {
    const dense = tf.layers.dense({ name: `dense_${i}`, units: l.units, activation: l.activation as "tanh", ...(i === 0 ? { batchInputShape: [null, FEATURES] } : {}) });
    m.add(layers.withActivityRegularizer(dense, regularizers.l1l2({ l1: l.l1, l2: l.l2 })));
  });
  m.setWeights(weights.map((w, i) => tf.tensor(w, shapes[i]!, "float32")));
  return m;
}

const rows = (n: number) => ({ x: Float32Array.from(x.slice(0, n).flat()), y: Float32Array.from(y.slice(0, n)), rows: n, shape: [FEATURES] });
const close = (a: number, b: number, tol = 1e-5) => expect(Math.abs(a - b) / Math.max(Math.abs(b), 1e-6)).toBeLessThan(tol);

beforeAll(async () => {
  await setupBackend({ backend: "cpu", log: () => {} });
  keras = runDriver<Oracle>(
    "activity_driver.py",
    { layers: LAYERS, weights: weights.map((w, i) => nest(w, shapes[i]!)), x, y, batch_sizes: BATCHES, learning_rate: LR },
    "jax",
  );
});

describe("activity penalties are Keras 3's: regularizer(output) / batch size", () => {
  for (const n of BATCHES) {
    it(`a forward pass on ${n} rows gives each layer's penalty as model.losses does`, () => {
      const m = model();
      const xb = tf.tensor(x.slice(0, n), [n, FEATURES]);
      const { pred, activity } = forward(m, xb, true);
      const got = activity.map((t) => t.dataSync()[0]!);
      expect(got).toHaveLength(LAYERS.length);
      keras.losses[String(n)]!.forEach((k, i) => close(got[i]!, k));
      // Not the undivided penalty: the raw regularizer of the first layer's output is n times larger.
      const raw = regularizers.l1l2({ l1: LAYERS[0]!.l1, l2: LAYERS[0]!.l2 }).apply(m.layers[0]!.apply(xb) as tf.Tensor).dataSync()[0]!;
      close(raw, n * keras.losses[String(n)]![0]!);
      [xb, pred, ...activity].forEach((t) => t.dispose());
      m.dispose();
    });

    it(`evaluate with batches of ${n} reports Keras's evaluate loss`, () => {
      const m = model();
      const e = evaluate(m, rows(ROWS), { loss: "binary_crossentropy", metrics: [] }, n);
      close(e.loss, keras.evaluate[String(n)]!);
      m.dispose();
    });

    it(`one epoch of SGD with batches of ${n} ends at Keras's weights`, async () => {
      const m = model();
      const settings: TrainSettings = {
        loss: "binary_crossentropy",
        optimizer: { name: "sgd", learning_rate: LR },
        metrics: [],
        epochs: 1,
        batch_size: n,
        validation_split: 0,
        shuffle: false,
        early_stopping: null,
      };
      await trainModel(m, { train: rows(ROWS), test: null }, settings, 0);
      const after = m.getWeights().map((w) => Array.from(w.dataSync()));
      let worst = 0;
      keras.fit[String(n)]!.forEach((w, i) => w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - after[i]![j]!)))));
      expect(worst).toBeLessThan(1e-5);
      // The step moved the weights (the comparison is not of two untouched copies).
      expect(Math.max(...after.flatMap((w, i) => w.map((v, j) => Math.abs(v - weights[i]![j]!))))).toBeGreaterThan(1e-3);
      m.dispose();
    });
  }
});
