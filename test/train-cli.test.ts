// `regc train` and the generated program run as users run them: the CLI in-process trainer, and
// `node <spec>.train.mjs` in a project that has regc installed. The published moons numbers are the truth.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, regcAsync, runAsync, tempDir } from "./helpers.js";

const NO_STACK = /^\s+at .*[:(]\d+/m;

/** A project with regc installed (node_modules/regc pointing at this checkout). */
function project(): string {
  const dir = tempDir("regc-project-");
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "regc"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "uses-regc", private: true, type: "module" }));
  return dir;
}

const node = (args: string[], cwd: string) => runAsync(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: "1" } });

describe("the generated program, run with node", () => {
  it("trains moons-l2 for 3 epochs and writes model.json, weights, history.json and history.csv", async () => {
    const dir = project();
    expect((await regcAsync(["build", "specs/moons-l2.reg", "--target", "tfjs", "--out", dir])).status).toBe(0);
    const r = await node(["moons-l2.train.mjs", "--epochs", "3", "--out", "run"], dir);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, "run")).sort()).toEqual(["history.csv", "history.json", "model.json", "weights.bin"]);
    const history = JSON.parse(readFileSync(join(dir, "run", "history.json"), "utf8"));
    expect(history).toMatchObject({ source: "specs/moons-l2.reg", model: "MoonsL2", epochs: 3, epochs_run: 3, stopped: null, metrics: ["accuracy"] });
    expect(history.history.map((h: { epoch: number }) => h.epoch)).toEqual([0, 1, 2]);
    // The L2 penalty is in the loss: 1e-3 * sum(kernel^2), a positive part of every epoch's loss.
    for (const h of history.history) {
      expect(h.reg_loss).toBeGreaterThan(0);
      expect(h.loss).toBeCloseTo(h.data_loss + h.reg_loss, 5);
    }
    const csv = readFileSync(join(dir, "run", "history.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(4);
    expect(csv[0]).toMatch(/^epoch,/);
    const model = JSON.parse(readFileSync(join(dir, "run", "model.json"), "utf8"));
    const layers = model.modelTopology.model_config?.config?.layers ?? model.modelTopology.config.layers;
    expect(layers.map((l: { config: { name: string } }) => l.config.name)).toEqual(expect.arrayContaining(["dense", "dense_1"]));
    expect(model.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"]);
  }, 300_000);

  it("runs regression-dropout's csv data with its scheduled dropout rate, epoch by epoch", async () => {
    const dir = project();
    expect((await regcAsync(["build", "specs/regression-dropout.reg", "--target", "tfjs", "--out", dir])).status).toBe(0);
    mkdirSync(join(dir, "data"));
    copyFileSync(join(ROOT, "specs/data/regression.csv"), join(dir, "data/regression.csv"));
    // No --out: the outputs go beside the program, as its header says.
    const r = await node(["regression-dropout.train.mjs", "--epochs", "4", "--json"], dir);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.epochs_run).toBe(4);
    // ramp { 0: 0, 50%: 0.3 } over 4 epochs: 0 at epoch 0, 0.3 from epoch 2 (50% of 4), linear between.
    expect(result.history.map((h: { coefficients: Record<string, number> }) => h.coefficients.drop)).toEqual([0, 0.15, 0.3, 0.3]);
    expect(result.final.test).toHaveProperty("mae");
    expect(existsSync(join(dir, "regression-dropout.out", "history.json"))).toBe(true);
  }, 300_000);

  it("stops with a clear message, not a stack trace, when its data file is missing", async () => {
    const dir = project();
    expect((await regcAsync(["build", "specs/regression-dropout.reg", "--target", "tfjs", "--out", dir])).status).toBe(0);
    const r = await node(["regression-dropout.train.mjs", "--epochs", "1"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/regression\.csv.*error\[REG0600\]/);
    expect(r.stderr).not.toMatch(NO_STACK);
  }, 300_000);
});

describe("regc train", () => {
  // The published numbers of the classic case study (specs/moons.reg, specs/moons-l2.reg headers).
  for (const [spec, test] of [["moons", 0.914], ["moons-l2", 0.943]] as const) {
    it(`reproduces the published accuracies for specs/${spec}.reg: train 1.000, test ${test.toFixed(3)}`, async () => {
      const out = tempDir();
      const r = await regcAsync(["train", `specs/${spec}.reg`, "--json", "--out", out], { env: { FORCE_COLOR: "0" } });
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split("\n");
      expect(lines).toHaveLength(1);
      const result = JSON.parse(lines[0]!);
      expect(Object.keys(result).sort()).toEqual(["backend", "epochs", "epochs_run", "final", "model", "seed", "source", "stopped"]);
      expect(result.epochs_run).toBe(4000);
      expect(result.backend).toMatch(/^(tensorflow|wasm|cpu)$/);
      expect(result.final.train.accuracy.toFixed(3)).toBe("1.000");
      expect(result.final.test.accuracy.toFixed(3)).toBe(test.toFixed(3));
      expect(result.final.train.loss).toBeGreaterThan(0);
      expect(result.final.test.loss).toBeGreaterThan(0);
      expect(readdirSync(out).sort()).toEqual(["history.csv", "history.json", "model.json", "weights.bin"]);
    }, 600_000);
  }

  it("trains the same program as `regc build --target tfjs` writes: same result for the same seed", async () => {
    const dir = project();
    expect((await regcAsync(["build", "specs/moons-schedule.reg", "--target", "tfjs", "--out", dir])).status).toBe(0);
    const viaNode = JSON.parse((await node(["moons-schedule.train.mjs", "--epochs", "5", "--seed", "7", "--json", "--out", "a"], dir)).stdout);
    const viaCli = JSON.parse((await regcAsync(["train", "specs/moons-schedule.reg", "--epochs", "5", "--seed", "7", "--json", "--out", join(dir, "b")])).stdout);
    expect(viaCli.final).toEqual(viaNode.final);
    expect(viaCli.seed).toBe(7);
  }, 300_000);

  it("exits 1 with the spec's diagnostics for a spec with errors", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.reg"), "model M {\n  input [2]\n  Dens(4)\n}\n");
    const r = await regcAsync(["train", "bad.reg"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("bad.reg:3:3: error[REG0200]: unknown layer 'Dens'");
    expect(r.stdout).toBe("");
  });

  it("exits 1 naming the file, line and column of a bad CSV cell", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "d.csv"), "a,b,y\n1,2,0\n3,x4,1\n");
    writeFileSync(join(dir, "m.reg"), 'model M {\n  input [2]\n  Dense(1)\n}\ntrain {\n  data: csv("d.csv", target: y)\n  loss: mse\n  optimizer: sgd(learning_rate: 0.1)\n  epochs: 2\n}\n');
    const r = await regcAsync(["train", "m.reg", "--json"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/d\.csv:3:3: error\[REG0604\]: .*column 'b' is not a number/);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stdout).toBe("");
    expect(existsSync(join(dir, "m.out"))).toBe(false);
  });

  it("exits 1 with a clear message when the loss becomes NaN", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "d.csv"), "a,y\n" + Array.from({ length: 20 }, (_, i) => `${i * 1000},${i * 1e6}`).join("\n") + "\n");
    writeFileSync(join(dir, "m.reg"), 'model M {\n  input [1]\n  Dense(1)\n}\ntrain {\n  data: csv("d.csv", target: y)\n  loss: mse\n  optimizer: sgd(learning_rate: 1e6)\n  epochs: 50\n}\n');
    for (const json of [false, true]) {
      const r = await regcAsync(["train", "m.reg", ...(json ? ["--json"] : [])], { cwd: dir });
      expect(r.status).toBe(1);
      const said = r.stderr.split("\n").filter((l) => /the loss became (NaN|infinite)/.test(l));
      expect(said).toHaveLength(1);
      expect(r.stderr).not.toMatch(NO_STACK);
      if (json) expect(JSON.parse(r.stdout).stopped).toBe("nan");
    }
  });

  it("exits 1 for a spec TensorFlow.js cannot run, and 2 for a bad option", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "g.reg"), 'model M {\n  input [5, 3]\n  GRU(4)\n}\ntrain {\n  data: csv("d.csv", target: y)\n  loss: mse\n  optimizer: sgd(learning_rate: 0.1)\n  epochs: 2\n}\n');
    const g = await regcAsync(["train", "g.reg"], { cwd: dir });
    expect(g.status).toBe(1);
    expect(g.stderr).toBe(
      "g.reg:3:3: error[REG0802]: layer 'gru': TensorFlow.js cannot express reset_after: true: TensorFlow.js's GRU does not support reset_after: true (write GRU(..., reset_after: false))\n" +
        "  2 |   input [5, 3]\n> 3 |   GRU(4)\n    |   ^^^\n",
    );
    const noTrain = await regcAsync(["train", "test/fixtures/keras-specs/keras3_dense_l2.reg"]);
    expect(noTrain.status).toBe(1);
    expect(noTrain.stderr).toContain("no train block");
    const bad = await regcAsync(["train", "specs/moons.reg", "--epochs", "0"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--epochs takes a whole number from 1, not '0'");
  });

  it("writes the visual report with --report", async () => {
    const dir = tempDir();
    const r = await regcAsync(["train", "specs/moons-l2.reg", "--epochs", "3", "--out", join(dir, "run"), "--report", join(dir, "report")]);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, "report", "index.html"), "utf8");
    expect(html).toContain("MoonsL2");
    expect(html).toContain("<svg");
  }, 300_000);

  it("--backend chooses the backend for train and sweep (in --json, on stderr, in worker processes); a bad name is a usage error", async () => {
    const out = tempDir();
    const t = await regcAsync(["train", "specs/moons-l2.reg", "--epochs", "2", "--backend", "cpu", "--json", "--out", join(out, "t")]);
    expect(t.status, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout).backend).toBe("cpu");
    const w = await regcAsync(["train", "specs/moons-l2.reg", "--epochs", "2", "--backend", "wasm", "--out", join(out, "w")]);
    expect(w.stderr.split("\n")[0]).toMatch(/^backend: tfjs-backend-wasm \S+ \(wasm\)$/);
    const s = await regcAsync(["sweep", "specs/moons-grid.reg", "--epochs", "1", "--backend", "cpu", "--out", join(out, "s")]);
    expect(s.status, s.stderr).toBe(0);
    expect(s.stderr).toMatch(/^backend: tfjs-backend-cpu \S+ \(cpu\)$/m);
    // Worker processes get it too: with a bad REGC_BACKEND in the environment they would stop (REG0606);
    // --backend replaces it for the whole sweep.
    const args = ["sweep", "specs/moons-grid.reg", "--epochs", "1", "--no-batch", "--jobs", "1", "--json", "--out", join(out, "n")];
    const n = await regcAsync([...args, "--backend", "cpu"], { env: { REGC_BACKEND: "gpu" } });
    expect(n.status, n.stderr).toBe(0);
    const without = await regcAsync(args, { env: { REGC_BACKEND: "gpu" } });
    expect(without.status).toBe(1);
    expect(without.stderr).toContain("REGC_BACKEND must be native, wasm or cpu (or unset), got 'gpu'");
    const bad = await regcAsync(["train", "specs/moons-l2.reg", "--backend", "gpu"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("error: option '--backend <name>' argument 'gpu' is invalid. Allowed choices are native, wasm, cpu.");
  }, 300_000);
});
