// One model everywhere: for each reference model of keras-reference/ (real Keras 3 weights, inputs
// and predictions) and its spec in test/fixtures/keras-specs/, three builds of the spec must agree on
// the outputs (within 1e-5) and on the regularization loss with those weights:
//   1. the generated TensorFlow.js program's buildModel() (`regc build --target tfjs`),
//   2. the tf.keras 2 JSON (`regc build --keras 2`) loaded by tf.models.modelFromJSON (not for
//      lstm_l1l2: tfjs cannot load an activity regularizer, and `--keras 2` refuses it, checked here),
//   3. real Keras 3 (tools/keras-oracle) loading `regc build --keras 3`,
// and all three must give the predictions real Keras wrote (_expected.json).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, regc, tempDir } from "../helpers.js";

const REF = join(ROOT, "test", "fixtures", "keras-reference");
const SPECS = join(ROOT, "test", "fixtures", "keras-specs");
const ORACLE = join(ROOT, "tools", "keras-oracle", "run.sh");
const MODELS = ["dense_l2", "dense_l2_input_shape", "conv2d_l2", "dropout_flatten_pool", "functional_dense", "lstm_l1l2"];
const run = promisify(execFile);
const RUNTIME = pathToFileURL(createRequire(import.meta.url).resolve("regc/runtime")).href;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
let rt: Any;
const scratch = (() => {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  return mkdtempSync(join(ROOT, ".tmp", "one-model-"));
})();

beforeAll(async () => {
  // The program's runtime, the same module instance its import resolves to.
  rt = await import(RUNTIME);
  await rt.setupBackend({ log: () => {} });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x as number];
}

function expectClose(actual: unknown, expected: unknown, tol: number): void {
  const a = flat(actual);
  const b = flat(expected);
  expect(a.length).toBe(b.length);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
  expect(worst).toBeLessThanOrEqual(tol);
}

/** tfjs outputs and regularization loss of a model with the reference weights. */
function evaluate(model: Any, weights: number[][], inputs: unknown, penalty: () => number) {
  const { tf } = rt;
  // Keras's get_weights order is layer by layer; tfjs's model.weights puts every non-trainable weight
  // (BatchNormalization's moving statistics) last, so set them layer by layer.
  expect(model.weights.length).toBe(weights.length);
  let at = 0;
  for (const layer of model.layers) {
    const ws = layer.weights;
    if (ws.length === 0) continue;
    layer.setWeights(ws.map((w: Any, i: number) => tf.tensor(flat(weights[at + i]), w.shape, "float32")));
    at += ws.length;
  }
  const x = tf.tensor(inputs as number[], [((inputs as unknown[]).length), ...model.inputs[0].shape.slice(1)], "float32");
  const y = model.predict(x);
  const outputs = y.arraySync();
  x.dispose();
  y.dispose();
  return { outputs, reg: penalty() };
}

describe("one model everywhere: the tfjs program, the Keras JSON in tfjs, and real Keras", () => {
  for (const name of MODELS) {
    it(`${name}: same outputs (1e-5) and regularization loss`, async () => {
      const { tf } = rt;
      const weights = json(join(REF, `keras3_${name}_weights.json`)) as number[][];
      const inputs = json(join(REF, `keras3_${name}_inputs.json`));
      const expected = json(join(REF, `keras3_${name}_expected.json`));
      const dir = tempDir("regc-one-model-");
      const spec = join(SPECS, `keras3_${name}.reg`);
      // TensorFlow.js cannot load a layer with an activity regularizer from JSON (the program can run one).
      const activity = readFileSync(spec, "utf8").includes("activity:");
      for (const args of [["--target", "tfjs"], ["--keras", "2"], ["--keras", "3"]]) {
        const r = regc(["build", spec, ...args, "--out", args[1] === "2" ? join(dir, "k2") : args[1] === "3" ? join(dir, "k3") : dir]);
        if (activity && args[1] === "2") {
          expect(r.stderr).toContain("--keras 2 cannot express an activity regularizer");
          expect(r.status).toBe(1);
          continue;
        }
        expect(r.stderr).not.toContain("error");
        expect(r.status).toBe(0);
      }

      // 1. The generated program, its runtime import pointed at this package's dist/runtime.mjs.
      const text = readFileSync(join(dir, `keras3_${name}.train.mjs`), "utf8").replace(/^(import \{[^}\n]*\} from )"regc\/runtime";$/m, `$1${JSON.stringify(RUNTIME)};`);
      const file = join(scratch, `${name}.train.mjs`);
      writeFileSync(file, text);
      const program = await import(pathToFileURL(file).href);
      const ours = program.buildModel();
      const scan = rt.scanModel(ours);
      const a = evaluate(ours, weights, inputs, () => {
        const t = tf.tidy(() => (scan.penalties.length ? tf.addN(scan.penalties.map((p: Any) => p.regularizer.apply(p.weight.read()))) : tf.scalar(0)));
        const v = t.dataSync()[0];
        t.dispose();
        return v;
      });

      // 2. The tf.keras 2 JSON, loaded by TensorFlow.js itself.
      const loaded = activity ? null : await tf.models.modelFromJSON(json(join(dir, "k2", `keras3_${name}.keras.json`)));
      const b = !loaded ? null : evaluate(loaded, weights, inputs, () => {
        const losses = loaded.calculateLosses();
        const v = losses.reduce((s: number, l: Any) => s + l.dataSync()[0], 0);
        losses.forEach((l: Any) => l.dispose());
        return v;
      });

      // 3. Real Keras 3, loading regc's Keras 3 JSON with the same weights and inputs.
      writeFileSync(join(dir, "weights.json"), JSON.stringify(weights));
      writeFileSync(join(dir, "inputs.json"), JSON.stringify(inputs));
      const { stdout } = await run("bash", [ORACLE, join(dir, "k3", `keras3_${name}.keras.json`), join(dir, "weights.json"), join(dir, "inputs.json")], { maxBuffer: 64 << 20 });
      const c = JSON.parse(stdout.trim().split("\n").pop()!);
      expect(c.ok).toBe(true);

      for (const got of [a.outputs, b?.outputs ?? a.outputs, c.outputs]) expectClose(got, expected, 1e-5);
      if (b) expectClose(a.outputs, b.outputs, 1e-5);
      expectClose(a.outputs, c.outputs, 1e-5);
      // Regularization loss with those weights: the runtime's penalties (what training adds), tfjs's own
      // regularizer losses, and Keras's model.losses (weight penalties; no forward pass has run).
      expect(c.regularization_loss).toBeGreaterThanOrEqual(0);
      const tol = 1e-6 + 1e-5 * Math.abs(c.regularization_loss);
      expect(Math.abs(a.reg - c.regularization_loss)).toBeLessThanOrEqual(tol);
      if (b) expect(Math.abs(b.reg - c.regularization_loss)).toBeLessThanOrEqual(tol);
      ours.dispose();
      loaded?.dispose();
    });
  }
});

/** Seeded uniform numbers (mulberry32), so every run asks Keras about the same weights. */
function uniform(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  };
}

describe("one model everywhere: every layer and argument of the language, against real Keras", () => {
  // The layer specs in the form TensorFlow.js can run (the v2 forms), and one with activity penalties.
  const CASES: Record<string, { spec: string; input: (r: (lo: number, hi: number) => number) => number; edit?: (text: string) => string }> = {
    "layers-v2-dense": { spec: "layers-v2-dense.reg", input: (r) => r(-2, 2) },
    "layers-v2-conv": { spec: "layers-v2-conv.reg", input: (r) => r(-2, 2) },
    "layers-v2-rnn": { spec: "layers-v2-rnn.reg", input: (r) => Math.floor(r(0, 50)) },
    "elastic-net": { spec: "../../../specs/elastic-net.reg", input: (r) => r(-2, 2) },
  };
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: the program's model gives real Keras's outputs (1e-5) and weight penalty`, async () => {
      const { tf } = rt;
      const dir = tempDir("regc-one-model-");
      let spec = join(SPECS, c.spec);
      if (c.edit) {
        const edited = c.edit(readFileSync(spec, "utf8"));
        spec = join(dir, c.spec);
        writeFileSync(spec, edited);
      }
      for (const args of [["--target", "tfjs"], ["--keras", "3"]]) {
        const r = regc(["build", spec, ...args, "--out", dir]);
        expect(r.status).toBe(0);
      }
      const base = c.spec.split("/").pop()!.replace(/\.reg$/, "");
      const text = readFileSync(join(dir, `${base}.train.mjs`), "utf8").replace(/^(import \{[^}\n]*\} from )"regc\/runtime";$/m, `$1${JSON.stringify(RUNTIME)};`);
      const file = join(scratch, `${base}.train.mjs`);
      writeFileSync(file, text);
      const ours = (await import(pathToFileURL(file).href)).buildModel();
      const r = uniform(20261127);
      // Random weights in Keras's get_weights order (tfjs keeps the same order); variances positive.
      const weights = ours.layers.flatMap((l: Any) => l.weights).map((w: Any) => {
        const n = w.shape.reduce((p: number, d: number) => p * d, 1);
        const values = Array.from({ length: n }, () => (/moving_variance/.test(w.name) ? r(0.5, 1.5) : r(-0.5, 0.5)));
        const t = tf.tensor(values, w.shape, "float32");
        const nested = t.arraySync();
        t.dispose();
        return nested;
      });
      const shape = ours.inputs[0].shape.slice(1) as number[];
      const n = 4 * shape.reduce((p, d) => p * d, 1);
      const flatInputs = Array.from({ length: n }, () => c.input(r));
      const t = tf.tensor(flatInputs, [4, ...shape], "float32");
      const inputs = t.arraySync();
      t.dispose();
      const scan = rt.scanModel(ours);
      const a = evaluate(ours, weights, inputs, () => {
        const p = tf.tidy(() => (scan.penalties.length ? tf.addN(scan.penalties.map((q: Any) => q.regularizer.apply(q.weight.read()))) : tf.scalar(0)));
        const v = p.dataSync()[0];
        p.dispose();
        return v;
      });
      writeFileSync(join(dir, "weights.json"), JSON.stringify(weights));
      writeFileSync(join(dir, "inputs.json"), JSON.stringify(inputs));
      const { stdout } = await run("bash", [ORACLE, join(dir, `${base}.keras.json`), join(dir, "weights.json"), join(dir, "inputs.json")], { maxBuffer: 64 << 20 });
      const k = JSON.parse(stdout.trim().split("\n").pop()!);
      expect(k.ok).toBe(true);
      expect(k.weight_shapes).toEqual(ours.layers.flatMap((l: Any) => l.weights).map((w: Any) => w.shape));
      expectClose(a.outputs, k.outputs, 1e-5);
      expect(k.regularization_loss).toBeGreaterThan(0);
      const tol = 1e-6 + 1e-5 * k.regularization_loss;
      // The runtime's penalties (what training adds to the loss) against Keras's model.losses.
      expect(Math.abs(a.reg - k.regularization_loss), "the runtime's scanModel penalties").toBeLessThanOrEqual(tol);
      ours.dispose();
    });
  }
});
