// regc import: Keras model JSON -> .reg. Checked against real Keras's files (keras-reference: the
// parameter counts their weights hold), against regc's own emitter (import(build(spec)) gives the spec
// back), and on every diagnostic of REG0700-REG0749 with its exact message and JSON path.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, sweepPoints } from "../src/api.js";
import { modelConfig } from "../src/codegen/keras/model.js";
import { pyJson } from "../src/codegen/keras/pyjson.js";
import { catalog } from "../src/diagnostics/catalog.js";
import { format } from "../src/format/index.js";
import { importKeras, shortestNumber } from "../src/import/index.js";
import { RegcError, renderText, type Diagnostic } from "../src/diagnostics/index.js";
import type { IR } from "../src/ir/types.js";
import { normal } from "./fixtures/import/normal.js";
import { ROOT, regc, tempDir } from "./helpers.js";

/** Import diagnostics as `regc import` prints them (the one printer, no code frame for JSON). */
function renderImportDiagnostics(file: string, diagnostics: readonly Diagnostic[]): string {
  return renderText({ file, diagnostics }, { color: false });
}

const REF = join(ROOT, "test", "fixtures", "keras-reference");
const GOLDEN = join(ROOT, "test", "fixtures", "import");
const models = readdirSync(REF)
  .filter((f) => /^keras[23]_.*\.json$/.test(f) && !/_(weights|inputs|expected)\.json$/.test(f))
  .sort();

/** Every weight array's size in a reference _weights.json: the parameter count real Keras built. */
function kerasParams(base: string): number {
  const size = (x: unknown): number => (Array.isArray(x) ? x.reduce((n: number, y) => n + size(y), 0) : 1);
  return (JSON.parse(readFileSync(join(REF, `${base}_weights.json`), "utf8")) as unknown[]).reduce((n: number, w) => n + size(w), 0);
}

/** The Keras 3 file (with real Keras's weights) each hand-written tf.keras 2 file describes. */
const TWIN: Record<string, string> = {
  keras2_legacy_conv2d_l2: "keras3_conv2d_l2",
  keras2_legacy_dense_l1l2: "keras3_dense_l2",
  keras2_legacy_dense_l2: "keras3_dense_l2",
  keras2_legacy_dropout_flatten_pool: "keras3_dropout_flatten_pool",
  keras2_legacy_lstm_l1l2: "keras3_lstm_l1l2",
};

function layerClasses(file: string): string[] {
  const doc = JSON.parse(readFileSync(join(REF, file), "utf8"));
  return (doc.config.layers as { class_name: string }[]).map((l) => l.class_name).filter((c) => c !== "InputLayer");
}

function imported(text: string): { source: string; ir: IR } {
  const r = importKeras(text);
  expect(r.diagnostics, renderImportDiagnostics("model.json", r.diagnostics)).toEqual([]);
  // Canonical: what `regc fmt --check` accepts.
  const c = compile(r.source!);
  expect(format(c.ast!, r.source!)).toBe(r.source);
  return { source: r.source!, ir: r.ir! };
}

describe("regc import of real Keras files (keras-reference)", () => {
  it("finds the reference models", () => {
    expect(models.filter((m) => m.startsWith("keras3_")).length).toBeGreaterThanOrEqual(6);
    expect(models.filter((m) => m.startsWith("keras2_legacy_")).length).toBe(5);
  });

  for (const file of models) {
    const base = file.replace(/(\.pretty)?\.json$/, "");
    it(`${file}: imports to a canonical spec that checks clean, with Keras's parameter count`, () => {
      const { source, ir } = imported(readFileSync(join(REF, file), "utf8"));
      const c = compile(source);
      expect(c.diagnostics).toEqual([]);
      expect(format(c.ast!, source)).toBe(source);
      const twin = TWIN[base] ?? base;
      if (TWIN[base]) expect(layerClasses(file)).toEqual(layerClasses(`${twin}.json`));
      expect(ir.params.total).toBe(kerasParams(twin));
      // The reviewed spec for each model.
      const golden = join(GOLDEN, `${base}.reg`);
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, source);
      expect(source).toBe(readFileSync(golden, "utf8"));
    });
  }

  it("rebuilds each Keras 3 Sequential file byte for byte (but the input's automatic name)", () => {
    for (const file of models.filter((m) => m.startsWith("keras3_") && !m.includes("functional") && !m.includes(".pretty"))) {
      const text = readFileSync(join(REF, file), "utf8");
      const { ir } = imported(text);
      const rebuilt = pyJson(modelConfig(ir, 3).model);
      const strip = (s: string) => s.replace(/"name": "input_layer(_\d+)?"/, '"name": "input"');
      expect(strip(rebuilt), file).toBe(strip(text));
    }
  });

  it("prints float32-rounded factors by the shortest decimal with the same float32 value", () => {
    // keras2_legacy_lstm_l1l2 has 9.999999747378752e-06 (float32 of 1e-5) and 9.999999747378752e-05.
    const { source, ir } = imported(readFileSync(join(REF, "keras2_legacy_lstm_l1l2.json"), "utf8"));
    expect(source).toContain("kernel: l1_l2(l1: 1e-5, l2: 1e-4)");
    expect(source).toContain("activity: l1(1e-5)");
    expect(ir.layers[0]!.regularizers.kernel).toMatchObject({ l1: 1e-5, l2: 1e-4 });
    expect(shortestNumber(0.0010000000474974513, true)).toBe("1e-3");
    expect(shortestNumber(0.0010000000474974513)).toBe("0.0010000000474974513");
    expect(shortestNumber(Math.fround(2.5e-4), true)).toBe("2.5e-4");
    expect(shortestNumber(0.5)).toBe("0.5");
    expect(shortestNumber(100000)).toBe("1e5");
    expect(shortestNumber(123)).toBe("123");
    expect(shortestNumber(0.01)).toBe("0.01");
    expect(shortestNumber(-1.5e-7)).toBe("-1.5e-7");
    // A float32 value that is not a short decimal keeps the digits it needs.
    expect(Math.fround(Number(shortestNumber(Math.fround(1 / 3), true)))).toBe(Math.fround(1 / 3));
  });
});

describe("regc import of TensorFlow.js and tf.keras 2 functional configs", () => {
  it("imports TensorFlow.js's own toJSON() with tfjs's parameter count", async () => {
    const tf = await import("@tensorflow/tfjs");
    const m = tf.sequential();
    // glorotUniform explicitly: TensorFlow.js's default kernel initializer is glorotNormal, which the language lacks.
    const g = "glorotUniform";
    m.add(tf.layers.embedding({ inputDim: 50, outputDim: 8, inputShape: [12], embeddingsRegularizer: tf.regularizers.l2({ l2: 1e-4 }) }));
    m.add(tf.layers.lstm({ units: 4, recurrentActivation: "sigmoid", kernelInitializer: g, returnSequences: true, kernelRegularizer: tf.regularizers.l1l2({ l1: 1e-5, l2: 1e-4 }) }));
    m.add(tf.layers.bidirectional({ layer: tf.layers.gru({ units: 3, resetAfter: false, returnSequences: true, recurrentActivation: "sigmoid", kernelInitializer: g } as never) as never, mergeMode: "sum" }));
    m.add(tf.layers.dropout({ rate: 0.5 }));
    m.add(tf.layers.conv1d({ filters: 2, kernelSize: 3, kernelInitializer: g, padding: "same", biasRegularizer: tf.regularizers.l1({ l1: 1e-3 }) }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 1, kernelInitializer: g, activation: "sigmoid" }));
    const json = JSON.stringify(m.toJSON(null, false));
    const { source, ir } = imported(json);
    expect(ir.params.total).toBe(m.countParams());
    expect(source).toContain("kernel: l1_l2(l1: 1e-5, l2: 1e-4)");
    expect(source).toContain("(GRU(3, return_sequences: true, reset_after: false), merge_mode: sum)");
    expect(source).toContain("bias: l1(1e-3)");
    // Its default initializer is refused, with the reason.
    const d = tf.sequential();
    d.add(tf.layers.dense({ units: 1, inputShape: [2] }));
    expect(renderImportDiagnostics("m.json", importKeras(JSON.stringify(d.toJSON(null, false))).diagnostics)).toMatch(
      /config\.layers\[0\]\.config\.kernel_initializer: Dense's kernel_initializer must be Keras's default GlorotUniform\(\), not .* \(TensorFlow\.js writes its default, glorotNormal, this way\); the language has no initializers$/,
    );
  });

  it("imports a tf.keras 2 functional model that is a chain", () => {
    const dense = (name: string, units: number, from: string) => ({
      class_name: "Dense",
      config: { name, trainable: true, dtype: "float32", units, activation: "tanh", use_bias: true, kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } }, bias_initializer: { class_name: "Zeros", config: {} }, kernel_regularizer: { class_name: "L1L2", config: { l1: 0.0, l2: 0.009999999776482582 } }, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null },
      name,
      inbound_nodes: [[[from, 0, 0, {}]]],
    });
    const doc = {
      class_name: "Functional",
      config: {
        name: "model",
        layers: [
          { class_name: "InputLayer", config: { batch_input_shape: [null, 4], dtype: "float32", sparse: false, ragged: false, name: "x" }, name: "x", inbound_nodes: [] },
          dense("h", 8, "x"),
          dense("y", 2, "h"),
        ],
        input_layers: [["x", 0, 0]],
        output_layers: [["y", 0, 0]],
      },
      keras_version: "2.12.0",
      backend: "tensorflow",
    };
    const { source, ir } = imported(JSON.stringify(doc));
    expect(ir.params.total).toBe(4 * 8 + 8 + 8 * 2 + 2);
    expect(source).toContain("Dense h(8, activation: tanh) {\n    kernel: l2(0.01)\n  }");
    const branch = structuredClone(doc);
    branch.config.layers[2]!.inbound_nodes = [[["h", 0, 0, {}], ["x", 0, 0, {}]]];
    expect(errors(branch)).toMatch(/error\[REG0706\]: config\.layers\[2\]\.inbound_nodes: 'x' feeds 2 layers; regc imports only a simple chain of layers$/);
    const twice = structuredClone(doc);
    twice.config.layers[2]!.inbound_nodes = [[["h", 0, 0, {}], ["h", 0, 0, {}]]];
    expect(errors(twice)).toMatch(/error\[REG0706\]: config\.layers\[2\]\.inbound_nodes: layer 'y' takes 2 inputs \(h, h\); regc imports only a simple chain of layers$/);
  });
});

// ---- import(build(spec)) --------------------------------------------------------------------------

const specDirs = [join(ROOT, "specs"), join(ROOT, "test", "fixtures", "keras-specs")];
const specs = specDirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".reg")).map((f) => join(d, f)));

describe("import(build(spec)) gives the spec back", () => {
  it("finds the specs", () => expect(specs.length).toBeGreaterThanOrEqual(19));

  for (const path of specs) {
    const name = path.slice(ROOT.length);
    it(`${name}: the same IR through Keras 3 and tf.keras 2 JSON`, () => {
      const source = readFileSync(path, "utf8");
      const c = compile(source);
      expect(c.ir, name).toBeDefined();
      let emitted = 0;
      for (const point of sweepPoints(source, c.ir!)) {
        for (const v of [3, 2] as const) {
          let json: string;
          try {
            json = pyJson(modelConfig(point.ir, v).model);
          } catch (e) {
            // Schedules and reset_after GRUs have no tf.keras 2 form: the emitter refuses them.
            if (e instanceof RegcError && v === 2) continue;
            throw e;
          }
          emitted++;
          const back = imported(json);
          expect(normal(back.ir, v), `${name} via Keras ${v}`).toEqual(normal(point.ir, v));
          // Layer names come back too, and the schedules keep their names.
          expect(back.ir.layers.map((l) => l.name)).toEqual(point.ir.layers.map((l) => l.name));
          expect(Object.keys(back.ir.schedules).sort()).toEqual(Object.keys(point.ir.schedules).sort());
          if (v === 3 && point.ir.train) {
            // compile_config comes back as a commented train block (a train block needs data and epochs).
            const t = point.ir.train;
            expect(back.source).toContain(`#   loss: ${t.loss}`);
            expect(back.source).toContain(`#   optimizer: ${t.optimizer.name}(learning_rate: `);
            if (t.metrics.length > 0) expect(back.source).toContain(`#   metrics: [${t.metrics.join(", ")}]`);
            expect(back.ir.train).toBeNull();
            // Uncommented, the block checks and trains with the same loss, optimizer and metrics.
            const uncommented = back.source.replace(/^# (train \{|  .*|\})$/gm, "$1");
            const trained = compile(uncommented);
            expect(trained.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
            const bt = trained.ir!.train!;
            expect({ loss: bt.loss, optimizer: bt.optimizer, metrics: bt.metrics }).toEqual({ loss: t.loss, optimizer: t.optimizer, metrics: t.metrics });
          }
        }
      }
      expect(emitted).toBeGreaterThan(0);
    });
  }

  it("brings regc's scheduled custom objects back as schedules", () => {
    const source = [
      "schedule decay = step { 0: 0, 1200: 1e-5, 30%: 1e-4 }",
      "model S {",
      "  input [8]",
      "  Dense(4) {",
      "    kernel: l2(decay)",
      "    bias: l1_l2(l1: warmup(target: 1e-3, epochs: 10), l2: 1e-4)",
      "    activity: l1(cosine(start: 1e-3, end: 0, epochs: 50%))",
      "  }",
      "  Dropout(ramp { 0: 0, 50%: 0.3 })",
      "  Dense(1) { kernel: l2(exponential(start: 1e-3, factor: 0.5, every: 10)) }",
      "}",
    ].join("\n");
    const c = compile(source);
    const json = pyJson(modelConfig(c.ir!, 3).model);
    expect(json).toContain('"registered_name": "regc>ScheduledL1L2"');
    expect(json).toContain('"registered_name": "regc>ScheduledDropout"');
    const back = imported(json);
    expect(back.source).toContain("schedule decay = step { 0: 0, 1200: 1e-5, 30%: 1e-4 }");
    expect(back.source).toContain("kernel: l2(decay)");
    expect(back.source).toContain("bias: l1_l2(l1: warmup(target: 1e-3, epochs: 10, start: 0), l2: 1e-4)");
    expect(back.source).toContain("Dropout(ramp { 0: 0, 50%: 0.3 })");
    expect(normal(back.ir, 3)).toEqual(normal(c.ir!, 3));
  });
});

// ---- errors ---------------------------------------------------------------------------------------

const dense3 = () => JSON.parse(readFileSync(join(REF, "keras3_dense_l2.json"), "utf8"));
const lstm2 = () => JSON.parse(readFileSync(join(REF, "keras2_legacy_lstm_l1l2.json"), "utf8"));

function errors(doc: unknown, indent = 1): string {
  const text = typeof doc === "string" ? doc : JSON.stringify(doc, null, indent);
  const r = importKeras(text);
  expect(r.source).toBeUndefined();
  return renderImportDiagnostics("model.json", r.diagnostics);
}

const produced = new Set<string>();
function expectCode(out: string, code: string): void {
  expect(out).toContain(`[${code}]`);
  produced.add(code);
}

describe("regc import errors: positioned, naming the JSON path", () => {
  it("REG0700: malformed JSON, with its line and column", () => {
    const out = errors('{\n  "class_name": "Sequential",\n  "config": {"layers": [}\n}');
    expect(out).toBe("model.json:3:25: error[REG0700]: not valid JSON: expected a JSON value, found character '}'");
    expectCode(out, "REG0700");
    expect(errors('{"a": 1,}')).toBe(`model.json:1:9: error[REG0700]: not valid JSON: expected a key in double quotes, found character '}'`);
    expect(errors('{"a": 1, "a": 2}')).toBe(`model.json:1:15: error[REG0700]: not valid JSON: the key "a" appears twice in this object`);
    expect(errors("")).toBe("model.json:1:1: error[REG0700]: not valid JSON: the file is empty; expected a JSON object");
  });

  it("REG0701: JSON that is not a Keras model config (the schema)", () => {
    expectCode(errors([1, 2]), "REG0701");
    expect(errors([1, 2])).toBe("model.json:1:1: error[REG0701]: not a Keras model config (model.to_json()): the top level must be an object");
    const d = dense3();
    delete d.config.layers;
    expect(errors(d)).toMatch(/^model\.json:\d+:\d+: error\[REG0701\]: config: not a Keras model config \(model\.to_json\(\)\): config has no 'layers'$/);
    const e = dense3();
    e.config.layers[1].config.kernel_regularizer = "l2";
    expect(errors(e)).toMatch(/error\[REG0701\]: config\.layers\[1\]\.config\.kernel_regularizer: not a Keras model config \(model\.to_json\(\)\): config\.layers\[1\]\.config\.kernel_regularizer must be null$/);
    const f = dense3();
    f.config.layers[1].extra = 1;
    expect(errors(f)).toMatch(/error\[REG0701\]: config\.layers\[1\]\.extra: not a Keras model config \(model\.to_json\(\)\): unexpected key 'extra' in config\.layers\[1\]$/);
  });

  it("REG0702: a layer class the language lacks", () => {
    const d = dense3();
    d.config.layers[1].class_name = "Conv3D";
    const out = errors(d);
    expect(out).toMatch(/^model\.json:\d+:\d+: error\[REG0702\]: config\.layers\[1\]\.class_name: layer class 'Conv3D' is not in the language: did you mean 'Conv1D'\?$/);
    expectCode(out, "REG0702");
    const c = dense3();
    c.config.layers[2].registered_name = "my_package>Dense";
    expect(errors(c)).toMatch(/error\[REG0702\]: config\.layers\[2\]\.registered_name: 'my_package>Dense' is a custom layer class; the language has only Keras's own Dense$/);
  });

  it("REG0703: an argument the language lacks", () => {
    const d = dense3();
    d.config.layers[2].config.lora_rank = 4;
    const out = errors(d);
    expect(out).toMatch(/error\[REG0703\]: config\.layers\[2\]\.config\.lora_rank: Dense has no argument 'lora_rank' in the language \(its Keras keys are units, activation, use_bias, /);
    expectCode(out, "REG0703");
  });

  it("REG0704: a value the language cannot express, named with its JSON path and position", () => {
    const d = dense3();
    d.config.layers[2].config.kernel_constraint = { module: "keras.constraints", class_name: "MaxNorm", config: { max_value: 2, axis: 0 }, registered_name: null };
    const text = JSON.stringify(d, null, 1);
    const out = errors(text);
    // The position is the value's own: line and column of the constraint object.
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"kernel_constraint": {')) + 1;
    const column = lines[line - 1]!.indexOf("{") + 1;
    expect(out).toBe(`model.json:${line}:${column}: error[REG0704]: config.layers[2].config.kernel_constraint: Dense's kernel_constraint must be null; the language has no constraints`);
    expectCode(out, "REG0704");

    const i = dense3();
    i.config.layers[1].config.kernel_initializer.config.seed = 42;
    expect(errors(i)).toMatch(/error\[REG0704\]: config\.layers\[1\]\.config\.kernel_initializer: Dense's kernel_initializer must be Keras's default GlorotUniform\(\), not \{"module":"keras.initializers","class_name":"GlorotUniform","config":\{"seed":\.\.\.; the language has no initializers$/);
    const h = dense3();
    h.config.layers[1].config.kernel_initializer = "he_normal";
    expect(errors(h)).toMatch(/config\.layers\[1\]\.config\.kernel_initializer: Dense's kernel_initializer must be Keras's default GlorotUniform\(\), not "he_normal"; the language has no initializers$/);
    const t = dense3();
    t.config.layers[1].config.trainable = false;
    expect(errors(t)).toMatch(/error\[REG0704\]: config\.layers\[1\]\.config\.trainable: Dense 'dense' is not trainable; the language has no frozen layers$/);
    const u = dense3();
    u.config.layers[1].config.units = 0;
    expect(errors(u)).toMatch(/error\[REG0704\]: config\.layers\[1\]\.config\.units: Dense's units must be a whole number of at least 1, not 0$/);
    const a = dense3();
    a.config.layers[1].config.activation = "leaky_relu";
    expect(errors(a)).toMatch(/config\.layers\[1\]\.config\.activation: Dense's activation "leaky_relu" is not an activation the language has; it has linear, relu, /);
    const x = lstm2();
    x.config.layers[1].config.time_major = true;
    expect(errors(x)).toMatch(/error\[REG0704\]: config\.layers\[1\]\.config\.time_major: LSTM's time_major must be false, not true; the language has no 'time_major' argument$/);
    const s = lstm2();
    s.config.layers[1].config.stateful = true;
    expect(errors(s)).toMatch(/config\.layers\[1\]\.config\.stateful: LSTM's stateful must be false, not true; the language has no 'stateful' argument$/);
    const b = dense3();
    b.config.layers[0].config.batch_shape = [32, 2];
    expect(errors(b)).toMatch(/error\[REG0704\]: config\.layers\[0\]\.config\.batch_shape\[0\]: the batch size is fixed at 32; the language's input leaves it open \(null\)$/);
    const dt = dense3();
    dt.config.layers[1].config.dtype.config.name = "mixed_float16";
    expect(errors(dt)).toMatch(/config\.layers\[1\]\.config\.dtype: Dense 'dense' computes in "mixed_float16"; the language's layers compute in float32$/);
  });

  it("REG0705: a regularizer the language cannot express", () => {
    const d = dense3();
    d.config.layers[1].config.kernel_regularizer = { module: "keras.regularizers", class_name: "OrthogonalRegularizer", config: { factor: 0.01, mode: "rows" }, registered_name: null };
    const out = errors(d);
    expect(out).toMatch(/error\[REG0705\]: config\.layers\[1\]\.config\.kernel_regularizer\.class_name: Dense's kernel_regularizer: regularizer class 'OrthogonalRegularizer' is not in the language; it has L1, L2 and L1L2 \(l1\(\), l2\(\), l1_l2\(\)\)$/);
    expectCode(out, "REG0705");
    const e = dense3();
    e.config.layers[1].config.kernel_regularizer.config.l1 = 0.1;
    expect(errors(e)).toMatch(/config\.layers\[1\]\.config\.kernel_regularizer\.config\.l1: Dense's kernel_regularizer: L2 has no 'l1' \(Keras refuses it\); it takes l2$/);
    const n = dense3();
    n.config.layers[1].config.kernel_regularizer.config.l2 = -1;
    expect(errors(n)).toMatch(/config\.layers\[1\]\.config\.kernel_regularizer\.config\.l2: Dense's kernel_regularizer: L2's l2 must be a number of at least 0, not -1$/);
    const m = lstm2();
    delete m.config.layers[1].config.kernel_regularizer.config.l1;
    expect(errors(m)).toMatch(/config\.layers\[1\]\.config\.kernel_regularizer\.config: LSTM's kernel_regularizer: L1L2 must give both l1 and l2 in tf\.keras 2 JSON: Keras reads a missing one as 0, TensorFlow\.js as 0\.01$/);
    const c = dense3();
    c.config.layers[1].config.kernel_regularizer.registered_name = "mine>L2";
    expect(errors(c)).toMatch(/config\.layers\[1\]\.config\.kernel_regularizer\.registered_name: Dense's kernel_regularizer is a custom regularizer \('mine>L2'\); the language has L1, L2 and L1L2$/);
  });

  it("REG0705: an activity regularizer Keras 3's SimpleRNN would ignore", () => {
    const d = dense3();
    d.config.layers[0].config.batch_shape = [null, 5, 2];
    d.config.layers[1] = { module: "keras.layers", class_name: "SimpleRNN", config: { name: "rnn", units: 3, activity_regularizer: { module: "keras.regularizers", class_name: "L2", config: { l2: 0.01 }, registered_name: null } }, registered_name: null };
    expect(errors(d)).toMatch(/error\[REG0705\]: config\.layers\[1\]\.config\.activity_regularizer: SimpleRNN's activity_regularizer cannot be imported: Keras 3's SimpleRNN accepts activity_regularizer but ignores it, so the penalty would silently vanish$/);
  });

  it("reads the input shape from tf.keras 2's first layer or Keras 3's shape key", () => {
    const d = lstm2();
    d.config.layers.shift();
    d.config.layers[0].config.batch_input_shape = [null, null, 3];
    expect(imported(JSON.stringify(d)).source).toContain("  input [none, 3]\n  LSTM(32) {");
    const e = dense3();
    e.config.layers[0].config = { shape: [2], dtype: "float32", sparse: false, name: "x" };
    expect(imported(JSON.stringify(e)).ir.input).toEqual([2]);
    const f = lstm2();
    f.config.layers[1].config.batch_input_shape = [null, 6, 3];
    expect(errors(f)).toMatch(/error\[REG0704\]: config\.layers\[1\]\.config\.batch_input_shape: the first layer's batch_input_shape gives the input \[6, 3\], but the InputLayer \[5, 3\]$/);
  });

  it("keeps Keras names it can write, and notes the ones it cannot", () => {
    const d = dense3();
    d.config.name = "my-model";
    d.config.layers[1].config.name = "dense_1";
    d.config.layers[2].config.name = "out/put";
    const { source, ir } = imported(JSON.stringify(d));
    expect(source).toContain('# The Keras model name "my-model" is written as my_model.');
    expect(source).toContain("  Dense dense_1(500, activation: relu) {");
    expect(source).toContain('  # Keras name: "out/put"\n  Dense(1, activation: sigmoid)');
    expect(ir.layers.map((l) => l.name)).toEqual(["dense_1", "dense"]);
  });

  it("REG0706: a model that is not one chain of layers", () => {
    const f = JSON.parse(readFileSync(join(REF, "keras3_functional_dense.json"), "utf8"));
    // y takes the input directly, as h does: x feeds two layers.
    f.config.layers[2].inbound_nodes[0].args[0].config.keras_history = ["x", 0, 0];
    const out = errors(f);
    expect(out).toMatch(/error\[REG0706\]: config\.layers\[2\]\.inbound_nodes: 'x' feeds 2 layers; regc imports only a simple chain of layers$/);
    expectCode(out, "REG0706");
    const two = JSON.parse(readFileSync(join(REF, "keras3_functional_dense.json"), "utf8"));
    two.config.output_layers = [["h", 0, 0], ["y", 0, 0]];
    expect(errors(two)).toMatch(/error\[REG0706\]: config\.output_layers: a functional model with 2 outputs; the language's model has one output$/);
    const d = dense3();
    d.config.layers.shift();
    delete d.config.build_input_shape;
    delete d.build_config;
    expect(errors(d)).toMatch(/error\[REG0706\]: config\.layers: the model gives no input shape: no InputLayer, no build_input_shape and no batch_input_shape on its first layer$/);
    const sub = dense3();
    sub.class_name = "MyModel";
    expect(errors(sub)).toMatch(/error\[REG0706\]: class_name: model class 'MyModel' is not one regc imports/);
  });

  it("REG0707: a model whose spec does not check", () => {
    const d = lstm2();
    // An LSTM after a Dense that outputs a vector: LSTM needs a sequence.
    d.config.layers = [d.config.layers[0], d.config.layers[2], d.config.layers[1]];
    d.config.layers[0].config.batch_input_shape = [null, 3];
    delete d.config.layers[2].config.batch_input_shape;
    const out = errors(d);
    expect(out).toMatch(/error\[REG0707\]: config\.layers\[2\]: the imported model does not check: LSTM needs a sequence \(steps, features\), but 'dense_4' outputs \(None, 1\)$/);
    expectCode(out, "REG0707");
  });

  it("proves every import code of the catalog (REG0700-REG0749)", () => {
    const codes = Object.values(catalog).map((e) => e.code).filter((c) => /^REG07[0-4]\d$/.test(c));
    expect(codes.length).toBeGreaterThan(0);
    for (const c of codes) expect(produced, `no test produces ${c}`).toContain(c);
  });
});

describe("regc import on damaged configs", () => {
  it("answers every mutation of the reference models with a spec or diagnostics, never an exception", () => {
    // A small deterministic generator (mulberry32), so a failure reproduces.
    let seed = 12345;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const replacements: unknown[] = [null, 0, -1, 1.5, "x", true, [], {}, [null], { class_name: "L2", config: {} }, "NaN"];
    const slots = (x: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) => {
      if (Array.isArray(x)) x.forEach((v, i) => (out.push([x, i]), slots(v, out)));
      else if (typeof x === "object" && x !== null) for (const [k, v] of Object.entries(x)) (out.push([x as Record<string, unknown>, k]), slots(v, out));
      return out;
    };
    let imports = 0;
    let refused = 0;
    for (const file of models.filter((m) => !m.includes(".pretty"))) {
      for (let n = 0; n < 40; n++) {
        const doc = JSON.parse(readFileSync(join(REF, file), "utf8"));
        const [holder, key] = pick(slots(doc));
        if (rand() < 0.3 && !Array.isArray(holder)) delete (holder as Record<string, unknown>)[key as string];
        else (holder as Record<string | number, unknown>)[key] = structuredClone(pick(replacements));
        const r = importKeras(JSON.stringify(doc));
        if (r.source) {
          imports++;
          expect(compile(r.source).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        } else {
          refused++;
          expect(r.diagnostics.length).toBeGreaterThan(0);
          for (const d of r.diagnostics) expect(d.code).toMatch(/^REG07[0-4]\d$/);
        }
      }
    }
    expect(imports).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe("regc import (CLI)", () => {
  it("writes the spec atomically with -o; regc check and regc fmt --check accept it", () => {
    const dir = tempDir();
    const out = join(dir, "lstm.reg");
    const r = regc(["import", join(REF, "keras3_lstm_l1l2.json"), "-o", out]);
    expect(r.stderr).toBe(`wrote ${out} (2 layers, 4,641 parameters)\n`);
    expect(r.status).toBe(0);
    expect(regc(["check", out]).status).toBe(0);
    expect(regc(["fmt", "--check", out]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(GOLDEN, "keras3_lstm_l1l2.reg"), "utf8"));
    const summary = regc(["summary", out, "--json"]);
    expect(JSON.parse(summary.stdout).total_params).toBe(kerasParams("keras3_lstm_l1l2"));
  });

  it("prints to stdout without -o and reads stdin with '-'", () => {
    const text = readFileSync(join(REF, "keras3_dense_l2.json"), "utf8");
    const r = regc(["import", "-"], { input: text });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(GOLDEN, "keras3_dense_l2.reg"), "utf8"));
  });

  it("exits 1 with a positioned error and leaves an earlier output untouched", () => {
    const dir = tempDir();
    const out = join(dir, "model.reg");
    writeFileSync(out, "# earlier\n");
    const bad = join(dir, "model.json");
    const d = dense3();
    d.config.layers[2].config.kernel_constraint = { class_name: "NonNeg", config: {} };
    writeFileSync(bad, JSON.stringify(d));
    const r = regc(["import", bad, "-o", out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1:\\d+: error\\[REG0704\\]: config\\.layers\\[2\\]\\.config\\.kernel_constraint: Dense's kernel_constraint must be null; the language has no constraints\\n$`));
    expect(r.stderr).not.toMatch(/at .*\.(ts|mjs):\d+/);
    expect(readFileSync(out, "utf8")).toBe("# earlier\n");
  });

  it("exits 2 on usage and I/O errors, and lists import in the help", () => {
    expect(regc(["import", join(tempDir(), "missing.json")]).status).toBe(2);
    expect(regc(["import"]).status).toBe(2);
    const help = regc(["import", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("regc import model.json -o model.reg");
    expect(regc(["--help"]).stdout).toContain("import");
  });
});
