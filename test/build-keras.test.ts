// `regc build --target keras`: outputs people can trust. Byte-identical to what real Keras 3 writes
// (the reference files Keras wrote, in test/fixtures/keras-reference),
// the same bytes on every run, one file per sweep point plus a manifest, atomic writes, `--check`,
// and clear errors (exit 1) for what a format cannot express.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, regc, tempDir } from "./helpers.js";
import { FIX, FIXTURES, SPECS, buildSpec } from "./keras-emit.js";

const REF = join(ROOT, "test", "fixtures", "keras-reference");

/** Every file in a folder, by name. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

function build(spec: string, dir: string, ...args: string[]) {
  return regc(["build", spec, "--out", dir, ...args]);
}

describe("Keras 3 JSON is what Keras itself writes", () => {
  // The one thing regc cannot know: Keras numbers an unnamed InputLayer per Python session
  // (input_layer, input_layer_1, ...), and the reference models were made in one session.
  const sequential = readdirSync(REF).filter((f) => /^keras3_[a-z0-9_]+\.json$/.test(f) && !f.includes("_weights") && !f.includes("_inputs") && !f.includes("_expected"));
  it.each(sequential.filter((f) => f !== "keras3_functional_dense.json"))("%s: byte-identical but for the input layer's session number", (ref) => {
    const dir = tempDir();
    const r = build(`${FIX}/${ref.replace(".json", ".reg")}`, dir);
    expect(r.status, r.stderr).toBe(0);
    const ours = readFileSync(join(dir, ref.replace(".json", ".keras.json")), "utf8");
    const theirs = readFileSync(join(REF, ref), "utf8");
    const numbered = theirs.match(/"name": "input_layer(_\d+)?"/g);
    expect(numbered).toHaveLength(1);
    expect(ours).toBe(theirs.replace(/"name": "input_layer(_\d+)?"/, '"name": "input_layer"'));
  });

  it("the reference list is what this test expects (six models, one functional)", () => {
    expect(sequential.sort()).toEqual([
      "keras3_conv2d_l2.json",
      "keras3_dense_l2.json",
      "keras3_dense_l2_input_shape.json",
      "keras3_dropout_flatten_pool.json",
      "keras3_functional_dense.json",
      "keras3_lstm_l1l2.json",
    ]);
  });
});

describe("same input, same bytes", () => {
  it.each([3, 2] as const)("the emitter, twice on every spec and fixture with --keras %s: the same bytes", (v) => {
    let count = 0;
    for (const spec of [...SPECS, ...FIXTURES]) {
      const [a, b] = [buildSpec(spec, v), buildSpec(spec, v)];
      expect(b).toEqual(a);
      count += a.filter((x) => x.files).length;
    }
    expect(count).toBeGreaterThan(v === 3 ? SPECS.length + FIXTURES.length : 10);
  });

  it("regc build, twice: byte-identical folders (a sweep, a schedule, every recurrent layer)", () => {
    const [a, b] = [tempDir(), tempDir()];
    for (const spec of ["specs/moons-grid.reg", "specs/regression-dropout.reg", `${FIX}/layers-rnn.reg`]) {
      expect(build(spec, a).status).toBe(0);
      expect(build(spec, b).status).toBe(0);
    }
    expect(Object.keys(snapshot(a))).toHaveLength(10);
    expect(snapshot(b)).toEqual(snapshot(a));
  });
});

describe("sweeps: one config per point plus a manifest", () => {
  it("moons-grid: six points, each with its lambda, and a manifest naming them", () => {
    const dir = tempDir();
    const r = build("specs/moons-grid.reg", dir);
    expect(r.status, r.stderr).toBe(0);
    const values = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];
    const names = values.map((v) => `moons-grid.lambda=${v}.keras.json`);
    expect(Object.keys(snapshot(dir)).sort()).toEqual([...names, "moons-grid.keras.sweep.json"].sort());
    const manifest = JSON.parse(readFileSync(join(dir, "moons-grid.keras.sweep.json"), "utf8"));
    expect(manifest).toEqual({
      spec: "specs/moons-grid.reg",
      target: "keras",
      param: "lambda",
      repeat: 3,
      points: values.map((value, i) => ({ value, files: [names[i]] })),
    });
    for (const [i, v] of values.entries()) {
      const model = JSON.parse(readFileSync(join(dir, names[i]!), "utf8"));
      expect(model.config.layers[1].config.kernel_regularizer).toEqual({ module: "keras.regularizers", class_name: "L2", config: { l2: v }, registered_name: null });
    }
  });

  it("a sweep with a schedule writes regc_schedules.py once, and every point lists it", () => {
    const dir = tempDir();
    const r = build(`${FIX}/sweep-schedule.reg`, dir);
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys(snapshot(dir)).sort()).toEqual(
      ["regc_schedules.py", "sweep-schedule.keras.sweep.json", "sweep-schedule.lambda=0.0001.keras.json", "sweep-schedule.lambda=0.01.keras.json"].sort(),
    );
    const manifest = JSON.parse(readFileSync(join(dir, "sweep-schedule.keras.sweep.json"), "utf8"));
    expect(manifest.points.map((p: { files: string[] }) => p.files)).toEqual([
      ["sweep-schedule.lambda=0.01.keras.json", "regc_schedules.py"],
      ["sweep-schedule.lambda=0.0001.keras.json", "regc_schedules.py"],
    ]);
  });
});

describe("failed builds leave earlier outputs untouched, and say why", () => {
  function failsCleanly(spec: string, args: string[], message: RegExp) {
    const dir = tempDir();
    expect(build(spec, dir).status).toBe(0);
    const before = snapshot(dir);
    const mtimes = Object.keys(before).map((f) => statSync(join(dir, f)).mtimeMs);
    const r = build(spec, dir, ...args);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(snapshot(dir)).toEqual(before); // no temporary files, nothing changed
    expect(Object.keys(before).map((f) => statSync(join(dir, f)).mtimeMs)).toEqual(mtimes);
    return r;
  }

  it("--keras 2 of a scheduled regularizer: positioned error, exit 1", () => {
    const r = failsCleanly("specs/moons-schedule.reg", ["--keras", "2"], /^specs\/moons-schedule\.reg:6:3: error\[REG0800\]: layer 'dense': its kernel regularizer is scheduled \(decay = step/m);
    expect(r.stderr).toMatch(/build with --keras 3/);
  });

  it("--keras 2 of a scheduled dropout rate", () => {
    failsCleanly("specs/regression-dropout.reg", ["--keras", "2"], /^specs\/regression-dropout\.reg:11:3: error\[REG0800\]: layer 'dropout': its dropout rate is scheduled/m);
  });

  it("--keras 2 of a sweep with a schedule fails before writing any point", () => {
    failsCleanly(`${FIX}/sweep-schedule.reg`, ["--keras", "2"], /sweep-schedule\.reg:11:3: error\[REG0800\]: layer 'dropout'/);
  });

  it.each([
    ["layers-dense.reg", /layers-dense\.reg:4:3: error\[REG0801\]: layer 'dense': --keras 2 cannot express an activity regularizer/],
    ["layers-conv.reg", /layers-conv\.reg:4:3: error\[REG0801\]: layer 'conv2d': --keras 2 cannot express an activity regularizer/],
    ["layers-seq.reg", /layers-seq\.reg:6:3: error\[REG0802\]: layer 'gru': --keras 2 cannot express reset_after: true/],
  ])("--keras 2 of %s: what TensorFlow.js cannot load is refused", (file, message) => {
    failsCleanly(`${FIX}/${file}`, ["--keras", "2"], message);
  });

  it("a spec with errors: diagnostics, exit 1, earlier outputs kept", () => {
    const dir = tempDir();
    const spec = join(dir, "m.reg");
    writeFileSync(spec, "model M {\n  input [2]\n  Dense(3) {\n    kernel: l2(1e-3)\n  }\n}\n");
    expect(regc(["build", spec]).status).toBe(0);
    const before = snapshot(dir);
    writeFileSync(spec, "model M {\n  input [2]\n  Dens(3)\n}\n");
    const r = regc(["build", spec]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/m\.reg:3:3: error\[REG\d+\]: unknown layer 'Dens'/);
    expect(snapshot(dir)).toEqual({ ...before, "m.reg": "model M {\n  input [2]\n  Dens(3)\n}\n" });
  });
});

describe("regc build --check", () => {
  it("fresh: exit 0, silent; stale and missing: exit 1 naming each; never writes", () => {
    const dir = tempDir();
    expect(build("specs/moons-grid.reg", dir).status).toBe(0);
    const fresh = build("specs/moons-grid.reg", dir, "--check");
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toBe("");

    const stale = join(dir, "moons-grid.lambda=0.01.keras.json");
    const missing = join(dir, "moons-grid.keras.sweep.json");
    writeFileSync(stale, readFileSync(stale, "utf8").replace('"l2": 0.01', '"l2": 0.02'));
    rmSync(missing);
    const before = snapshot(dir);
    const r = build("specs/moons-grid.reg", dir, "--check");
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").filter(Boolean).sort()).toEqual([`${stale}: differs from what the spec produces now`, `${missing}: missing`].sort());
    expect(r.stderr).toMatch(/2 generated files are out of date; run regc build specs\/moons-grid\.reg/);
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(missing)).toBe(false);

    // --check compares with the format asked for: the Keras 3 files are stale for --keras 2.
    expect(build("specs/moons-l2.reg", dir).status).toBe(0);
    expect(build("specs/moons-l2.reg", dir, "--check").status).toBe(0);
    const v2 = build("specs/moons-l2.reg", dir, "--check", "--keras", "2");
    expect(v2.status).toBe(1);
    expect(v2.stdout).toBe(`${join(dir, "moons-l2.keras.json")}: differs from what the spec produces now\n`);
  });

  it("a spec that cannot be built in the format: exit 1 with the reason, nothing written", () => {
    const dir = tempDir();
    const r = build("specs/moons-schedule.reg", dir, "--check", "--keras", "2");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/moons-schedule\.reg:6:3: error\[REG0800\]: layer 'dense'/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
