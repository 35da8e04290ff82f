// The TensorFlow.js program emitter (`regc build --target tfjs`): reviewed goldens, determinism, the
// program against the Keras JSON path into the same tfjs (layer by layer), injection-proof literals,
// and TypeScript output that type-checks against the runtime's own types.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { compile, type IR } from "../src/api.js";
import { emitTfjs } from "../src/codegen/tfjs/index.js";
import { ROOT, regc, tempDir } from "./helpers.js";

// Programs that import modules by bare name must live inside the package (for node_modules).
const SCRATCH = join(ROOT, ".tmp");
mkdirSync(SCRATCH, { recursive: true });
const scratch = mkdtempSync(join(SCRATCH, "codegen-tfjs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function irOf(source: string): IR {
  const r = compile(source);
  if (!r.ir) throw new Error(`spec does not check: ${JSON.stringify(r.diagnostics.map((d) => d.message))}`);
  return r.ir;
}

async function program(source: string, lang: "js" | "ts" = "js", spec = "spec.reg"): Promise<string> {
  return (await emitTfjs(irOf(source), { spec, base: "spec", lang }))[0]!.content;
}

let counter = 0;
/** Imports a program with "regc/runtime" replaced by a module of the test's choosing. */
async function load(text: string, runtime: string): Promise<Record<string, any>> {
  const dir = join(scratch, `p${counter++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "runtime.mjs"), runtime);
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith("import "));
  lines[at] = lines[at]!.replace(/"regc\/runtime";$/, '"./runtime.mjs";');
  writeFileSync(join(dir, "program.mjs"), lines.join("\n"));
  return import(pathToFileURL(join(dir, "program.mjs")).href);
}

/** A runtime that records what the program asks for, with no TensorFlow.js behind it. */
const RECORDING_RUNTIME = `
const call = (kind) => (args) => ({ kind, args });
export const tf = {
  sequential: (args) => { const layers = []; return { args, layers, add: (l) => layers.push(l) }; },
  layers: new Proxy({}, { get: (_, name) => call("tf.layers." + String(name)) }),
};
export const regularizers = { l1l2: call("l1l2") };
export const layers = { scheduledDropout: call("scheduledDropout"), withActivityRegularizer: (layer, r) => ({ kind: "activity", layer, r }) };
export const runProgram = async (program, options) => ({ program, options });
export const isMain = (url) => { globalThis.__regcAskedMain = url; return false; };
export const runCli = async () => { throw new Error("runCli called on import"); };
`;

/** A runtime with the real TensorFlow.js behind it, for models without schedules or activity penalties. */
const TFJS_RUNTIME = `
import * as tf from "@tensorflow/tfjs";
export { tf };
export const regularizers = {
  l1l2: (a) => {
    if (typeof a.l1 !== "number" || typeof a.l2 !== "number") throw new Error("scheduled coefficient in a plain test");
    return tf.regularizers.l1l2(a);
  },
};
export const layers = {};
export const runProgram = async () => { throw new Error("not in this test"); };
export const isMain = () => false;
export const runCli = async () => {};
`;

describe("golden programs (reviewed)", () => {
  for (const name of ["moons-l2", "regression-dropout"]) {
    it(`specs/${name}.reg compiles to test/golden/${name}.train.mjs byte for byte`, () => {
      const out = tempDir();
      const r = regc(["build", `specs/${name}.reg`, "--target", "tfjs", "--out", out]);
      expect(r.stderr).toBe(`wrote ${join(out, `${name}.train.mjs`)}\n`);
      expect(r.status).toBe(0);
      expect(readFileSync(join(out, `${name}.train.mjs`), "utf8")).toBe(readFileSync(join(ROOT, "test/golden", `${name}.train.mjs`), "utf8"));
    });
  }

  it("is deterministic: the same spec gives byte-identical programs, in both languages", async () => {
    const a = tempDir();
    const b = tempDir();
    for (const out of [a, b]) {
      expect(regc(["build", "specs/moons-schedule.reg", "--target", "tfjs", "--out", out]).status).toBe(0);
      expect(regc(["build", "specs/moons-grid.reg", "--target", "tfjs", "--lang", "ts", "--out", out]).status).toBe(0);
    }
    const files = readdirSync(a).sort();
    expect(files).toContain("moons-schedule.train.mjs");
    expect(files).toContain("moons-grid.lambda=0.001.train.ts");
    expect(files).toContain("moons-grid.tfjs.sweep.json");
    for (const f of files) expect(readFileSync(join(b, f), "utf8")).toBe(readFileSync(join(a, f), "utf8"));
    const manifest = JSON.parse(readFileSync(join(a, "moons-grid.tfjs.sweep.json"), "utf8"));
    expect(manifest.points).toHaveLength(6);
    expect(manifest.points[2]).toEqual({ value: 0.001, files: ["moons-grid.lambda=0.001.train.ts"] });
    // Each sweep point's program has its own strength.
    expect(readFileSync(join(a, "moons-grid.lambda=0.1.train.ts"), "utf8")).toContain("kernelRegularizer: regularizers.l1l2({ l1: 0, l2: 0.1 })");
  });

  it("is already prettier-formatted", async () => {
    const prettier = await import("prettier");
    const text = readFileSync(join(ROOT, "test/golden/moons-l2.train.mjs"), "utf8");
    expect(await prettier.check(text, { parser: "babel", printWidth: 110, trailingComma: "all" })).toBe(true);
  });
});

describe("what the program builds", () => {
  it("passes every schedule, slot and scheduled rate to the runtime as the spec says", async () => {
    const source = `
schedule decay = step { 0: 0, 1200: 1e-5 }
model M {
  input [4]
  Dense(8, activation: silu) {
    kernel: l1_l2(l1: 1e-5, l2: decay)
    bias: l1(ramp { 0: 0, 10: 1e-3 })
    activity: l2(1e-6)
  }
  Dropout(warmup(start: 0, target: 0.5, epochs: 20%))
  Dropout(constant(0.25))
  Dense(1)
}
train {
  data: moons(samples: 10, noise: 0.1, seed: 3)
  loss: mse
  optimizer: sgd(learning_rate: 0.1)
  epochs: 50
}`;
    const ir = irOf(source);
    const mod = await load(await program(source), RECORDING_RUNTIME);
    expect(mod.spec).toEqual({ source: "spec.reg", name: "M", train: ir.train, schedules: ir.schedules });
    const model = mod.buildModel();
    expect(model.args).toEqual({ name: "M" });
    expect(model.layers.map((l: any) => l.kind)).toEqual(["activity", "scheduledDropout", "tf.layers.dropout", "tf.layers.dense"]);
    const [dense, drop, constant] = model.layers;
    expect(dense.r).toEqual({ kind: "l1l2", args: { l1: 0, l2: 1e-6 } });
    expect(dense.layer.kind).toBe("tf.layers.dense");
    expect(dense.layer.args).toEqual({
      name: "dense",
      batchInputShape: [null, 4],
      units: 8,
      activation: "swish",
      useBias: true,
      kernelInitializer: "glorotUniform",
      biasInitializer: "zeros",
      kernelRegularizer: { kind: "l1l2", args: { l1: 1e-5, l2: { schedule: ir.schedules.decay, name: "decay" } } },
      biasRegularizer: { kind: "l1l2", args: { l1: { schedule: (ir.layers[0]!.regularizers.bias!.l1 as any).schedule, name: "dense/bias" }, l2: 0 } },
    });
    // The declared schedule is the spec's own object, not a copy.
    expect(dense.layer.args.kernelRegularizer.args.l2.schedule).toBe(mod.spec.schedules.decay);
    expect(drop.args).toEqual({ name: "dropout", rate: { schedule: { kind: "warmup", start: 0, target: 0.5, epochs: { fraction: 0.2 } }, name: "dropout/rate" } });
    expect(constant.args).toEqual({ name: "dropout_1", rate: 0.25 });
    // main hands the spec and the model to the runtime; importing the program ran nothing.
    const ran = await mod.main({ epochs: 3 });
    expect(ran.program.spec).toBe(mod.spec);
    expect(ran.program.buildModel).toBe(mod.buildModel);
    expect(ran.options).toEqual({ epochs: 3 });
    expect((globalThis as any).__regcAskedMain).toMatch(/^file:.*program\.mjs$/);
  });

  // Independent truth: the Keras JSON (--keras 2, checked against real Keras by the interop tests)
  // loaded by tf.models.modelFromJSON must give the same TensorFlow.js model as the program's calls.
  const SPECS: Record<string, string> = {
    dense: `model LayersDense {
  input [6]
  Dense(16, activation: relu6, use_bias: false) { kernel: l1(1e-4) }
  GaussianNoise(0.1)
  BatchNormalization(momentum: 0.9, epsilon: 1e-5, center: false)
  Dense(12, activation: elu) { kernel: l1_l2(l1: 1e-5, l2: 1e-4) bias: l2(1e-3) }
  LayerNormalization(epsilon: 1e-4, scale: false)
  Activation(selu)
  Dropout(0.1)
  Dense(10, activation: softplus)
  Dense(10, activation: softsign)
  Dense(10, activation: silu)
  Dense(10, activation: gelu)
  Dense(10, activation: mish)
  Dense(8, activation: tanh)
  Reshape([2, 4])
  Flatten()
  Dense(3, activation: softmax) { bias: l1(2e-4) }
}`,
    conv: `model LayersConv {
  input [20, 20, 3]
  Conv2D(8, [3, 5], strides: [1, 2], padding: same, activation: relu) { kernel: l2(1e-4) bias: l1(1e-5) }
  MaxPooling2D([2, 2], strides: 1, padding: same)
  AveragePooling2D(2)
  Conv2D(4, 3, dilation_rate: 2, use_bias: false)
  GlobalAveragePooling2D()
  Reshape([1, 4])
  Conv1D(6, 1, padding: valid, activation: sigmoid) { kernel: l1(1e-5) }
  MaxPooling1D(1)
  AveragePooling1D(1, strides: 1, padding: same)
  Conv1D(6, 1, strides: 1, dilation_rate: 1, padding: same) { bias: l2(1e-4) }
  GlobalAveragePooling1D()
  Dense(2)
}`,
    rnn: `model LayersRnn {
  input [12]
  Embedding(50, 8, mask_zero: false) { kernel: l2(1e-4) }
  LSTM(6, return_sequences: true, unit_forget_bias: false, dropout: 0.1, recurrent_dropout: 0.2, recurrent_activation: tanh) {
    kernel: l2(1e-4)
    recurrent: l1(1e-5)
    bias: l1_l2(l1: 1e-5, l2: 1e-5)
  }
  GRU(5, return_sequences: true, reset_after: false, go_backwards: true) { recurrent: l2(1e-4) }
  Bidirectional(GRU(4, return_sequences: true, reset_after: false) { kernel: l2(1e-4) }, merge_mode: sum)
  SimpleRNN(4, return_sequences: true, activation: relu, use_bias: false) { kernel: l1(1e-4) }
  Bidirectional(LSTM(3, activation: elu) { recurrent: l1(1e-5) bias: l2(1e-4) })
  Dense(1)
}`,
    seq: `model LayersSeq {
  input [none, 3]
  LSTM(4, return_sequences: true, go_backwards: true)
  Bidirectional(SimpleRNN(2, return_sequences: true), merge_mode: ave)
  GRU(3, return_sequences: true, reset_after: false) { bias: l2(1e-3) }
  Bidirectional(LSTM(2, return_sequences: true), merge_mode: mul)
  GlobalAveragePooling1D()
  Dense(1, activation: sigmoid)
}`,
  };

  for (const [name, source] of Object.entries(SPECS)) {
    it(`builds the same tfjs model as the Keras JSON for every ${name} layer and argument`, async () => {
      const tf = await import("@tensorflow/tfjs");
      const mod = await load(await program(source), TFJS_RUNTIME);
      const ours = mod.buildModel();
      const dir = tempDir();
      writeFileSync(join(dir, "m.reg"), source);
      const r = regc(["build", "m.reg", "--keras", "2"], { cwd: dir });
      expect(r.status).toBe(0);
      const theirs = await tf.models.modelFromJSON(JSON.parse(readFileSync(join(dir, "m.keras.json"), "utf8")));
      // Where the input shape is recorded (an InputLayer or the first layer), keys given as null rather
      // than left out, and a coefficient's float32 rounding in tf.keras 2 JSON differ; the model does not.
      const normal = (x: unknown): unknown => {
        if (typeof x === "number") return Math.fround(x);
        if (Array.isArray(x)) return x.map(normal);
        if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== null).map(([k, v]) => [k, normal(v)]));
        return x;
      };
      const configs = (m: any) =>
        m.layers
          .filter((l: any) => l.getClassName() !== "InputLayer")
          .map((l: any) => {
            const c = l.getConfig();
            delete c.batchInputShape;
            delete c.dtype;
            return { cls: l.getClassName(), config: normal(JSON.parse(JSON.stringify(c))) };
          });
      expect(configs(ours)).toEqual(configs(theirs));
      expect(ours.inputs[0].shape).toEqual(theirs.inputs[0].shape);
      expect(ours.outputs[0].shape).toEqual(theirs.outputs[0].shape);
      const weights = (m: any) => m.weights.map((w: any) => [w.originalName ?? w.name, w.shape]);
      expect(weights(ours)).toEqual(weights(theirs));
      expect(ours.countParams()).toBe(irOf(source).params.total);
    });
  }

  it("writes a module that only builds the model for a spec without a train block", async () => {
    const source = "model M {\n  input [3]\n  Dense(2) {\n    kernel: l2(1e-3)\n  }\n}";
    const text = await program(source);
    expect(text.split("\n").filter((l) => l.startsWith("import "))).toEqual(['import { tf, regularizers } from "regc/runtime";']);
    expect(text).not.toContain("main");
    expect(text).toContain("// The spec has no train block: this module builds the model; add one to the spec to train it.");
    const mod = await load(text, TFJS_RUNTIME);
    expect(Object.keys(mod).sort()).toEqual(["buildModel", "spec"]);
    expect(mod.spec.train).toBeNull();
    expect(mod.buildModel().countParams()).toBe(8);
  });

  it("resolves Reshape's -1, which tfjs would leave unknown for the next layer", async () => {
    const source = "model M {\n  input [6]\n  Dense(8)\n  Reshape([2, -1])\n  Flatten()\n  Dense(1)\n}";
    const text = await program(source);
    expect(text).toContain('tf.layers.reshape({ name: "reshape", targetShape: [2, 4] })');
    const model = (await load(text, TFJS_RUNTIME)).buildModel();
    expect(model.outputs[0].shape).toEqual([null, 1]);
    expect(model.countParams()).toBe(irOf(source).params.total);
  });

  it("refuses, with the layer and line, what TensorFlow.js cannot express", async () => {
    await expect(program("model M {\n  input [5, 3]\n  GRU(4)\n}")).rejects.toThrow(
      "layer 'gru': TensorFlow.js cannot express reset_after: true: TensorFlow.js's GRU does not support reset_after: true (write GRU(..., reset_after: false))",
    );
    await expect(program("model M {\n  input [5, 3]\n  GRU(4)\n}")).rejects.toMatchObject({ diagnostic: { code: "REG0802", span: { line: 3, column: 3 } } });
    await expect(program("model M {\n  input [4, 3]\n  Conv1D(2, 2, padding: causal)\n}")).rejects.toThrow(
      "layer 'conv1d': TensorFlow.js cannot express padding: causal: TensorFlow.js's Conv1D does not implement causal padding",
    );
    await expect(program("model M {\n  input [4, 4, 1]\n  GlobalAveragePooling2D(keepdims: true)\n}")).rejects.toThrow("layer 'global_average_pooling2d': TensorFlow.js cannot express keepdims: true");
    const dir = tempDir();
    writeFileSync(join(dir, "gru.reg"), "model M {\n  input [5, 3]\n  GRU(4)\n}\n");
    const r = regc(["build", "gru.reg", "--target", "tfjs"], { cwd: dir });
    expect(r.status).toBe(1);
    // `regc build` reports it as it reports every diagnostic: file:line:col: error[code]: ..., then the code frame.
    expect(r.stderr).toBe(
      "gru.reg:3:3: error[REG0802]: layer 'gru': TensorFlow.js cannot express reset_after: true: TensorFlow.js's GRU does not support reset_after: true (write GRU(..., reset_after: false))\n" +
        "  2 |   input [5, 3]\n> 3 |   GRU(4)\n    |   ^^^\n",
    );
    expect(r.stdout).toBe("");
    expect(readdirSync(dir)).toEqual(["gru.reg"]);
    writeFileSync(join(dir, "causal.reg"), "# a causal convolution\nmodel M {\n  input [4, 3]\n  Dense(3)\n  Conv1D(2, 2, padding: causal)\n}\n");
    const c = regc(["build", "causal.reg", "--target", "tfjs", "--lang", "ts"], { cwd: dir });
    expect(c.status).toBe(1);
    expect(c.stderr).toBe(
      "causal.reg:5:3: error[REG0802]: layer 'conv1d': TensorFlow.js cannot express padding: causal: TensorFlow.js's Conv1D does not implement causal padding (it fails when the model runs)\n" +
        "  4 |   Dense(3)\n> 5 |   Conv1D(2, 2, padding: causal)\n    |   ^^^^^^\n",
    );
    expect(readdirSync(dir).sort()).toEqual(["causal.reg", "gru.reg"]);
  });
});

describe("nothing from a spec can inject code", () => {
  // Every string a spec can hold, plus names JavaScript treats specially.
  const HOSTILE = 'x\\"y\\\\z${process.exit(9)}*/</script>\\u2028\\u2029\\n\\r\\u0000\');import(\\"fs\\")//`';
  const source = `schedule constructor = step { 0: 0.1, 5: 0.2 }
schedule hasOwnProperty = ramp { 0: 0, 10: 1e-3 }
model toString {
  input [2]
  Dense __proto__(4, activation: relu) {
    kernel: l2(hasOwnProperty)
  }
  Dropout valueOf(constructor)
  Dense(1, activation: sigmoid)
}
train {
  data: csv("${HOSTILE}", target: "${HOSTILE}")
  loss: binary_crossentropy
  optimizer: adam(learning_rate: 1e-3)
  epochs: 3
}
`;
  const hostile = JSON.parse(`"${HOSTILE}"`) as string;

  /** The program's top-level statements, as TypeScript's parser sees them. */
  function statements(text: string, file: string): string[] {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS);
    expect((sf as any).parseDiagnostics).toEqual([]);
    return sf.statements.map((s) => {
      if (ts.isImportDeclaration(s)) return `import ${s.importClause?.isTypeOnly ? "type " : ""}from ${(s.moduleSpecifier as ts.StringLiteral).text}`;
      if (ts.isVariableStatement(s)) return `const ${s.declarationList.declarations.map((d) => d.name.getText(sf)).join(",")}`;
      if (ts.isFunctionDeclaration(s)) return `function ${s.name?.text}`;
      return s.getText(sf);
    });
  }

  for (const lang of ["js", "ts"] as const) {
    it(`keeps hostile strings and names as data (${lang}), in a file node can parse`, async () => {
      // The spec's path is hostile too: it is named in the header's comments.
      const specPath = `evil\n*/"'\u2028\u2029\${x}.reg`;
      const text = (await emitTfjs(irOf(source), { spec: specPath, base: "evil", lang }))[0]!.content;
      expect(statements(text, `evil.${lang}`)).toEqual([
        "import from regc/runtime",
        ...(lang === "ts" ? ["import type from regc/runtime"] : []),
        "const spec",
        "function buildModel",
        "function main",
        "if (isMain(import.meta.url)) await runCli(main);",
      ]);
      // Line terminators inside a comment or string would end it: none but the program's own newlines.
      expect(text).not.toMatch(/[\u2028\u2029\r]/);
      expect(text.split("\n").filter((l) => l.startsWith("//"))).toHaveLength(4);
      if (lang === "js") {
        const file = join(scratch, `evil${counter++}.mjs`);
        writeFileSync(file, text);
        const check = spawnSync(process.execPath, ["--check", file], { encoding: "utf8" });
        expect(check.stderr).toBe("");
        expect(check.status).toBe(0);
        // Evaluated, the program holds exactly the spec's strings and names, and ran none of them.
        const mod = await load(text, RECORDING_RUNTIME);
        const ir = irOf(source);
        expect(mod.spec.train.data).toEqual({ kind: "csv", path: hostile, target: hostile });
        expect(mod.spec.source).toBe(specPath);
        expect(Object.keys(mod.spec.schedules)).toEqual(["constructor", "hasOwnProperty"]);
        expect(mod.spec).toEqual({ source: specPath, name: "toString", train: ir.train, schedules: ir.schedules });
        const model = mod.buildModel();
        expect(model.args.name).toBe("toString");
        expect(model.layers.map((l: any) => l.args.name)).toEqual(["__proto__", "valueOf", "dense"]);
        expect(Object.getPrototypeOf(model.layers[0].args)).toBe(Object.prototype);
      }
    });
  }

  it("keeps the one import of the runtime when a spec string reads like one", async () => {
    const text = await program(`model M {\n  input [2]\n  Dense(1)\n}\ntrain {\n  data: csv("regc/runtime", target: "\\";\\nimport x from \\"regc/runtime")\n  loss: mse\n  optimizer: sgd(learning_rate: 0.1)\n  epochs: 1\n}`);
    expect(text.split("\n").filter((l) => l.startsWith("import "))).toEqual(['import { tf, runProgram, isMain, runCli } from "regc/runtime";']);
  });
});

describe("--lang ts", () => {
  it("emits TypeScript that type-checks against the runtime's types", async () => {
    const dir = mkdtempSync(join(SCRATCH, "tsc-"));
    try {
      const sources: Record<string, string> = {
        "moons-schedule": readFileSync(join(ROOT, "specs/moons-schedule.reg"), "utf8"),
        "regression-dropout": readFileSync(join(ROOT, "specs/regression-dropout.reg"), "utf8"),
        "lstm": readFileSync(join(ROOT, "specs/lstm.reg"), "utf8"),
        "mnist-cnn": readFileSync(join(ROOT, "specs/mnist-cnn.reg"), "utf8"),
        "elastic-net": readFileSync(join(ROOT, "specs/elastic-net.reg"), "utf8"),
        "no-train": readFileSync(join(ROOT, "test/fixtures/keras-specs/keras3_lstm_l1l2.reg"), "utf8"),
        ...Object.fromEntries(Object.entries(SPEC_TRAIN).map(([k, v]) => [k, v])),
      };
      const files: string[] = [];
      for (const [name, src] of Object.entries(sources)) {
        const out = await emitTfjs(irOf(src), { spec: `${name}.reg`, base: name, lang: "ts" });
        writeFileSync(join(dir, out[0]!.name), out[0]!.content);
        files.push(out[0]!.name);
      }
      // A control that must fail: the first program with a layer argument of the wrong type.
      const control = readFileSync(join(dir, files[0]!), "utf8").replace("units: 500,", 'units: "500",');
      expect(control).toContain('units: "500",');
      writeFileSync(join(dir, "control.train.ts"), control);
      files.push("control.train.ts");
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          extends: "../../tsconfig.json",
          compilerOptions: { noEmit: true, baseUrl: ".", paths: { "regc/runtime": ["../../src/runtime/index.ts"] } },
          include: [],
          files,
        }),
      );
      const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
      // Asynchronously: a blocked test worker cannot answer vitest's heartbeat.
      const r = await promisify(execFile)(process.execPath, [tsc, "-p", dir], { cwd: dir, maxBuffer: 16 << 20 }).catch((e: { stdout: string }) => e);
      // Only the programs' own errors count here (the runtime is checked by `npm run typecheck`).
      const ours = r.stdout.split("\n").filter((l) => l.includes(".train.ts"));
      expect(ours.filter((l) => !l.startsWith("control.train.ts"))).toEqual([]);
      expect(ours.some((l) => l.startsWith("control.train.ts") && l.includes("error TS2322"))).toBe(true);
      expect(files).toHaveLength(Object.keys(sources).length + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Specs for the TypeScript check with the layers the bundled specs lack (Bidirectional, activity, every slot). */
const SPEC_TRAIN: Record<string, string> = {
  "all-rnn": `model R {
  input [12]
  Embedding(50, 8) { kernel: l2(1e-4) activity: l1(1e-6) }
  LSTM(6, return_sequences: true) { kernel: l2(1e-4) recurrent: l1(1e-5) bias: l1_l2(l1: 1e-5, l2: 1e-5) }
  Bidirectional(GRU(4, return_sequences: true, reset_after: false) { kernel: l2(1e-4) }, merge_mode: sum)
  Bidirectional(LSTM(3))
  Dense(1)
}
train {
  data: csv("data/tokens.csv", target: y)
  loss: mse
  optimizer: adamw(learning_rate: 1e-3, weight_decay: 0.01)
  epochs: 2
  early_stopping: early_stopping(monitor: val_loss, patience: 3)
  validation_split: 0.2
}`,
};

