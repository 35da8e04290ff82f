// The settings table (src/settings/catalog.ts): every loss, metric and optimizer in it is known
// everywhere it must be (checker, IR schema, docs, Keras emitter and importer, runtime, batched sweep),
// and the runtime computes each as Keras defines it: the losses and metrics against their formulas in
// float64, the optimizers against Keras 3's update_step (keras/src/optimizers/*.py) by hand. A new
// entry fails here until it has a spec, a formula and every reader knows it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../src/api.js";
import { compileConfig } from "../src/codegen/keras/compile.js";
import { modelConfig } from "../src/codegen/keras/model.js";
import { pyJson } from "../src/codegen/keras/pyjson.js";
import { catalog } from "../src/diagnostics/catalog.js";
import { importKeras } from "../src/import/index.js";
import type { IR } from "../src/ir/types.js";
import { tf, lossFunction, makeOptimizer, metricFunction, setupBackend } from "../src/runtime/index.js";
import { LOSSES, LOSS_WORDS, METRICS, OPTIMIZERS, concreteMetric, higherIsBetter, optimizerArgs, type OptimizerName, type Shapes } from "../src/settings/catalog.js";
import { whyNotBatched } from "../src/sweep/batched.js";
import { FIXTURES, SPECS } from "./keras-emit.js";
import { ROOT } from "./helpers.js";
import { EPS, sample, unitsFor } from "./settings-data.js";

const LOSS_NAMES = Object.keys(LOSSES) as (keyof typeof LOSSES)[];
const METRIC_NAMES = Object.keys(METRICS) as (keyof typeof METRICS)[];
const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

function spec(train: { loss?: string; optimizer?: string; metrics?: string[] }, units = 2): string {
  return [
    "model M {",
    "  input [2]",
    `  Dense(${units}, activation: sigmoid)`,
    "}",
    "train {",
    "  data: moons(samples: 100, noise: 0.2, seed: 1)",
    `  loss: ${train.loss ?? "binary_crossentropy"}`,
    `  optimizer: ${train.optimizer ?? "adam"}`,
    `  metrics: [${(train.metrics ?? []).join(", ")}]`,
    "  epochs: 1",
    "}",
  ].join("\n");
}

function checked(source: string): IR {
  const c = compile(source);
  expect(c.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), source).toEqual([]);
  return c.ir!;
}

/** Every argument of an optimizer away from its default, as the language writes it. */
function offDefaults(name: OptimizerName): { text: string; values: Record<string, number | boolean> } {
  const values: Record<string, number | boolean> = {};
  for (const a of OPTIMIZERS[name].args) {
    values[a.name] = a.type.kind === "bool" ? !a.default : a.name === "learning_rate" ? 0.05 : (a.default as number) > 0 ? (a.default as number) * 0.5 : 0.3;
  }
  return { text: `${name}(${Object.entries(values).map(([k, v]) => `${k}: ${v}`).join(", ")})`, values };
}

describe("every entry of the settings table is known where it must be", () => {
  it("the checker accepts every loss name and alias, as the entry's name", () => {
    for (const w of LOSS_WORDS) expect(checked(spec({ loss: w })).train!.loss).toBe(LOSS_NAMES.find((n) => n === w || (LOSSES[n].aliases as readonly string[]).includes(w)));
  });

  it("the checker accepts every metric, as written", () => {
    expect(checked(spec({ metrics: METRIC_NAMES })).train!.metrics).toEqual(METRIC_NAMES);
  });

  it("the checker accepts every optimizer with every argument, and fills in the table's defaults", () => {
    for (const name of OPTIMIZER_NAMES) {
      const { text, values } = offDefaults(name);
      expect(checked(spec({ optimizer: text })).train!.optimizer).toEqual({ name, ...values });
      expect(checked(spec({ optimizer: name })).train!.optimizer).toEqual({ name, ...optimizerArgs(name, {}) });
    }
  });

  it("the IR schema, the diagnostic catalog and grammar/README.md name every optimizer", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "src", "ir", "schema.json"), "utf8"));
    expect(findEnum(schema)).toEqual(OPTIMIZER_NAMES);
    const readme = readFileSync(join(ROOT, "grammar", "README.md"), "utf8");
    for (const name of OPTIMIZER_NAMES) {
      expect(catalog.unknownOptimizer.doc, name).toContain(name);
      expect(readme, name).toContain(`\`${name}`);
    }
  });

  it("specs/ and the Keras fixtures use every loss, metric and optimizer (so real Keras checks each: npm run test:interop)", () => {
    const used = { loss: new Set<string>(), metrics: new Set<string>(), optimizer: new Set<string>() };
    for (const path of [...SPECS, ...FIXTURES]) {
      const t = compile(readFileSync(join(ROOT, path), "utf8")).ir?.train;
      if (!t) continue;
      used.loss.add(t.loss);
      t.metrics.forEach((m) => used.metrics.add(m));
      used.optimizer.add(t.optimizer.name);
    }
    expect([...used.loss].sort()).toEqual([...LOSS_NAMES].sort());
    expect([...used.metrics].sort()).toEqual([...METRIC_NAMES].sort());
    expect([...used.optimizer].sort()).toEqual([...OPTIMIZER_NAMES].sort());
  });

  it("the Keras emitter writes each optimizer's class and arguments, and the importer brings them back", () => {
    for (const name of OPTIMIZER_NAMES) {
      for (const text of [offDefaults(name).text, name]) {
        const ir = checked(spec({ optimizer: text, loss: "mse", metrics: ["mae"] }));
        const cc = JSON.parse(pyJson(compileConfig(ir.train)));
        expect(cc.optimizer.class_name).toBe(OPTIMIZERS[name].keras.className);
        const { name: _n, learning_rate, ...args } = ir.train!.optimizer;
        expect(cc.optimizer.config.learning_rate).toBe(Math.fround(learning_rate));
        for (const [k, v] of Object.entries(args)) expect(cc.optimizer.config[k], `${name}'s ${k}`).toBe(v);
        const r = importKeras(pyJson(modelConfig(ir, 3).model));
        expect(r.source).not.toContain("Not carried over");
        const back = checked(r.source!.replace(/^# (train \{|  .*|\})$/gm, "$1")).train!;
        expect({ loss: back.loss, optimizer: back.optimizer, metrics: back.metrics }).toEqual({ loss: "mean_squared_error", optimizer: ir.train!.optimizer, metrics: ["mae"] });
      }
    }
  });

  it("the importer carries every loss and metric over", () => {
    for (const loss of LOSS_NAMES) {
      const ir = checked(spec({ loss, metrics: METRIC_NAMES }));
      const r = importKeras(pyJson(modelConfig(ir, 3).model));
      const back = checked(r.source!.replace(/^# (train \{|  .*|\})$/gm, "$1")).train!;
      expect([back.loss, back.metrics]).toEqual([loss, METRIC_NAMES]);
    }
  });

  it("the batched sweep batches every loss and metric", () => {
    for (const loss of LOSS_NAMES) expect(whyNotBatched([checked(spec({ loss, metrics: METRIC_NAMES }))])).toBeNull();
  });

  it("higher is better for the accuracies, lower for the loss and the errors, with or without val_", () => {
    for (const m of METRIC_NAMES) {
      expect(higherIsBetter(m), m).toBe(/accuracy/.test(m));
      expect(higherIsBetter(`val_${m}`), m).toBe(/accuracy/.test(m));
    }
    for (const m of ["loss", "val_loss", "data_loss", "reg_loss"]) expect(higherIsBetter(m), m).toBe(false);
  });
});

function findEnum(schema: unknown): unknown {
  // The optimizer's name enum wherever the schema keeps the train block.
  const walk = (x: unknown): unknown => {
    if (typeof x !== "object" || x === null) return undefined;
    const o = x as Record<string, unknown>;
    const opt = (o.properties as Record<string, { properties?: { name?: { enum?: unknown } } }> | undefined)?.optimizer;
    if (opt?.properties?.name?.enum) return opt.properties.name.enum;
    for (const v of Object.values(o)) {
      const found = walk(v);
      if (found) return found;
    }
    return undefined;
  };
  return walk(schema);
}

// ---- the runtime's numbers --------------------------------------------------------------------

const clip = (x: number) => Math.min(Math.max(x, EPS), 1 - EPS);
const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const oneHotRow = (k: number, n: number) => Array.from({ length: n }, (_, j) => (j === k ? 1 : 0));

/** Keras's definitions, per sample, in float64 (keras/src/losses/losses.py, keras/src/metrics/accuracy_metrics.py). */
const PER_SAMPLE: Record<string, (y: number[], p: number[]) => number> = {
  binary_crossentropy: (y, p) => -mean(p.map((q, j) => y[j]! * Math.log(clip(q)) + (1 - y[j]!) * Math.log(1 - clip(q)))),
  categorical_crossentropy: (y, p) => -p.reduce((a, q, j) => a + y[j]! * Math.log(clip(q)), 0),
  sparse_categorical_crossentropy: (y, p) => PER_SAMPLE.categorical_crossentropy!(oneHotRow(y[0]!, p.length), p),
  mean_squared_error: (y, p) => mean(p.map((q, j) => (y[j]! - q) ** 2)),
  mean_absolute_error: (y, p) => mean(p.map((q, j) => Math.abs(y[j]! - q))),
  binary_accuracy: (y, p) => mean(p.map((q, j) => ((q > 0.5 ? 1 : 0) === y[j] ? 1 : 0))),
  categorical_accuracy: (y, p) => (argmax(y) === argmax(p) ? 1 : 0),
  sparse_categorical_accuracy: (y, p) => (y[0] === argmax(p) ? 1 : 0),
  mse: (y, p) => PER_SAMPLE.mean_squared_error!(y, p),
  mae: (y, p) => PER_SAMPLE.mean_absolute_error!(y, p),
};

describe("the runtime computes every loss and metric as Keras defines it", () => {
  beforeAll(async () => {
    await setupBackend({ log: () => {} });
  });

  const cases = [
    ...LOSS_NAMES.map((n) => ({ name: n, shapes: LOSSES[n].shapes as Shapes, fn: () => lossFunction(n) })),
    ...METRIC_NAMES.flatMap((n) => {
      const c = METRICS[n].compute;
      return c === "byLoss" ? [] : [{ name: n as string, shapes: c.shapes, fn: () => metricFunction(n, "mean_squared_error", 3) }];
    }),
  ];

  it.each(cases)("$name, one batch and a stack of trials (the batched sweep)", ({ name, shapes, fn }) => {
    const formula = PER_SAMPLE[name];
    expect(formula, `no formula for ${name} in this test`).toBeDefined();
    const u = unitsFor(shapes);
    const trials = [sample(shapes, u, 1), sample(shapes, u, 2)];
    const want = trials.map(({ y, p }) => mean(y.map((row, i) => formula!(row, p[i]!))));
    const got = trials.map(({ y, p }) => tf.tidy(() => fn()(tf.tensor2d(y), tf.tensor2d(p)).dataSync()[0]!));
    got.forEach((g, i) => expect(g, `trial ${i}`).toBeCloseTo(want[i]!, 5));
    // The batched sweep's reading: the per-sample function over [T, B, units], averaged over B.
    const perSample = name in LOSSES ? LOSSES[name as keyof typeof LOSSES].perSample : concreteMetric(name, "mean_squared_error", u)!.perSample;
    const stacked = tf.tidy(() => Array.from(tf.mean(perSample(tf, tf.tensor3d(trials.map((t) => t.y)), tf.tensor3d(trials.map((t) => t.p))), 1).dataSync()));
    stacked.forEach((s, i) => expect(s, `stacked trial ${i}`).toBeCloseTo(got[i]!, 6));
  });

  it("accuracy is the loss's own accuracy, else binary for one output unit and categorical for more", () => {
    const resolved = (loss: string, units: number) => concreteMetric("accuracy", loss, units)!.name;
    expect(resolved("binary_crossentropy", 3)).toBe("binary_accuracy");
    expect(resolved("sparse_categorical_crossentropy", 3)).toBe("sparse_categorical_accuracy");
    expect(resolved("sparse_categorical_crossentropy", 1)).toBe("sparse_categorical_accuracy");
    expect(resolved("categorical_crossentropy", 3)).toBe("categorical_accuracy");
    expect(resolved("mean_squared_error", 1)).toBe("binary_accuracy");
    expect(resolved("mean_absolute_error", 2)).toBe("categorical_accuracy");
  });
});

// ---- the runtime's optimizers ------------------------------------------------------------------

const C = [1, 2, 0.5];
const D = [0.3, -1, 2];
const W0 = [1, -0.5, 2];
const STEPS = 6;

/** Keras 3's update_step for one variable, in float64 (keras/src/optimizers/<name>.py). */
const UPDATE: Record<OptimizerName, (a: Record<string, number | boolean>) => (w: number[], g: number[], t: number) => void> = {
  sgd: (a) => {
    const m = W0.map(() => 0);
    const [lr, mu] = [a.learning_rate as number, a.momentum as number];
    return (w, g) =>
      w.forEach((_, i) => {
        if (mu === 0) return void (w[i]! -= lr * g[i]!);
        m[i] = m[i]! * mu - g[i]! * lr;
        w[i]! += a.nesterov ? m[i]! * mu - g[i]! * lr : m[i]!;
      });
  },
  adam: (a) => adam(a, 0),
  adamw: (a) => adam(a, a.weight_decay as number),
  rmsprop: (a) => {
    const v = W0.map(() => 0);
    const mom = W0.map(() => 0);
    const [lr, rho, mu, eps] = [a.learning_rate, a.rho, a.momentum, a.epsilon] as number[];
    return (w, g) =>
      w.forEach((_, i) => {
        v[i] = rho! * v[i]! + (1 - rho!) * g[i]! ** 2;
        const inc = (lr! * g[i]!) / Math.sqrt(v[i]! + eps!);
        if (mu! > 0) w[i]! -= mom[i] = mu! * mom[i]! + inc;
        else w[i]! -= inc;
      });
  },
  adagrad: (a) => {
    const acc = W0.map(() => a.initial_accumulator_value as number);
    return (w, g) =>
      w.forEach((_, i) => {
        acc[i]! += g[i]! ** 2;
        w[i]! -= ((a.learning_rate as number) * g[i]!) / Math.sqrt(acc[i]! + (a.epsilon as number));
      });
  },
};

/** Adam, with AdamW's decoupled decay first (keras/src/optimizers/base_optimizer.py: _apply_weight_decay). */
function adam(a: Record<string, number | boolean>, wd: number): (w: number[], g: number[], t: number) => void {
  const m = W0.map(() => 0);
  const v = W0.map(() => 0);
  const [lr, b1, b2, eps] = [a.learning_rate, a.beta_1, a.beta_2, a.epsilon] as number[];
  return (w, g, t) => {
    const alpha = (lr! * Math.sqrt(1 - b2! ** t)) / (1 - b1! ** t);
    w.forEach((_, i) => {
      w[i]! -= lr! * wd * w[i]!;
      m[i]! += (g[i]! - m[i]!) * (1 - b1!);
      v[i]! += (g[i]! ** 2 - v[i]!) * (1 - b2!);
      w[i]! -= (m[i]! * alpha) / (Math.sqrt(v[i]!) + eps!);
    });
  };
}

describe("the runtime's optimizers take Keras's steps", () => {
  beforeAll(async () => {
    await setupBackend({ log: () => {} });
  });

  const cases = OPTIMIZER_NAMES.flatMap((name) => [
    { label: `${name}, Keras's defaults`, name, values: optimizerArgs(name, {}) },
    { label: `${name}, every argument set`, name, values: offDefaults(name).values },
  ]);

  it.each(cases)("$label", ({ name, values }) => {
    expect(UPDATE[name], `no update rule for ${name} in this test`).toBeDefined();
    const opt = makeOptimizer({ name, ...values } as Parameters<typeof makeOptimizer>[0]);
    const w = tf.variable(tf.tensor(W0));
    const loss = () => tf.add(tf.div(tf.sum(tf.mul(tf.tensor(C), tf.square(w))), 2), tf.sum(tf.mul(tf.tensor(D), w))) as tf.Scalar;
    for (let s = 0; s < STEPS; s++) opt.minimize(loss, false, [w]);
    const got = Array.from(w.dataSync());
    w.dispose();
    opt.dispose();
    const want = [...W0];
    const step = UPDATE[name](values);
    for (let t = 1; t <= STEPS; t++) step(want, want.map((wi, i) => C[i]! * wi + D[i]!), t);
    got.forEach((g, i) => expect(g, `w[${i}]`).toBeCloseTo(want[i]!, 4));
  });
});
