// regc import against real Keras 3 (tools/keras-oracle): a real Keras JSON is imported, the spec is
// built again with `regc build --target keras`, and Keras loads both. The rebuilt model must have the
// same layer classes, parameter count and regularizers as the original, and give the reference
// outputs (_expected.json, from model.predict on the reference weights) within 1e-5.
import { execFile } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api.js";
import { ROOT, regc, tempDir } from "../helpers.js";
import { normal } from "../fixtures/import/normal.js";

const REF = join(ROOT, "test", "fixtures", "keras-reference");
const ORACLE = join(ROOT, "tools", "keras-oracle", "run.sh");
const run = promisify(execFile);

interface OracleResult {
  ok: boolean;
  error?: string;
  layers: { class_name: string; name: string; output_shape: unknown; params: number }[];
  total_params: number;
  regularizers: Record<string, unknown>[];
  weight_shapes: number[][];
  outputs?: number[][];
}

async function oracle(args: string[]): Promise<OracleResult> {
  try {
    const { stdout } = await run("bash", [ORACLE, ...args], { maxBuffer: 64 << 20 });
    return JSON.parse(stdout.trim().split("\n").pop()!) as OracleResult;
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? "";
    return (out.trim() ? JSON.parse(out.trim().split("\n").pop()!) : { ok: false, error: String(e) }) as OracleResult;
  }
}

/** Imports a Keras JSON and builds the spec again: the path of the rebuilt Keras 3 JSON. */
function importAndBuild(json: string): { spec: string; built: string } {
  const dir = tempDir("regc-import-interop-");
  const spec = join(dir, "model.reg");
  const imp = regc(["import", json, "-o", spec]);
  expect(imp.status, imp.stderr).toBe(0);
  const build = regc(["build", spec, "--target", "keras"]);
  expect(build.status, build.stderr).toBe(0);
  return { spec, built: join(dir, "model.keras.json") };
}

function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x as number];
}

const keras3 = readdirSync(REF)
  .filter((f) => /^keras3_.*\.json$/.test(f) && !/(_weights|_inputs|_expected|\.pretty)\.json$/.test(f))
  .sort();

describe("regc import, then regc build, loaded by real Keras 3", () => {
  it("has the Keras 3 reference models", () => expect(keras3.length).toBeGreaterThanOrEqual(6));

  for (const file of keras3) {
    const base = file.replace(/\.json$/, "");
    it(`${file}: same classes, parameters, regularizers and outputs as the original`, async () => {
      const weights = join(REF, `${base}_weights.json`);
      const inputs = join(REF, `${base}_inputs.json`);
      const { built } = importAndBuild(join(REF, file));
      const [original, rebuilt] = await Promise.all([oracle([join(REF, file), weights, inputs]), oracle([built, weights, inputs])]);
      expect(original.ok, original.error).toBe(true);
      expect(rebuilt.ok, rebuilt.error).toBe(true);
      // A functional model lists its InputLayer among its layers; the rebuilt Sequential model does not.
      const layers = original.layers.filter((l) => l.class_name !== "InputLayer");
      const names = new Set(layers.map((l) => l.name));
      expect(rebuilt.layers.map((l) => l.class_name)).toEqual(layers.map((l) => l.class_name));
      expect(rebuilt.layers.map((l) => l.params)).toEqual(layers.map((l) => l.params));
      expect(rebuilt.total_params).toBe(original.total_params);
      expect(rebuilt.weight_shapes).toEqual(original.weight_shapes);
      // Layer names are kept, so the regularizers compare layer by layer, config by config.
      expect(rebuilt.regularizers).toEqual(original.regularizers.filter((r) => names.has(r.layer as string)));
      const expected = flat(JSON.parse(readFileSync(join(REF, `${base}_expected.json`), "utf8")));
      const got = flat(rebuilt.outputs);
      expect(got.length).toBe(expected.length);
      for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - expected[i]!), `output ${i}`).toBeLessThanOrEqual(1e-5);
    });
  }

  const legacy: Record<string, string> = {
    keras2_legacy_conv2d_l2: "keras3_conv2d_l2",
    keras2_legacy_dense_l2: "keras3_dense_l2",
    keras2_legacy_dropout_flatten_pool: "keras3_dropout_flatten_pool",
    keras2_legacy_lstm_l1l2: "keras3_lstm_l1l2",
  };
  for (const [file, twin] of Object.entries(legacy)) {
    it(`${file}.json (tf.keras 2): the rebuilt model matches its real Keras 3 twin's parameters and outputs`, async () => {
      const { built } = importAndBuild(join(REF, `${file}.json`));
      const r = await oracle([built, join(REF, `${twin}_weights.json`), join(REF, `${twin}_inputs.json`)]);
      expect(r.ok, r.error).toBe(true);
      const expected = flat(JSON.parse(readFileSync(join(REF, `${twin}_expected.json`), "utf8")));
      const got = flat(r.outputs);
      expect(got.length).toBe(expected.length);
      for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - expected[i]!), `output ${i}`).toBeLessThanOrEqual(1e-5);
      const size = (x: unknown): number => (Array.isArray(x) ? x.reduce((n: number, y) => n + size(y), 0) : 1);
      const weights = JSON.parse(readFileSync(join(REF, `${twin}_weights.json`), "utf8")) as unknown[];
      expect(r.total_params).toBe(weights.reduce((n: number, w) => n + size(w), 0));
    });
  }
});

// Real Keras's own to_json() of every layer the language has: regc builds each fixture spec, Keras
// loads it and writes its config back (`run.sh --config`), and importing that gives the spec's IR.
const specs = [
  ...["layers-conv", "layers-dense", "layers-rnn", "layers-seq"].map((n) => join(ROOT, "test", "fixtures", "keras-specs", `${n}.reg`)),
  ...["moons-l2"].map((n) => join(ROOT, "specs", `${n}.reg`)),
];

describe("regc import of the config real Keras 3 writes back", () => {
  for (const path of specs) {
    it(`${path.slice(ROOT.length)}: Keras's to_json() of the built model imports to the same IR`, async () => {
      const dir = tempDir("regc-import-keras-config-");
      const build = regc(["build", path, "--target", "keras", "--out", dir]);
      expect(build.status, build.stderr).toBe(0);
      const base = path.split("/").pop()!.replace(/\.reg$/, "");
      const r = (await oracle(["--config", join(dir, `${base}.keras.json`)])) as OracleResult & { config: unknown };
      expect(r.ok, r.error).toBe(true);
      const written = join(dir, "keras-wrote.json");
      writeFileSync(written, JSON.stringify(r.config));
      const out = join(dir, "back.reg");
      const imp = regc(["import", written, "-o", out]);
      expect(imp.status, imp.stderr).toBe(0);
      const original = compile(readFileSync(path, "utf8")).ir!;
      const back = compile(readFileSync(out, "utf8")).ir!;
      expect(normal(back, 3)).toEqual(normal(original, 3));
      expect(back.params.total).toBe(r.total_params);
    });
  }
});
