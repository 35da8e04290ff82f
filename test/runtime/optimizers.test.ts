// AdamW against its update formula computed independently in float64 (Loshchilov & Hutter's
// decoupled weight decay as PyTorch documents torch.optim.AdamW and Keras 3 applies it: decay
// w -= lr * wd * w first, then the Adam step with the gradient taken at the old weights).
import { beforeAll, describe, expect, it } from "vitest";
import { tf, AdamW, makeOptimizer, setupBackend } from "../../src/runtime/index.js";

beforeAll(async () => {
  await setupBackend({ log: () => {} });
});

const C = [1, 2, 0.5];
const D = [0.3, -1, 2];
const W0 = [1, -0.5, 2];

/** f(w) = sum(c w^2) / 2 + sum(d w): gradient c w + d. */
function loss(w: tf.Variable): tf.Scalar {
  return tf.add(tf.div(tf.sum(tf.mul(tf.tensor(C), tf.square(w))), 2), tf.sum(tf.mul(tf.tensor(D), w))) as tf.Scalar;
}

function adamwByHand(steps: number, lr: number, wd: number, b1: number, b2: number, eps: number): number[] {
  const w = [...W0];
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  for (let t = 1; t <= steps; t++) {
    const g = w.map((wi, i) => C[i]! * wi + D[i]!);
    for (let i = 0; i < 3; i++) {
      w[i]! -= lr * wd * w[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
      const mHat = m[i]! / (1 - b1 ** t);
      const vHat = v[i]! / (1 - b2 ** t);
      w[i]! -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
  return w;
}

function run(opt: tf.Optimizer, steps: number): number[] {
  const w = tf.variable(tf.tensor(W0));
  for (let s = 0; s < steps; s++) opt.minimize(() => loss(w), false, [w]);
  const out = Array.from(w.dataSync());
  w.dispose();
  return out;
}

describe("AdamW", () => {
  it("matches the decoupled-weight-decay update computed by hand in float64", () => {
    for (const [lr, wd] of [[0.1, 0.5], [0.01, 0.004], [0.05, 0]] as const) {
      const got = run(new AdamW(lr, wd, 0.9, 0.999, 1e-7), 5);
      const want = adamwByHand(5, lr, wd, 0.9, 0.999, 1e-7);
      got.forEach((g, i) => expect(g, `lr ${lr} wd ${wd} w[${i}]`).toBeCloseTo(want[i]!, 5));
    }
  });

  it("differs from Adam with an L2 penalty in the loss (the decay is decoupled from the gradient)", () => {
    const wd = 0.5;
    const decoupled = run(new AdamW(0.1, wd), 5);
    const w = tf.variable(tf.tensor(W0));
    const adam = tf.train.adam(0.1, 0.9, 0.999, 1e-7);
    for (let s = 0; s < 5; s++) adam.minimize(() => tf.add(loss(w), tf.mul(wd / 2, tf.sum(tf.square(w)))) as tf.Scalar, false, [w]);
    const coupled = Array.from(w.dataSync());
    expect(Math.max(...decoupled.map((d, i) => Math.abs(d - coupled[i]!)))).toBeGreaterThan(1e-2);
  });

  it("is what makeOptimizer builds for adamw, with Keras's defaults", () => {
    const o = makeOptimizer({ name: "adamw", learning_rate: 0.01 }) as AdamW;
    expect(o).toBeInstanceOf(AdamW);
    expect(o.weightDecay).toBe(0.004);
    const got = run(o, 3);
    adamwByHand(3, 0.01, 0.004, 0.9, 0.999, 1e-7).forEach((want, i) => expect(got[i]).toBeCloseTo(want, 5));
  });
});
