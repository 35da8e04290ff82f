// Scheduled regularizers: the penalty at epoch e is coefficient(e) times the weights' norm, as Keras
// defines it (L2: sum w^2, L1: sum |w|, no 1/2), both directly and in the training history.
import { beforeAll, describe, expect, it } from "vitest";
import { tf, layers, regularizers, ScheduledL1L2, setEpoch, setupBackend, trainModel, initialWeights, setWeights, loadData, type Schedule } from "../../src/runtime/index.js";

beforeAll(async () => {
  await setupBackend({ log: () => {} });
});

// step { 0: 0, 2: 1e-3, 4: 1e-2 } written out by hand: the coefficient at epochs 0..5.
const STEP: Schedule = { kind: "step", points: [{ at: { epoch: 0 }, value: 0 }, { at: { epoch: 2 }, value: 1e-3 }, { at: { epoch: 4 }, value: 1e-2 }] };
const STEP_BY_EPOCH = [0, 0, 1e-3, 1e-3, 1e-2, 1e-2];
// ramp { 0: 0.1, 100%: 0.3 } over 4 epochs (fractions of the run): 0.1, 0.15, 0.2, 0.25.
const RAMP: Schedule = { kind: "ramp", points: [{ at: { epoch: 0 }, value: 0.1 }, { at: { fraction: 1 }, value: 0.3 }] };

function sums(values: Float32Array): { l1: number; l2: number } {
  let l1 = 0;
  let l2 = 0;
  for (const v of values) {
    l1 += Math.abs(v);
    l2 += v * v;
  }
  return { l1, l2 };
}

function model(kernelRegularizer: ReturnType<typeof regularizers.l1l2>, biasRegularizer?: ReturnType<typeof regularizers.l1l2>) {
  const m = tf.sequential();
  m.add(tf.layers.dense({ name: "hidden", batchInputShape: [null, 2], units: 8, activation: "relu", kernelRegularizer, biasRegularizer, biasInitializer: "ones" }));
  m.add(tf.layers.dense({ name: "out", units: 1, activation: "sigmoid" }));
  return m;
}

describe("regularizers.l1l2", () => {
  it("uses tfjs's L1L2 for plain numbers and ScheduledL1L2 when a coefficient is scheduled", () => {
    expect(regularizers.l1l2({ l1: 0, l2: 1e-3 })).not.toBeInstanceOf(ScheduledL1L2);
    expect(regularizers.l1l2({ l1: 0, l2: { schedule: STEP, name: "decay" } })).toBeInstanceOf(ScheduledL1L2);
  });

  it("gives coefficient(e) * sum w^2 (L2) and coefficient(e) * sum |w| (L1) at each epoch", () => {
    const reg = regularizers.l1l2({ l1: { schedule: RAMP }, l2: { schedule: STEP, name: "decay" } }) as ScheduledL1L2;
    const m = model(reg);
    setWeights(m, initialWeights(m, 3));
    const kernel = m.layers[0]!.getWeights()[0]!;
    const { l1, l2 } = sums(kernel.dataSync() as Float32Array);
    for (let e = 0; e < 6; e++) {
      const coefs = setEpoch(m, e, 4);
      const ramp = 0.1 + (0.2 * Math.min(e, 4)) / 4;
      expect(coefs).toEqual({ decay: STEP_BY_EPOCH[e], "hidden/kernel.l1": expect.closeTo(ramp, 12) });
      const penalty = reg.apply(kernel).dataSync()[0]!;
      expect(penalty).toBeCloseTo(ramp * l1 + STEP_BY_EPOCH[e]! * l2, 5);
    }
  });

  it("plain coefficients give the same formula (Keras's: no 1/2)", () => {
    const w = tf.tensor([0.5, -2, 3]);
    expect(regularizers.l1l2({ l1: 0, l2: 0.1 }).apply(w).dataSync()[0]).toBeCloseTo(0.1 * (0.25 + 4 + 9), 6);
    expect(regularizers.l1l2({ l1: 0.1, l2: 0 }).apply(w).dataSync()[0]).toBeCloseTo(0.1 * 5.5, 6);
  });

  it("the history's per-slot penalty follows the schedule epoch by epoch (weights held fixed)", async () => {
    const m = model(regularizers.l1l2({ l1: 0, l2: { schedule: STEP, name: "decay" } }), regularizers.l1l2({ l1: 0.01, l2: 0 }));
    setWeights(m, initialWeights(m, 5));
    const [kernel, bias] = m.layers[0]!.getWeights().map((t) => sums(t.dataSync() as Float32Array));
    const data = loadData({ kind: "moons", samples: 40, noise: 0.1, seed: 2 }, { count: 30 });
    const out = await trainModel(
      m,
      data,
      { loss: "binary_crossentropy", optimizer: { name: "sgd", learning_rate: 0 }, metrics: ["accuracy"], epochs: 6, batch_size: 8, validation_split: 0, shuffle: true, early_stopping: null },
      0,
    );
    expect(out.history).toHaveLength(6);
    for (const h of out.history) {
      expect(h.coefficients).toEqual({ decay: STEP_BY_EPOCH[h.epoch] });
      expect(h.reg["hidden/kernel"]).toBeCloseTo(STEP_BY_EPOCH[h.epoch]! * kernel!.l2, 6);
      expect(h.reg["hidden/bias"]).toBeCloseTo(0.01 * bias!.l1, 6);
      expect(h.reg_loss).toBeCloseTo(h.reg["hidden/kernel"]! + h.reg["hidden/bias"]!, 6);
      expect(h.loss).toBeCloseTo(h.data_loss + h.reg_loss, 5);
    }
    // The data loss does not depend on the penalty: with fixed weights it is the same every epoch.
    expect(out.history[5]!.data_loss).toBeCloseTo(out.history[0]!.data_loss, 5);
  });

  it("activity regularizers add regularizer(output) / batch size, as Keras 3 does", async () => {
    const m = tf.sequential();
    m.add(layers.withActivityRegularizer(tf.layers.dense({ name: "hidden", batchInputShape: [null, 2], units: 8, activation: "relu" }), regularizers.l1l2({ l1: 0.01, l2: 0 })));
    m.add(tf.layers.dense({ name: "out", units: 1, activation: "sigmoid" }));
    setWeights(m, initialWeights(m, 1));
    const data = loadData({ kind: "moons", samples: 40, noise: 0.1, seed: 2 }, { count: 30 });
    const h = m.layers[0]!.apply(tf.tensor(data.train.x, [30, 2])) as tf.Tensor;
    const perRow = h.abs().sum().dataSync()[0]! / 30;
    const out = await trainModel(
      m,
      data,
      { loss: "binary_crossentropy", optimizer: { name: "sgd", learning_rate: 0 }, metrics: [], epochs: 2, batch_size: 8, validation_split: 0, shuffle: true, early_stopping: null },
      0,
    );
    for (const e of out.history) {
      expect(Object.keys(e.reg)).toEqual(["hidden/activity"]);
      expect(e.reg["hidden/activity"]).toBeCloseTo(0.01 * perRow, 6);
      expect(e.loss).toBeCloseTo(e.data_loss + e.reg_loss, 6);
    }
  });

  // The penalty's gradient (penalty() in regularizers.ts, differentiated by tfjs) must be the derivative of
  // Keras's formula, l1 * sign(w) + 2 * l2 * w, computed here in float64, for plain and scheduled
  // coefficients alike, and agree with tfjs's own L1L2 differentiated automatically. At a weight of
  // exactly 0 tfjs's derivative of |w| is -1 (TensorFlow's sign(0) is 0); regc keeps tfjs's, which
  // the batched sweep's automatic gradient also gives.
  const W = [0.5, -2, 3, -0.25, 1.75, 0];
  const cases: Array<[string, number, number]> = [
    ["L2", 0, 0.1],
    ["L1", 0.03, 0],
    ["L1L2", 0.03, 0.1],
  ];
  for (const [name, c1, c2] of cases) {
    it(`${name}: value and gradient are Keras's formula and its derivative, plain or scheduled`, () => {
      const constant: Schedule = { kind: "step", points: [{ at: { epoch: 0 }, value: 1 }] };
      const scheduled = (c: number) => (c === 0 ? 0 : { schedule: { ...constant, points: [{ at: { epoch: 0 }, value: c }] } });
      const regs = [regularizers.l1l2({ l1: c1, l2: c2 }), regularizers.l1l2({ l1: scheduled(c1), l2: scheduled(c2) })];
      expect(regs[1]).toBeInstanceOf(ScheduledL1L2);
      const w = tf.tensor2d(W, [2, 3]);
      const expectedValue = W.reduce((acc, v) => acc + c1 * Math.abs(v) + c2 * v * v, 0);
      const expectedGrad = W.map((v) => c1 * (v > 0 ? 1 : -1) + 2 * c2 * v);
      const tfjsGrad = tf.grad((x: tf.Tensor) => tf.regularizers.l1l2({ l1: c1, l2: c2 }).apply(x))(w).dataSync();
      for (const reg of regs) {
        expect(reg.apply(w).dataSync()[0]).toBeCloseTo(expectedValue, 5);
        const dy = 0.5; // a non-unit upstream gradient
        const g = tf.grad((x: tf.Tensor) => tf.mul(reg.apply(x), dy))(w);
        expect(g.shape).toEqual([2, 3]);
        Array.from(g.dataSync()).forEach((v, i) => {
          expect(v).toBeCloseTo(dy * expectedGrad[i]!, 6);
          expect(v).toBeCloseTo(dy * tfjsGrad[i]!, 6);
        });
      }
    });
  }

  it("a plain regularizer is still tfjs's L1L2 to serialization: class name and config", async () => {
    const m = model(regularizers.l1l2({ l1: 0.01, l2: 0.02 }));
    let artifacts: tf.io.ModelArtifacts | null = null;
    await m.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    expect(JSON.stringify(artifacts!.modelTopology)).toContain('"kernel_regularizer":{"class_name":"L1L2","config":{"l1":0.01,"l2":0.02}}');
    const back = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const reg = (back.layers[0] as unknown as { kernelRegularizer: { getClassName(): string; getConfig(): object } }).kernelRegularizer;
    expect([reg.getClassName(), reg.getConfig()]).toEqual(["L1L2", { l1: 0.01, l2: 0.02 }]);
  });

  it("serializes as ScheduledL1L2 (registered by regc/runtime) and loads back with its schedule", async () => {
    const m = model(regularizers.l1l2({ l1: 0, l2: { schedule: STEP, name: "decay" } }));
    let artifacts: tf.io.ModelArtifacts | null = null;
    await m.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } })));
    expect(JSON.stringify(artifacts!.modelTopology)).toContain('"class_name":"ScheduledL1L2"');
    const back = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const reg = (back.layers[0] as unknown as { kernelRegularizer: ScheduledL1L2 }).kernelRegularizer;
    expect(reg).toBeInstanceOf(ScheduledL1L2);
    expect(reg.l2).toEqual({ schedule: STEP, name: "decay" });
  });
});
