// Seeded initialization and shuffling: deterministic, backend-independent, and following the
// initializers' definitions (Glorot's limit, orthogonality, truncation).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tf, initialWeights, setWeights, shuffleOrder, setupBackend } from "../../src/runtime/index.js";

beforeAll(async () => {
  await setupBackend({ log: () => {} });
});
afterAll(async () => {
  await setupBackend({ log: () => {} });
});

function mlp() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ batchInputShape: [null, 20], units: 50, activation: "relu", kernelInitializer: "glorotUniform" }));
  m.add(tf.layers.dense({ units: 30, kernelInitializer: "heNormal", biasInitializer: "ones" }));
  return m;
}

describe("initialWeights", () => {
  it("follows Glorot uniform (limit sqrt(6 / (fan_in + fan_out)), variance limit^2 / 3) and zero biases", () => {
    const [k, b] = initialWeights(mlp(), 0);
    const limit = Math.sqrt(6 / (20 + 50));
    expect(k).toHaveLength(1000);
    expect(Math.max(...k!.map(Math.abs))).toBeLessThanOrEqual(limit);
    const mean = k!.reduce((a, v) => a + v, 0) / 1000;
    const variance = k!.reduce((a, v) => a + v * v, 0) / 1000;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeGreaterThan(0.85 * (limit * limit) / 3);
    expect(variance).toBeLessThan(1.15 * (limit * limit) / 3);
    expect(Array.from(b!)).toEqual(new Array(50).fill(0));
  });

  it("follows He normal (truncated at 2 sd, sd sqrt(2 / fan_in) / 0.8796) and a ones bias", () => {
    const [, , k, b] = initialWeights(mlp(), 1);
    const sd = Math.sqrt(2 / 50) / 0.8796256610342398;
    expect(Math.max(...k!.map(Math.abs))).toBeLessThanOrEqual(2 * sd * (1 + 1e-6));
    const variance = k!.reduce((a, v) => a + v * v, 0) / k!.length;
    // A normal truncated at 2 sd keeps 0.7737 of its variance: the 0.8796 correction restores 2 / fan_in.
    expect(variance).toBeGreaterThan(0.85 * (2 / 50));
    expect(variance).toBeLessThan(1.15 * (2 / 50));
    expect(Array.from(b!)).toEqual(new Array(30).fill(1));
  });

  it("gives an LSTM an orthogonal recurrent kernel (W W^T = I)", () => {
    const m = tf.sequential();
    m.add(tf.layers.lstm({ batchInputShape: [null, 5, 3], units: 6 }));
    const [, rec] = initialWeights(m, 2);
    expect(rec).toHaveLength(6 * 24);
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) {
        let dot = 0;
        for (let c = 0; c < 24; c++) dot += rec![i * 24 + c]! * rec![j * 24 + c]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
  });

  it("is the same for the same seed, on every backend, and different for another seed", async () => {
    const onWasm = initialWeights(mlp(), 7);
    await tf.setBackend("cpu");
    const m = mlp();
    const onCpu = initialWeights(m, 7);
    expect(onCpu).toEqual(onWasm);
    setWeights(m, onCpu);
    expect(m.getWeights()[0]!.dataSync()).toEqual(onWasm[0]);
    expect(initialWeights(mlp(), 8)[0]).not.toEqual(onWasm[0]);
  });
});

describe("shuffleOrder", () => {
  it("is a permutation, the same for the same (seed, epoch), different across epochs and seeds", () => {
    const p = shuffleOrder(100, 3, 0);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(shuffleOrder(100, 3, 0)).toEqual(p);
    expect(shuffleOrder(100, 3, 1)).not.toEqual(p);
    expect(shuffleOrder(100, 4, 0)).not.toEqual(p);
  });
});
