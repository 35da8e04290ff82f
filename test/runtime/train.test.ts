// The training loop: determinism, scheduled dropout, validation, early stopping and the NaN stop.
import { beforeAll, describe, expect, it } from "vitest";
import { tf, layers, setEpoch, setupBackend, trainModel, initialWeights, setWeights, loadData, ScheduledDropout, type TrainSettings, type Schedule } from "../../src/runtime/index.js";
import { setRandomState } from "../../src/runtime/random.js";

beforeAll(async () => {
  await setupBackend({ log: () => {} });
});

const RAMP: Schedule = { kind: "ramp", points: [{ at: { epoch: 0 }, value: 0 }, { at: { fraction: 0.5 }, value: 0.5 }] };
const data = loadData({ kind: "moons", samples: 80, noise: 0.2, seed: 3 }, { count: 60 });

function settings(over: Partial<TrainSettings> = {}): TrainSettings {
  return {
    loss: "binary_crossentropy",
    optimizer: { name: "adam", learning_rate: 0.01 },
    metrics: ["accuracy"],
    epochs: 10,
    batch_size: 16,
    validation_split: 0,
    shuffle: true,
    early_stopping: null,
    ...over,
  };
}

function model(seed: number, dropout = true) {
  const m = tf.sequential();
  m.add(tf.layers.dense({ name: "hidden", batchInputShape: [null, 2], units: 16, activation: "relu" }));
  if (dropout) m.add(layers.scheduledDropout({ name: "drop", rate: { schedule: RAMP, name: "drop" } }));
  m.add(tf.layers.dense({ name: "out", units: 1, activation: "sigmoid" }));
  setWeights(m, initialWeights(m, seed));
  return m;
}

describe("trainModel", () => {
  it("is reproducible: the same seed gives the same history bit for bit, another seed another one", async () => {
    const a = await trainModel(model(1), data, settings(), 1);
    const b = await trainModel(model(1), data, settings(), 1);
    const c = await trainModel(model(2), data, settings(), 2);
    expect(b.history).toEqual(a.history);
    expect(c.history.map((h) => h.loss)).not.toEqual(a.history.map((h) => h.loss));
    expect(a.history.map((h) => h.coefficients["drop"])).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it("seeds tfjs's own Dropout layers too (constant rates): same seed, same history", async () => {
    const withDropout = (seed: number) => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ batchInputShape: [null, 2], units: 16, activation: "relu" }));
      m.add(tf.layers.dropout({ name: "plain", rate: 0.3 }));
      m.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
      setWeights(m, initialWeights(m, seed));
      return m;
    };
    const a = await trainModel(withDropout(1), data, settings({ epochs: 4 }), 1);
    const b = await trainModel(withDropout(1), data, settings({ epochs: 4 }), 1);
    const c = await trainModel(withDropout(1), data, settings({ epochs: 4 }), 2);
    expect(b.history).toEqual(a.history);
    expect(c.history.map((h) => h.loss)).not.toEqual(a.history.map((h) => h.loss));
  });

  it("scheduled dropout: the rate follows the schedule; inverted dropout in training, identity otherwise", () => {
    const m = model(0);
    const drop = m.layers[1] as ScheduledDropout;
    setEpoch(m, 2, 10);
    expect(drop.rate).toBeCloseTo(0.2, 12);
    setEpoch(m, 0, 10);
    const x = tf.ones([200, 50]);
    expect(Array.from((drop.apply(x, { training: true }) as tf.Tensor).dataSync()).every((v) => v === 1)).toBe(true);
    setEpoch(m, 8, 10);
    setRandomState(5, 8, 0);
    const y = (drop.apply(x, { training: true }) as tf.Tensor).dataSync();
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(zeros).toBeGreaterThan(0.47);
    expect(zeros).toBeLessThan(0.53);
    expect(y.every((v) => v === 0 || Math.abs(v - 2) < 1e-6)).toBe(true);
    // Same run position, same mask.
    setRandomState(5, 8, 0);
    expect((drop.apply(x, { training: true }) as tf.Tensor).dataSync()).toEqual(y);
    setRandomState(null);
    expect(Array.from((drop.apply(x, { training: false }) as tf.Tensor).dataSync()).every((v) => v === 1)).toBe(true);
  });

  it("holds out the last validation_split of the training rows and reports val_* each epoch", async () => {
    const r = await trainModel(model(1, false), data, settings({ validation_split: 0.25, epochs: 3 }), 1);
    for (const h of r.history) {
      expect(typeof h["val_loss"]).toBe("number");
      expect(typeof h["val_accuracy"]).toBe("number");
      // 15 validation rows: accuracy is a multiple of 1/15.
      expect(Math.abs((h["val_accuracy"] as number) * 15 - Math.round((h["val_accuracy"] as number) * 15))).toBeLessThan(1e-5);
    }
  });

  it("early stopping: patience, then the best epoch's weights restored", async () => {
    // Gradient ascent: the loss grows every epoch, so epoch 0 stays the best.
    const s = settings({ optimizer: { name: "sgd", learning_rate: -0.5 }, epochs: 20, early_stopping: { monitor: "loss", patience: 2, min_delta: 0, restore_best_weights: true } });
    const m = model(4, false);
    const r = await trainModel(m, data, s, 4);
    expect(r.stopped).toBe("early_stopping");
    expect(r.epochsRun).toBe(3);
    expect(r.restoredEpoch).toBe(0);
    expect(r.message).toBe("early stopping at epoch 3: loss has not improved for 2 epochs (best " + r.history[0]!.loss.toPrecision(4) + " at epoch 1); restored the weights of epoch 1");
    // The restored weights are those after one epoch of the same run.
    const one = model(4, false);
    await trainModel(one, data, { ...s, epochs: 1 }, 4);
    m.getWeights().forEach((w, i) => expect(w.dataSync()).toEqual(one.getWeights()[i]!.dataSync()));
  });

  it("early stopping: an improvement smaller than min_delta does not count", async () => {
    const es = { monitor: "loss", patience: 3, min_delta: 0, restore_best_weights: false };
    const slow = settings({ optimizer: { name: "sgd", learning_rate: 1e-3 }, epochs: 12 });
    const plain = await trainModel(model(5, false), data, { ...slow, early_stopping: es }, 5);
    expect(plain.stopped).toBeNull();
    expect(plain.epochsRun).toBe(12);
    const improvement = plain.history[0]!.loss - plain.history[11]!.loss;
    expect(improvement).toBeGreaterThan(0);
    const withDelta = await trainModel(model(5, false), data, { ...slow, early_stopping: { ...es, min_delta: improvement } }, 5);
    expect(withDelta.stopped).toBe("early_stopping");
    expect(withDelta.epochsRun).toBe(4);
  });

  it("stops with a clear message when the loss becomes NaN or infinite", async () => {
    // A linear model and a far too large step: the weights grow without bound until they overflow.
    const s = settings({ loss: "mean_squared_error", metrics: [], optimizer: { name: "sgd", learning_rate: 100 }, epochs: 50 });
    const m = tf.sequential();
    m.add(tf.layers.dense({ batchInputShape: [null, 2], units: 1 }));
    setWeights(m, initialWeights(m, 6));
    const r = await trainModel(m, data, s, 6);
    expect(r.stopped).toBe("nan");
    expect(r.epochsRun).toBeLessThan(50);
    expect(r.stoppedEpoch).toBe(r.epochsRun - 1);
    expect(Number.isFinite(r.history.at(-1)!.loss)).toBe(false);
    expect(r.message).toMatch(new RegExp(`^training stopped at epoch ${r.epochsRun}: the loss became (NaN|infinite) \\(try a lower learning rate`));
  });
});
