// regc's Keras JSON, asked of real Keras 3 (tools/keras-oracle, through test/interop/keras_batch.py:
// one Python process for every model). For every spec in specs/ (every sweep point) and every fixture
// in test/fixtures/keras-specs/ (every layer and argument the language has):
//  - Keras 3 loads the --keras 3 JSON into regc's layers, output shapes, parameter counts (regc's
//    checker vs Keras's count_params) and regularizer configs, and writes it back byte for byte;
//  - it compiles the model with the train block's optimizer, loss and metrics;
//  - the --keras 2 JSON loads on the path load_model takes for Keras 2 configs (--loader=legacy).
// For every reference model Keras wrote (test/fixtures/keras-reference), regc's JSON of the same spec gives the
// same layers, shapes, parameters, regularizers, outputs (1e-5) and regularization loss.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LAYERS } from "../../src/layers/catalog.js";
import type { IRLayer, Regularizer } from "../../src/ir/types.js";
import type { Coefficient } from "../../src/schedule/index.js";
import { ROOT, tempDir } from "../helpers.js";
import { FIX, FIXTURES, SPECS, buildSpec, type Built } from "../keras-emit.js";
import { runDriver } from "./keras-oracle.js";

interface OracleLayer {
  class_name: string;
  name: string;
  output_shape: (number | null)[];
  params: number;
}
interface Oracle {
  ok: boolean;
  error?: string;
  model_class?: string;
  layers: OracleLayer[];
  total_params: number;
  regularizers: Record<string, unknown>[];
  outputs?: number[][];
  regularization_loss?: number;
  extra?: {
    error?: string;
    to_json: string;
    wrapped: Record<string, { forward: Record<string, unknown>; backward: Record<string, unknown> }>;
    compile?: {
      compiled: boolean;
      optimizer_class?: string;
      optimizer?: { config: Record<string, unknown> };
      loss?: string;
      metrics?: { name: string; class_name: string }[];
    };
  };
}

const REF = join(ROOT, "test", "fixtures", "keras-reference");
const REFERENCES = ["conv2d_l2", "dense_l2", "dense_l2_input_shape", "dropout_flatten_pool", "functional_dense", "lstm_l1l2"];

const dir = tempDir("regc-keras-interop-");
const v3 = [...SPECS, ...FIXTURES].flatMap((s) => buildSpec(s, 3));
const v2 = [...SPECS, ...FIXTURES].flatMap((s) => buildSpec(s, 2)).filter((b) => b.files);
const label = (b: Built) => `${b.spec}${b.value === null ? "" : ` (${b.ir.sweep!.param} = ${b.value})`}`;

function write(b: Built, sub: string): string {
  mkdirSync(join(dir, sub), { recursive: true });
  for (const f of b.files!) writeFileSync(join(dir, sub, f.name), f.content);
  return join(dir, sub, b.files![0]!.name);
}

let results: Oracle[] = [];
const v3Paths = v3.map((b) => (b.files ? write(b, "v3") : ""));
const v2Paths = v2.map((b) => write(b, "v2"));
const refOf = (name: string) => v3.find((b) => b.spec === `${FIX}/keras3_${name}.reg`)!;

beforeAll(() => {
  const data = (name: string) => [join(REF, `keras3_${name}_weights.json`), join(REF, `keras3_${name}_inputs.json`)];
  const jobs = [
    ...v3.map((b, i) => ({ argv: [v3Paths[i]], compile: b.ir.train !== null, schedules: join(dir, "v3") })),
    ...REFERENCES.map((n) => ({ argv: [join(REF, `keras3_${n}.json`), ...data(n)] })),
    ...REFERENCES.map((n) => ({ argv: [v3Paths[v3.indexOf(refOf(n))], ...data(n)] })),
    ...v2Paths.map((p) => ({ argv: ["--loader=legacy", p] })),
  ];
  results = runDriver<Oracle[]>("keras_batch.py", jobs, "numpy");
  expect(results).toHaveLength(jobs.length);
});

/** A coefficient as regc writes it and Keras re-serialises it: a number, or its schedule (and name). */
function coefficient(c: Coefficient): unknown {
  if (typeof c === "number") return c;
  if (c.schedule.kind === "constant") return c.schedule.value;
  return c.name === undefined ? { schedule: c.schedule } : { schedule: c.schedule, name: c.name };
}

/** The regularizer Keras 3 should hold for a slot, serialised as keras.saving.serialize_keras_object does. */
function expectedRegularizer(r: Regularizer | null | undefined): unknown {
  if (!r) return null;
  const plain = (c: Coefficient) => typeof c === "number" || c.schedule.kind === "constant";
  if (!plain(r.l1) || !plain(r.l2)) {
    return { module: "regc_schedules", class_name: "ScheduledL1L2", config: { l1: coefficient(r.l1), l2: coefficient(r.l2) }, registered_name: "regc>ScheduledL1L2" };
  }
  const [l1, l2] = [coefficient(r.l1) as number, coefficient(r.l2) as number];
  const reg = (cls: string, config: object) => ({ module: "keras.regularizers", class_name: cls, config, registered_name: null });
  // Keras 3's L1 keeps its factor in float32 (test/fixtures/keras-reference/FORMATS.md); L2 and L1L2 keep Python floats.
  if (r.kind === "l1") return reg("L1", { l1: Math.fround(l1) });
  if (r.kind === "l2") return reg("L2", { l2 });
  return reg("L1L2", { l1, l2 });
}

/** Every regularizer attribute check_keras.py reports for a layer, from regc's IR. */
function expectedRegularizers(l: IRLayer): Record<string, unknown> {
  const keys = LAYERS[l.class_name]!.slotKeys;
  const out: Record<string, unknown> = { layer: l.name, kernel_regularizer: null, bias_regularizer: null, recurrent_regularizer: null, activity_regularizer: null };
  for (const [slot, key] of Object.entries(keys)) {
    const r = expectedRegularizer(l.regularizers[slot as keyof typeof keys]);
    if (key in out || r !== null) out[key] = r;
  }
  return out;
}

const isScheduledDropout = (l: IRLayer) => l.class_name === "Dropout" && typeof l.args.rate !== "number" && (l.args.rate as { schedule: { kind: string } }).schedule.kind !== "constant";

describe("Keras 3 loads every --keras 3 JSON as regc checked it", () => {
  it("covers every spec (each sweep point) and fixture", () => {
    expect(v3.every((b) => b.files)).toBe(true);
    expect([...new Set(v3.map((b) => b.spec))]).toEqual([...SPECS, ...FIXTURES]);
    expect(v3.filter((b) => b.spec === "specs/moons-grid.reg").map((b) => b.value)).toEqual([1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]);
  });

  it.each(v3.map((b, i) => [label(b), i] as const))("%s", (_name, i) => {
    const b = v3[i]!;
    const r = results[i]!;
    expect(r.ok, r.error).toBe(true);
    expect(r.model_class).toBe("Sequential");
    expect(r.layers).toEqual(
      b.ir.layers.map((l) => ({
        class_name: isScheduledDropout(l) ? "ScheduledDropout" : l.class_name,
        name: l.name,
        output_shape: [null, ...l.output_shape],
        params: l.params.trainable + l.params.non_trainable,
      })),
    );
    expect(r.total_params).toBe(b.ir.params.total);
    expect(r.regularizers).toEqual(b.ir.layers.map(expectedRegularizers));
    // Bidirectional's regularizers live on its two directions.
    for (const l of b.ir.layers.filter((x) => x.inner)) {
      const want = expectedRegularizers(l.inner!);
      delete want.layer;
      expect(r.extra!.wrapped[l.name]).toEqual({ forward: want, backward: want });
    }
    // Keras writes the loaded model back byte for byte as regc wrote it: same keys, same order, same floats.
    expect(r.extra!.error).toBeUndefined();
    expect(r.extra!.to_json).toBe(b.files![0]!.content);
  });
});

describe("Keras 3 compiles the model with the train block", () => {
  const CLASSES = { sgd: "SGD", adam: "Adam", adamw: "AdamW", rmsprop: "RMSprop", adagrad: "Adagrad" };
  const trained = v3.map((b, i) => [label(b), i] as const).filter(([, i]) => v3[i]!.ir.train);

  it("the specs cover every optimizer", () => {
    expect(new Set(trained.map(([, i]) => v3[i]!.ir.train!.optimizer.name))).toEqual(new Set(Object.keys(CLASSES)));
  });

  it.each(trained)("%s", (_name, i) => {
    const train = v3[i]!.ir.train!;
    const c = results[i]!.extra!.compile!;
    expect(c.compiled).toBe(true);
    expect(c.optimizer_class).toBe(CLASSES[train.optimizer.name]);
    const { name: _n, learning_rate, ...args } = train.optimizer;
    expect(c.optimizer!.config.learning_rate).toBe(Math.fround(learning_rate));
    for (const [k, v] of Object.entries(args)) expect(c.optimizer!.config[k], k).toBe(v);
    expect(c.loss).toBe(train.loss);
    expect(c.metrics!.map((m) => m.name)).toEqual(train.metrics);
  });

  it.each(v3.map((b, i) => [label(b), i] as const).filter(([, i]) => !v3[i]!.ir.train))("%s: no train block, not compiled", (_name, i) => {
    expect(results[i]!.extra!.compile).toBeUndefined();
    expect(JSON.parse(v3[i]!.files![0]!.content).compile_config).toEqual({});
  });
});

describe("the reference models: regc's JSON of the same spec behaves as Keras's own", () => {
  const read = (f: string) => JSON.parse(readFileSync(join(REF, f), "utf8"));
  it.each(REFERENCES.map((n, k) => [n, k] as const))("keras3_%s", (name, k) => {
    const theirs = results[v3.length + k]!;
    const ours = results[v3.length + REFERENCES.length + k]!;
    expect(theirs.ok, theirs.error).toBe(true);
    expect(ours.ok, ours.error).toBe(true);
    // The functional reference lists its Input as a layer; the language writes Sequential models.
    const layers = (r: Oracle) => r.layers.filter((l) => l.class_name !== "InputLayer");
    expect(layers(ours)).toEqual(layers(theirs));
    expect(ours.total_params).toBe(theirs.total_params);
    expect(ours.regularizers.filter((x) => x.layer !== "x")).toEqual(theirs.regularizers.filter((x) => x.layer !== "x"));
    const expected = read(`keras3_${name}_expected.json`) as number[][];
    expect(ours.outputs!.length).toBe(expected.length);
    for (const [i, row] of expected.entries()) for (const [j, v] of row.entries()) expect(Math.abs(ours.outputs![i]![j]! - v)).toBeLessThan(1e-5);
    if (name !== "dropout_flatten_pool") expect(ours.regularization_loss).toBeGreaterThan(0); // the one without regularizers
    expect(Math.abs(ours.regularization_loss! - theirs.regularization_loss!)).toBeLessThanOrEqual(1e-7 * Math.abs(theirs.regularization_loss!));
    if (name === "functional_dense") expect(theirs.model_class).toBe("Functional");
  });
});

describe("--keras 2 JSON on Keras 3's legacy path (keras.models.load_model for Keras 2 configs)", () => {
  const offset = () => v3.length + 2 * REFERENCES.length;
  const recurrent = (b: Built) => b.ir.layers.some((l) => ["LSTM", "GRU", "SimpleRNN"].includes((l.inner ?? l).class_name));

  it.each(v2.map((b, i) => [label(b), i] as const))("%s", (_name, i) => {
    const b = v2[i]!;
    const r = results[offset() + i]!;
    if (recurrent(b)) {
      // tf.keras 2 writes time_major on every recurrent layer, and Keras 3 refuses the key (test/fixtures/keras-reference/FORMATS.md):
      // real Keras 2 files behave the same. TensorFlow.js loads them (test/keras-tfjs.test.ts).
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/Unrecognized keyword arguments passed to (LSTM|GRU|SimpleRNN): \{'time_major': False\}/);
      return;
    }
    expect(r.ok, r.error).toBe(true);
    expect(r.layers.map((l) => [l.class_name, l.name, l.output_shape, l.params])).toEqual(
      b.ir.layers.map((l) => [l.class_name, l.name, [null, ...l.output_shape], l.params.trainable + l.params.non_trainable]),
    );
    expect(r.total_params).toBe(b.ir.params.total);
    for (const [k, l] of b.ir.layers.entries()) {
      for (const [slot, key] of Object.entries(LAYERS[l.class_name]!.slotKeys)) {
        const reg = l.regularizers[slot as keyof typeof l.regularizers];
        const got = r.regularizers[k]![key] ?? null;
        expect(got, `${l.name} ${key}`).toEqual(
          reg ? { module: "keras.regularizers", class_name: "L1L2", config: { l1: Math.fround(reg.l1 as number), l2: Math.fround(reg.l2 as number) }, registered_name: null } : null,
        );
      }
    }
  });
});
