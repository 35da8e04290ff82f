// The checker against independent truths: output shapes and parameter counts from real Keras 3
// (test/fixtures/keras-shapes.json, scripts/keras-shapes.py), parameter counts of the reference models
// from their weight files, and the semantics of defaults, params, sweeps and schedules.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/api.js";
import { logspace } from "../src/checker/index.js";
import { validate } from "../src/ir/validate.generated.js";
import { valueAt, type Schedule } from "../src/schedule/index.js";
import { ROOT } from "./helpers.js";

function ir(source: string, options = {}) {
  const r = compile(source, options);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ir!;
}

const model = (input: number[], ...layers: string[]) => `model M {\n  input [${input.join(", ")}]\n${layers.map((l) => `  ${l}\n`).join("")}}\n`;

describe("shapes and parameter counts match real Keras 3", () => {
  const { cases } = JSON.parse(readFileSync(join(ROOT, "test/fixtures/keras-shapes.json"), "utf8")) as {
    cases: { input: number[]; layer: string; output_shape: number[]; params: number; trainable: number }[];
  };
  for (const c of cases) {
    it(`${c.layer} on ${JSON.stringify(c.input)}`, () => {
      const layer = ir(model(c.input, c.layer)).layers[0]!;
      expect(layer.output_shape).toEqual(c.output_shape);
      expect(layer.params.trainable + layer.params.non_trainable).toBe(c.params);
      expect(layer.params.trainable).toBe(c.trainable);
    });
  }
});

describe("reference models: parameter counts equal the size of Keras's weights", () => {
  const size = (a: unknown): number => (Array.isArray(a) ? a.reduce((n: number, x) => n + size(x), 0) : 1);
  const refs: [string, string][] = [
    ["keras3_lstm_l1l2", model([5, 3], "LSTM(32) { kernel: l1_l2(l1: 1e-5, l2: 1e-4), recurrent: l2(1e-4), bias: l1(1e-4), activity: l1(1e-5) }", "Dense(1)")],
    ["keras3_conv2d_l2", model([8, 8, 1], "Conv2D(4, 3, activation: relu) { kernel: l2(5e-4), bias: l2(5e-4) }", "Flatten()", "Dense(3, activation: softmax)")],
    ["keras3_dense_l2", model([2], "Dense(500, activation: relu) { kernel: l2(1e-3) }", "Dense(1, activation: sigmoid)")],
    ["keras3_dropout_flatten_pool", model([8, 8, 2], "Conv2D(4, 3, padding: same, activation: relu)", "MaxPooling2D(2)", "Dropout(0.25)", "Flatten()", "Dense(8, activation: relu)", "Dropout(0.5)", "Dense(2, activation: softmax)")],
  ];
  for (const [name, source] of refs) {
    it(name, () => {
      const weights = JSON.parse(readFileSync(join(ROOT, "test/fixtures/keras-reference", `${name}_weights.json`), "utf8")) as unknown[];
      const checked = ir(source);
      expect(checked.params.total).toBe(size(weights));
      // Same weights, in Keras's order and shapes.
      const shape = (a: unknown): number[] => (Array.isArray(a) ? [a.length, ...shape(a[0])] : []);
      expect(checked.layers.flatMap((l) => l.weights.map((w) => w.shape))).toEqual(weights.map(shape));
    });
  }
  it("the LSTM reference has 4641 parameters and the Conv2D one 475", () => {
    expect(ir(refs[0]![1]).params.total).toBe(4641);
    expect(ir(refs[1]![1]).params.total).toBe(475);
  });
});

describe("regularizers, defaults and names", () => {
  it("applies regularize defaults, lets a layer override them, and none turns one off", () => {
    const r = ir(`regularize { Dense.kernel: l2(1e-4), LSTM.recurrent: l2(1e-6) }
${model([5, 3], "LSTM(4, return_sequences: true)", "Dense(3) { kernel: l1(1e-3) }", "Dense(2) { kernel: none }", "Dense(1)")}`);
    expect(r.layers.map((l) => l.regularizers.kernel)).toEqual([
      null,
      { kind: "l1", l1: 1e-3, l2: 0, from: "layer" },
      null,
      { kind: "l2", l1: 0, l2: 1e-4, from: "default" },
    ]);
    expect(r.layers[0]!.regularizers.recurrent).toEqual({ kind: "l2", l1: 0, l2: 1e-6, from: "default" });
  });

  it("names layers as Keras does, skipping names given explicitly", () => {
    const r = ir(model([2], "Dense(4)", "Dense dense_1(4)", "Dense(4)", "Dropout(0.1)", "Dense(1)"));
    expect(r.layers.map((l) => l.name)).toEqual(["dense", "dense_1", "dense_2", "dropout", "dense_3"]);
  });

  it("substitutes params, and a sweep point overrides the declared value", () => {
    const src = `param lambda = 1e-3\nparam p = 0.25\nsweep lambda over logspace(1e-6, 1e-1, 6)\nrepeat 3\n${model([2], "Dense(8) { kernel: l2(lambda) }", "Dropout(p)", "Dense(1)")}`;
    const base = ir(src);
    expect(base.layers[0]!.regularizers.kernel!.l2).toBe(1e-3);
    expect(base.layers[1]!.args.rate).toBe(0.25);
    expect(base.sweep).toEqual({ param: "lambda", values: [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1] });
    expect(base.repeat).toBe(3);
    expect(ir(src, { params: { lambda: 0.5 } }).layers[0]!.regularizers.kernel!.l2).toBe(0.5);
  });

  it("keeps schedules as schedules, with their names", () => {
    const r = ir(`schedule decay = step { 0: 0, 1200: 1e-5, 2500: 1e-4, 4000: 1e-3 }\n${model([2], "Dense(8) { kernel: l2(decay), bias: l1(warmup(target: 1e-4, epochs: 10%)) }", "Dropout(ramp { 0: 0, 50%: 0.3 })", "Dense(1)")}`);
    expect(r.layers[0]!.regularizers.kernel!.l2).toEqual({ name: "decay", schedule: { kind: "step", points: [{ at: { epoch: 0 }, value: 0 }, { at: { epoch: 1200 }, value: 1e-5 }, { at: { epoch: 2500 }, value: 1e-4 }, { at: { epoch: 4000 }, value: 1e-3 }] } });
    expect(r.layers[0]!.regularizers.bias!.l1).toEqual({ schedule: { kind: "warmup", start: 0, target: 1e-4, epochs: { fraction: 0.1 } } });
    expect(r.layers[1]!.args.rate).toEqual({ schedule: { kind: "ramp", points: [{ at: { epoch: 0 }, value: 0 }, { at: { fraction: 0.5 }, value: 0.3 }] } });
    expect(Object.keys(r.schedules)).toEqual(["decay"]);
  });

  it("produces IR that its JSON Schema accepts, for every spec", () => {
    for (const name of ["moons.reg", "moons-l2.reg", "moons-grid.reg", "moons-schedule.reg", "regression-l2.reg", "regression-dropout.reg", "mnist-cnn.reg", "lstm.reg", "elastic-net.reg"]) {
      const r = ir(readFileSync(join(ROOT, "specs", name), "utf8"));
      expect(validate(r), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // And the schema is not a rubber stamp.
    const r = ir(model([2], "Dense(1)"));
    expect(validate({ ...r, layers: [{ ...r.layers[0], class_name: "Dense2" }] })).toBe(false);
    expect(validate({ ...r, repeat: 0 })).toBe(false);
  });
});

describe("schedules: one definition of the value at an epoch", () => {
  const at = (s: Schedule, e: number, total = 100) => valueAt(s, e, total);
  it("step holds the last breakpoint's value", () => {
    const s: Schedule = { kind: "step", points: [{ at: { epoch: 0 }, value: 0 }, { at: { epoch: 1200 }, value: 1e-5 }, { at: { epoch: 2500 }, value: 1e-4 }, { at: { epoch: 4000 }, value: 1e-3 }] };
    expect([0, 1199, 1200, 2499, 2500, 3999, 4000, 9000].map((e) => at(s, e, 5000))).toEqual([0, 0, 1e-5, 1e-5, 1e-4, 1e-4, 1e-3, 1e-3]);
  });
  it("ramp interpolates, percentages resolve against the epochs", () => {
    const s: Schedule = { kind: "ramp", points: [{ at: { epoch: 0 }, value: 0 }, { at: { fraction: 0.5 }, value: 0.3 }] };
    expect(at(s, 25, 100)).toBeCloseTo(0.15, 15);
    expect(at(s, 50, 100)).toBe(0.3);
    expect(at(s, 90, 100)).toBe(0.3);
    expect(at(s, 25, 50)).toBe(0.3);
  });
  it("exponential, cosine and warmup", () => {
    expect(at({ kind: "exponential", start: 1e-3, factor: 0.5, every: 10 }, 25)).toBe(2.5e-4);
    const cos: Schedule = { kind: "cosine", start: 1, end: 0, epochs: { fraction: 1 } };
    expect([at(cos, 0), at(cos, 100), at(cos, 150)]).toEqual([1, 0, 0]);
    expect(at(cos, 50)).toBeCloseTo(0.5, 15);
    const warm: Schedule = { kind: "warmup", start: 0, target: 1e-3, epochs: { epoch: 10 } };
    expect([at(warm, 0), at(warm, 5), at(warm, 10), at(warm, 50)]).toEqual([0, 5e-4, 1e-3, 1e-3]);
  });
});

describe("logspace", () => {
  it("gives exact decimal powers and numpy's values otherwise", () => {
    expect(logspace(1e-6, 1e-1, 6)).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]);
    // numpy.logspace(-3, -1, 3) and numpy.logspace(0, 1, 3)
    expect(logspace(1e-3, 1e-1, 3)).toEqual([1e-3, 1e-2, 1e-1]);
    expect(logspace(1, 10, 3)[1]).toBeCloseTo(3.1622776601683795, 14);
  });
});
