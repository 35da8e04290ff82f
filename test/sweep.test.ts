// `regc sweep`: batched training reproduces the regular runtime trial by trial (the one-by-one path:
// each trial's generated program run by runProgram in a worker process, and `regc train --seed`),
// the summary's numbers, the files it writes, and its errors.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, regcAsync, spec, tempDir } from "./helpers.js";
import { summarizeSweep, sweepCsv, sweepTable } from "../src/sweep/results.js";
import { whyNotBatched } from "../src/sweep/batched.js";
import { compile, sweepPoints } from "../src/api.js";

interface Scores {
  loss: number;
  accuracy: number;
}
interface Sweep {
  mode: string;
  reason: string | null;
  param: string;
  metric: string;
  best: number;
  points: { value: number; trials: { seed: number; train: Scores; test: Scores }[]; train_mean: number; test_mean: number; test_std: number }[];
}

async function sweepJson(args: string[], cwd?: string): Promise<Sweep> {
  const r = await regcAsync(["sweep", ...args, "--json"], { cwd });
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Sweep;
}

/** Relative difference, against the one-by-one value. */
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

function expectSameTrials(batched: Sweep, oneByOne: Sweep): void {
  expect(batched.mode).toBe("batched");
  expect(oneByOne.mode).toBe("workers");
  expect(batched.points.map((p) => p.value)).toEqual(oneByOne.points.map((p) => p.value));
  let worst = 0;
  batched.points.forEach((p, i) => {
    const q = oneByOne.points[i]!;
    expect(p.trials.map((t) => t.seed)).toEqual(q.trials.map((t) => t.seed));
    p.trials.forEach((t, k) => {
      const u = q.trials[k]!;
      for (const split of ["train", "test"] as const) {
        for (const key of ["loss", "accuracy"] as const) worst = Math.max(worst, rel(t[split][key], u[split][key]));
      }
    });
  });
  expect(worst).toBeLessThan(1e-4);
}

describe("batched sweeps reproduce the one-by-one runtime", () => {
  it("gives every trial of the moons lambda grid (2 repeats, 40 epochs) the same losses and accuracies", { timeout: 600_000 }, async () => {
    const dir = tempDir("regc-sweep-");
    writeFileSync(join(dir, "grid.reg"), spec("moons-grid.reg").replace("repeat 3", "repeat 2"));
    // --jobs 2: two batched computations of 6 trials in two worker processes.
    const batched = await sweepJson(["grid.reg", "--epochs", "40", "-o", "a", "--jobs", "2"], dir);
    const oneByOne = await sweepJson(["grid.reg", "--epochs", "40", "-o", "b", "--no-batch", "--jobs", "2"], dir);
    expect(batched.points.length).toBe(6);
    expect(batched.points.every((p) => p.trials.length === 2)).toBe(true);
    expectSameTrials(batched, oneByOne);
    // The trials are not all alike: the lambdas and seeds change the numbers.
    const losses = new Set(batched.points.flatMap((p) => p.trials.map((t) => t.train.loss)));
    expect(losses.size).toBe(12);

    // A trial is what `regc train` of that point with the trial's seed gives (lambda = 1e-3 is the param's value).
    const r = await regcAsync(["train", "grid.reg", "--epochs", "40", "--seed", "1", "--json", "--out", join(dir, "t")], { cwd: dir });
    expect(r.status).toBe(0);
    const train = JSON.parse(r.stdout) as { final: { train: Scores; test: Scores } };
    const trial = batched.points.find((p) => p.value === 1e-3)!.trials.find((t) => t.seed === 1)!;
    expect(rel(trial.test.loss, train.final.test.loss)).toBeLessThan(1e-4);
    expect(rel(trial.train.loss, train.final.train.loss)).toBeLessThan(1e-4);
    expect(trial.test.accuracy).toBeCloseTo(train.final.test.accuracy, 6);
  });

  it("matches with several batches per epoch, three layers, L1 and scheduled penalties and scheduled dropout", { timeout: 300_000 }, async () => {
    const dir = tempDir("regc-sweep-");
    writeFileSync(
      join(dir, "rich.reg"),
      [
        "param lambda = 1e-3",
        "sweep lambda over [1e-2, 1e-4]",
        "repeat 2",
        "schedule drop = ramp { 0: 0.1, 50%: 0.3 }",
        "schedule warm = warmup(target: 1e-3, epochs: 10)",
        "model Rich {",
        "  input [2]",
        "  Dense(16, activation: tanh) {",
        "    kernel: l2(lambda)",
        "    bias: l1(1e-3)",
        "  }",
        "  Dropout(drop)",
        "  Dense(8, activation: relu) {",
        "    kernel: l1_l2(l1: 1e-4, l2: warm)",
        "  }",
        "  Dense(1, activation: sigmoid)",
        "}",
        "train {",
        "  data: moons(samples: 60, noise: 0.2, seed: 3)",
        "  split: 30",
        "  loss: binary_crossentropy",
        "  optimizer: adam(learning_rate: 1e-2)",
        "  metrics: [accuracy]",
        "  epochs: 20",
        "  batch_size: 8",
        "  seed: 5",
        "}",
        "",
      ].join("\n"),
    );
    const batched = await sweepJson(["rich.reg", "-o", "a"], dir);
    const oneByOne = await sweepJson(["rich.reg", "-o", "b", "--no-batch", "--jobs", "2"], dir);
    // Seeds: the train block's seed plus the repeat index.
    expect(batched.points[0]!.trials.map((t) => t.seed)).toEqual([5, 6]);
    expectSameTrials(batched, oneByOne);
  });

  it("matches with a constant-rate Dropout (tfjs's own layer in the program, its masks seeded per step by the loop)", { timeout: 300_000 }, async () => {
    const dir = tempDir("regc-sweep-");
    const source = (rate: string) =>
      [
        "param lambda = 1e-3",
        "sweep lambda over [1e-2, 1e-4]",
        "repeat 2",
        "model Drop {",
        "  input [2]",
        "  Dense(32, activation: relu) {",
        "    kernel: l2(lambda)",
        "  }",
        `  Dropout(${rate})`,
        "  Dense(1, activation: sigmoid)",
        "}",
        "train {",
        "  data: moons(samples: 60, noise: 0.2, seed: 1)",
        "  split: 30",
        "  loss: binary_crossentropy",
        "  optimizer: adam(learning_rate: 1e-2)",
        "  metrics: [accuracy]",
        "  epochs: 20",
        "  batch_size: 8",
        "}",
        "",
      ].join("\n");
    writeFileSync(join(dir, "drop.reg"), source("0.2"));
    writeFileSync(join(dir, "nodrop.reg"), source("0.0"));
    const [batched, oneByOne, noDrop] = await Promise.all([
      sweepJson(["drop.reg", "-o", "a"], dir),
      sweepJson(["drop.reg", "-o", "b", "--no-batch", "--jobs", "1"], dir),
      sweepJson(["nodrop.reg", "-o", "c"], dir),
    ]);
    // The program writes this Dropout as tf.layers.dropout (not regc's ScheduledDropout).
    expectSameTrials(batched, oneByOne);
    // The masks matter: without dropout every trial ends elsewhere.
    batched.points.forEach((p, i) => p.trials.forEach((t, k) => expect(rel(t.train.loss, noDrop.points[i]!.trials[k]!.train.loss)).toBeGreaterThan(1e-3)));
  });
});

describe("regc sweep", () => {
  it("prints the table, writes sweep.json and sweep.csv, and runs unbatchable models in worker processes with the reason", { timeout: 300_000 }, async () => {
    const dir = tempDir("regc-sweep-");
    writeFileSync(
      join(dir, "bn.reg"),
      "param lambda = 1e-3\nsweep lambda over [1e-2, 1e-3]\nmodel Bn {\n  input [2]\n  Dense(8, activation: relu) {\n    kernel: l2(lambda)\n  }\n  BatchNormalization()\n  Dense(1, activation: sigmoid)\n}\ntrain {\n  data: moons(samples: 40, noise: 0.2, seed: 1)\n  split: 20\n  loss: binary_crossentropy\n  optimizer: adam(learning_rate: 1e-2)\n  metrics: [accuracy]\n  epochs: 3\n}\n",
    );
    const r = await regcAsync(["sweep", "bn.reg", "--jobs", "2", "--report", "rep"], { cwd: dir });
    expect(r.stderr).toContain("batched training does not support BatchNormalization; running 2 trials in 2 worker processes");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("Bn: 2 values of lambda x 1 repeat = 2 trials (workers); mean ± std over repeats");
    expect(lines[1]).toMatch(/^lambda\s+train accuracy\s+±\s+test accuracy\s+±$/);
    expect(lines.filter((l) => l.endsWith("<- best"))).toHaveLength(1);
    const json = JSON.parse(readFileSync(join(dir, "bn.sweep", "sweep.json"), "utf8")) as Sweep;
    expect(json.mode).toBe("workers");
    expect(json.reason).toBe("batched training does not support BatchNormalization");
    const csv = readFileSync(join(dir, "bn.sweep", "sweep.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("lambda,repeat,seed,train_loss,train_accuracy,test_loss,test_accuracy");
    expect(csv).toHaveLength(3);
    expect(csv[1]!.startsWith("0.01,0,0,")).toBe(true);
    // --report: the HTML report, with each value's learning curve from the trials' histories.
    const html = readFileSync(join(dir, "rep", "index.html"), "utf8");
    expect(html).toContain("lambda");
    expect(html).toContain("sweep-curves");
  });

  it("refuses a spec without a sweep, bad options and missing files with exit 1 or 2 and no stack trace", { timeout: 300_000 }, async () => {
    const noSweep = await regcAsync(["sweep", "specs/moons-l2.reg"]);
    expect(noSweep.status).toBe(1);
    expect(noSweep.stderr).toContain("specs/moons-l2.reg: error[REG0608]: the spec has no sweep, so there is nothing to sweep");
    expect((await regcAsync(["sweep", "specs/moons-grid.reg", "--epochs", "0"])).status).toBe(2);
    expect((await regcAsync(["sweep", "specs/moons-grid.reg", "--jobs", "x"])).status).toBe(2);
    const missing = await regcAsync(["sweep", "no-such.reg"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read 'no-such.reg': no such file");

    const dir = tempDir("regc-sweep-");
    writeFileSync(join(dir, "csv.reg"), spec("moons-grid.reg").replace(/data: moons\([^)]*\)/, 'data: csv("absent.csv", target: y)'));
    const bad = await regcAsync(["sweep", "csv.reg", "--epochs", "2"], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/absent\.csv:1:1: error\[REG0600\]: cannot read the data file/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "csv.sweep"))).toBe(false); // a failed sweep writes nothing

    // A run-time error without a position (REG0605) is named by the spec, once: `file: error[...]`.
    writeFileSync(join(dir, "split.reg"), spec("moons-grid.reg").replace(/split: 30/, "split: 30\n  validation_split: 0.99"));
    const split = await regcAsync(["sweep", "split.reg", "--epochs", "2"], { cwd: dir });
    expect(split.status).toBe(1);
    expect(split.stderr).toMatch(/^split\.reg: error\[REG0605\]: validation_split 0\.99 leaves no rows to train on/m);
    expect(split.stderr).not.toContain("error: error[");
  });
});

describe("the sweep's numbers", () => {
  const input = {
    source: "s.reg",
    model: "M",
    param: "lambda",
    repeat: 2,
    mode: "batched" as const,
    reason: null,
    metric: "accuracy",
    points: [
      { value: 0.1, trials: [{ seed: 0, train: { loss: 0.5, accuracy: 0.8 }, test: { loss: 0.6, accuracy: 0.7 } }, { seed: 1, train: { loss: 0.4, accuracy: 1 }, test: { loss: 0.5, accuracy: 0.9 } }] },
      { value: 0.01, trials: [{ seed: 0, train: { loss: 0.2, accuracy: 1 }, test: { loss: 0.3, accuracy: 0.9 } }, { seed: 1, train: { loss: 0.2, accuracy: 1 }, test: { loss: 0.3, accuracy: 0.95 } }] },
    ],
  };

  it("gives means, population standard deviations and the best point by test mean", () => {
    const r = summarizeSweep(input);
    expect(r.points[0]!.train_mean).toBeCloseTo(0.9, 12);
    expect(r.points[0]!.train_std).toBeCloseTo(0.1, 12);
    expect(r.points[0]!.test_mean).toBeCloseTo(0.8, 12);
    expect(r.points[1]!.test_mean).toBeCloseTo(0.925, 12);
    expect(r.points[1]!.test_std).toBeCloseTo(0.025, 12);
    expect(r.best).toBe(0.01);
    // Lower is better for a loss-like metric.
    expect(summarizeSweep({ ...input, metric: "loss" }).best).toBe(0.01);
    const worse = { ...input, points: input.points.map((p) => ({ ...p, trials: p.trials.map((t) => ({ ...t, test: { ...t.test, loss: p.value } })) })) };
    expect(summarizeSweep({ ...worse, metric: "loss" }).best).toBe(0.01);
    expect(summarizeSweep({ ...worse, points: [...worse.points].reverse(), metric: "loss" }).best).toBe(0.01);
  });

  it("writes one CSV row per trial and marks the best row in the table", () => {
    const r = summarizeSweep(input);
    expect(sweepCsv(r)).toBe(
      "lambda,repeat,seed,train_loss,train_accuracy,test_loss,test_accuracy\n0.1,0,0,0.5,0.8,0.6,0.7\n0.1,1,1,0.4,1,0.5,0.9\n0.01,0,0,0.2,1,0.3,0.9\n0.01,1,1,0.2,1,0.3,0.95\n",
    );
    const table = sweepTable(r).split("\n");
    expect(table[2]).toMatch(/^0\.1\s+0\.900\s+0\.100\s+0\.800\s+0\.100$/);
    expect(table[3]).toMatch(/^0\.01\s+1\.000\s+0\.000\s+0\.925\s+0\.025\s+<- best$/);
  });

  it("batches the bundled Dense specs and names what stops the others", () => {
    const points = (name: string) => {
      const src = spec(name);
      const ir = compile(src).ir!;
      return sweepPoints(src, ir).map((p) => p.ir);
    };
    expect(whyNotBatched(points("moons-grid.reg"))).toBeNull();
    expect(whyNotBatched(points("lstm.reg"))).toMatch(/^batched training supports only flat inputs/);
    expect(whyNotBatched(points("regression-dropout.reg"))).toBe("batched training does not support validation_split");
  });
});
