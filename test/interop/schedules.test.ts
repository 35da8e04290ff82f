// Scheduled regularizers and dropout rates in Keras 3: regc writes them as registered custom objects
// ("regc>ScheduledL1L2", "regc>ScheduledDropout") plus regc_schedules.py beside the JSON. Real Keras
// (test/interop/schedules_driver.py, JAX backend) shows that:
//  - without the module, loading fails with Keras's own error naming the class, never a silent constant;
//  - with it imported from the build folder, the model loads with regc's parameter count, and fit()
//    with RegcScheduleCallback sets every coefficient to regc's valueAt (src/schedule) each epoch;
//  - the penalty Keras computes (model.losses) is coefficient(e) * sum(|w|) or sum(w^2), and the loss
//    of fit()'s compiled train step moves by exactly that penalty (the weights are held still);
//  - a scheduled dropout rate drops that fraction of its input when training.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { coefficientAt, type Coefficient } from "../../src/schedule/index.js";
import type { IR } from "../../src/ir/types.js";
import { tempDir } from "../helpers.js";
import { FIX, buildSpec } from "../keras-emit.js";
import { runDriver } from "./keras-oracle.js";

interface Epoch {
  epoch: number;
  coefficients: number[][];
  penalty: number;
  weights: [layer: string, attr: string, sumAbs: number, sumSq: number][];
  dropout_zeros: number[];
  loss: number;
}
interface Run {
  without_module: { ok: boolean; error?: string };
  module_file: string;
  params: number;
  weight_shapes: number[][];
  epochs: Epoch[];
}

const dir = tempDir("regc-schedules-");
const models = [`${FIX}/schedules.reg`, `${FIX}/schedules-dropout.reg`].map((spec) => {
  const [b] = buildSpec(spec, 3);
  expect(b!.files!.map((f) => f.name)).toEqual([`${spec.replace(/^.*\//, "").replace(".reg", "")}.keras.json`, "regc_schedules.py"]);
  for (const f of b!.files!) writeFileSync(join(dir, f.name), f.content);
  return { ir: b!.ir, path: join(dir, b!.files![0]!.name), epochs: b!.ir.train!.epochs };
});
let runs: Run[] = [];

beforeAll(() => {
  runs = runDriver<Run[]>("schedules_driver.py", { dir, models: models.map(({ path, epochs }) => ({ path, epochs })) }, "jax");
});

const SLOT_OF: Record<string, "kernel" | "bias" | "recurrent"> = { kernel_regularizer: "kernel", bias_regularizer: "bias", recurrent_regularizer: "recurrent" };

/** The penalty regc's schedules give at an epoch, for the weight sums Keras reported. */
function penaltyAt(ir: IR, e: Epoch): number {
  let total = 0;
  for (const [layer, attr, sumAbs, sumSq] of e.weights) {
    const r = ir.layers.find((l) => l.name === layer)!.regularizers[SLOT_OF[attr]!]!;
    total += coefficientAt(r.l1, e.epoch, ir.train!.epochs) * sumAbs + coefficientAt(r.l2, e.epoch, ir.train!.epochs) * sumSq;
  }
  return total;
}

describe("scheduled regularizers in Keras 3", () => {
  it("without regc_schedules imported, loading fails with Keras's error naming the class", () => {
    const { ok, error } = runs[0]!.without_module;
    expect(ok).toBe(false);
    expect(error).toMatch(/Could not interpret regularizer identifier: \{'module': 'regc_schedules', 'class_name': 'ScheduledL1L2'/);
  });

  it("with it imported from the build folder, the model loads with regc's parameters and weights", () => {
    // The scheduled coefficients are layer state, not weights: count_params() and get_weights() are as without schedules.
    for (const [k, { ir }] of models.entries()) {
      expect(runs[k]!.module_file).toBe(join(dir, "regc_schedules.py"));
      expect(runs[k]!.params).toBe(ir.params.total);
      expect(runs[k]!.weight_shapes).toEqual(ir.layers.flatMap((l) => l.weights.map((w) => w.shape)));
    }
  });

  it("each epoch, every coefficient is regc's valueAt, and model.losses is coefficient * sum(|w|) or sum(w^2)", () => {
    const { ir, epochs } = models[0]!;
    const run = runs[0]!;
    expect(run.epochs.map((e) => e.epoch)).toEqual([...Array(epochs).keys()]);
    // Every regularized weight of the spec is reported, five of them scheduled.
    expect(run.epochs[0]!.weights.map(([l, a]) => `${l}.${a}`)).toEqual([
      "dense.kernel_regularizer", "dense.bias_regularizer", "dense_1.kernel_regularizer", "dense_1.bias_regularizer", "dense_2.kernel_regularizer",
    ]);
    const regs = ir.layers.flatMap((l) => [l.regularizers.kernel, l.regularizers.bias].filter((r) => r));
    for (const e of run.epochs) {
      const want = regs.map((r) => [r!.l1, r!.l2].map((c: Coefficient) => Math.fround(coefficientAt(c, e.epoch, epochs))));
      expect(e.coefficients, `epoch ${e.epoch}`).toEqual(want);
      const p = penaltyAt(ir, e);
      expect(Math.abs(e.penalty - p), `epoch ${e.epoch}: ${e.penalty} vs ${p}`).toBeLessThanOrEqual(2e-6 * p + 1e-9);
    }
    // The schedules do change the penalty over these epochs.
    expect(new Set(run.epochs.map((e) => e.penalty.toPrecision(6))).size).toBeGreaterThanOrEqual(5);
  });

  it("fit()'s compiled train step uses the scheduled penalty: its loss moves by exactly the penalty", () => {
    const e = runs[0]!.epochs;
    for (const x of e.slice(1)) {
      // Weights held still (learning rate 0), data the same each epoch: only the penalty changes.
      expect(Math.abs(x.loss - e[0]!.loss - (x.penalty - e[0]!.penalty)), `epoch ${x.epoch}`).toBeLessThan(2e-5);
    }
    expect(e[e.length - 1]!.loss - e[0]!.loss).toBeGreaterThan(0.05);
  });
});

describe("a scheduled dropout rate in Keras 3", () => {
  it("without regc_schedules imported, loading fails: Could not locate class 'ScheduledDropout'", () => {
    expect(runs[1]!.without_module.ok).toBe(false);
    expect(runs[1]!.without_module.error).toMatch(/Could not locate class 'ScheduledDropout'/);
  });

  it("follows the schedule each epoch, and drops that fraction of its input when training", () => {
    const { ir, epochs } = models[1]!;
    const run = runs[1]!;
    expect(run.params).toBe(ir.params.total);
    const rate = ir.layers.find((l) => l.class_name === "Dropout")!.args.rate as Coefficient;
    expect(run.epochs).toHaveLength(epochs);
    for (const e of run.epochs) {
      const want = coefficientAt(rate, e.epoch, epochs);
      expect(e.coefficients).toEqual([[Math.fround(want)]]);
      // 100,000 draws: a standard deviation below 0.002.
      expect(Math.abs(e.dropout_zeros[0]! - want), `epoch ${e.epoch}`).toBeLessThan(0.015);
      expect(Number.isFinite(e.loss)).toBe(true);
    }
  });
});
