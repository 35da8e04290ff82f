// runProgram end to end on a small run: outputs written together (model.json + weights.bin that load
// back and reproduce the reported accuracy, history.json, history.csv), --json prints only the
// result, plain progress lines are few, a failed write leaves earlier outputs alone; parseCliArgs.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tf, layers, regularizers, runProgram, parseCliArgs, RegcError, loadData, type TrainResult } from "../../src/runtime/index.js";
import { moonsModel, moonsSpec } from "./helpers.js";

const tmp = () => mkdtempSync(join(tmpdir(), "regc-run-"));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("runProgram", () => {
  it("writes model.json, weights.bin, history.json and history.csv; the saved model reproduces the test accuracy", async () => {
    const dir = join(tmp(), "out");
    const { out, err } = capture();
    const r = await runProgram({ spec: moonsSpec(), buildModel: moonsModel(0.001) }, { epochs: 60, seed: 3, out: dir, progress: "lines" });
    vi.restoreAllMocks();
    expect(err[0]).toMatch(/^backend: (tensorflow|tfjs-backend-wasm|tfjs-backend-cpu) \S+ \((native|wasm|cpu)\)\n$/);
    expect(out.join("")).toMatch(/^train: loss \d\.\d{4}  accuracy \d\.\d{4}\ntest:  loss .*\nsaved to .*out\n$/);
    // One line at epoch 1 and every 6 epochs: at most 11 lines of progress for 60 epochs.
    const lines = err.filter((l) => l.startsWith("epoch "));
    expect(lines.length).toBe(11);
    expect(lines.at(-1)).toMatch(/^epoch 60\/60  loss \d\.\d{4}  reg \d\.\d{4}  accuracy \d\.\d{4}  \(ETA 0s\)\n$/);

    expect(r.epochs_run).toBe(60);
    expect(r.history).toHaveLength(60);
    expect(Object.keys(r.history[0]!.reg)).toEqual(["dense/kernel"]);
    const saved = JSON.parse(readFileSync(join(dir, "history.json"), "utf8")) as TrainResult;
    expect(saved).toEqual(JSON.parse(JSON.stringify({ ...r, out: undefined })));
    const csv = readFileSync(join(dir, "history.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe("epoch,loss,data_loss,reg_loss,accuracy,reg/dense/kernel");
    expect(csv).toHaveLength(61);
    expect(Number(csv[60]!.split(",")[1])).toBe(r.history[59]!.loss);

    // Weight statistics: one entry per weight, norms and 30-bin histograms covering every value.
    expect(r.weights.map((w) => `${w.layer}/${w.weight} ${w.shape.join("x")}`)).toEqual(["dense/kernel 2x500", "dense/bias 500", "dense_1/kernel 500x1", "dense_1/bias 1"]);
    for (const w of r.weights) {
      expect(w.start.counts).toHaveLength(30);
      expect(w.end.edges).toHaveLength(31);
      expect(w.end.counts.reduce((a, b) => a + b, 0)).toBe(w.shape.reduce((a, b) => a * b, 1));
    }

    const topology = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    expect(topology.format).toBe("layers-model");
    expect(topology.weightsManifest[0].paths).toEqual(["./weights.bin"]);
    const bytes = readFileSync(join(dir, "weights.bin"));
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: topology.modelTopology, weightSpecs: topology.weightsManifest[0].weights, weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }),
    );
    const test = loadData(moonsSpec().train.data, { count: 30 }).test!;
    const p = (loaded.predict(tf.tensor(test.x, [70, 2])) as tf.Tensor).dataSync();
    const correct = test.y.filter((y, i) => (p[i]! > 0.5 ? 1 : 0) === y).length;
    expect(correct / 70).toBeCloseTo(r.final.test!.accuracy!, 6);
  });

  it("--json prints the result as one JSON object on stdout and nothing else", async () => {
    const dir = join(tmp(), "out");
    const { out, err } = capture();
    const r = await runProgram({ spec: moonsSpec(), buildModel: moonsModel() }, { epochs: 5, out: dir, json: true });
    vi.restoreAllMocks();
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const printed = JSON.parse(out[0]!);
    expect(printed).toEqual(JSON.parse(JSON.stringify(r)));
    expect(printed).toMatchObject({ regc: "0.1.0", source: "specs/moons.reg", model: "Moons", seed: 0, epochs: 5, epochs_run: 5, stopped: null, metrics: ["accuracy"] });
    expect(Object.keys(printed.final.test)).toEqual(["loss", "accuracy"]);
  });

  it("frees every tensor it made (scheduled coefficients, validation, early stopping's best weights)", async () => {
    const spec = moonsSpec({ validation_split: 0.2, early_stopping: { monitor: "val_loss", patience: 3, min_delta: 0, restore_best_weights: true } });
    const buildModel = () => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ batchInputShape: [null, 2], units: 8, activation: "relu", kernelRegularizer: regularizers.l1l2({ l2: { schedule: { kind: "constant", value: 0.01 } } }) }));
      m.add(layers.scheduledDropout({ name: "drop", rate: 0.2 }));
      m.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
      return m;
    };
    await runProgram({ spec, buildModel }, { epochs: 2, quiet: true, save: false });
    const before = tf.memory().numTensors;
    const r = await runProgram({ spec, buildModel }, { epochs: 30, quiet: true, save: false });
    expect(r.history[0]!.val_loss).toBeTypeOf("number");
    expect(tf.memory().numTensors).toBe(before);
  });

  it("a failed write leaves the earlier outputs as they were", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "model.json"), "earlier");
    mkdirSync(join(dir, "history.csv")); // a directory in the way of one output
    capture();
    await expect(runProgram({ spec: moonsSpec(), buildModel: moonsModel() }, { epochs: 2, out: dir, quiet: true })).rejects.toThrow(/cannot write .*history\.csv/);
    vi.restoreAllMocks();
    expect(readFileSync(join(dir, "model.json"), "utf8")).toBe("earlier");
    expect(existsSync(join(dir, "weights.bin"))).toBe(false);
    expect(existsSync(join(dir, "history.json"))).toBe(false);
  });

  it("without --out, each program writes beside itself into <program base>.out/ (a sweep's programs keep apart)", async () => {
    // The programs of `regc build specs/moons-grid.reg --target tfjs` share spec.source; their outputs must not.
    const dir = tmp();
    const spec = { ...moonsSpec(), source: "specs/moons-grid.reg" };
    capture();
    const a = await runProgram({ spec, buildModel: moonsModel(0.1), url: pathToFileURL(join(dir, "moons-grid.lambda=0.1.train.mjs")).href }, { epochs: 1, quiet: true });
    const b = await runProgram({ spec, buildModel: moonsModel(0.001), url: pathToFileURL(join(dir, "moons-grid.lambda=0.001.train.ts")).href }, { epochs: 1, quiet: true });
    vi.restoreAllMocks();
    expect(a.out).toBe(join(dir, "moons-grid.lambda=0.1.out"));
    expect(b.out).toBe(join(dir, "moons-grid.lambda=0.001.out"));
    expect(readdirSync(dir).sort()).toEqual(["moons-grid.lambda=0.001.out", "moons-grid.lambda=0.1.out"]);
    const saved = (p: string) => JSON.parse(readFileSync(join(p, "history.json"), "utf8")) as TrainResult;
    expect(saved(a.out!).history[0]!.reg_loss).toBeCloseTo(a.history[0]!.reg_loss, 6);
    expect(saved(b.out!).history[0]!.reg_loss).toBeCloseTo(b.history[0]!.reg_loss, 6);
    expect(a.history[0]!.reg_loss).not.toBeCloseTo(b.history[0]!.reg_loss, 3);
  });
});

describe("parseCliArgs", () => {
  it("reads the program's options", () => {
    expect(parseCliArgs(["--epochs", "10", "--seed=3", "--out", "o", "--json", "--backend", "cpu"])).toEqual({ epochs: 10, seed: 3, out: "o", json: true, backend: "cpu" });
    expect(parseCliArgs([])).toEqual({});
  });

  it("refuses unknown options and bad values with a one-line message", () => {
    for (const [args, msg] of [
      [["--epoch", "3"], "unknown option '--epoch'"],
      [["--epochs", "x"], "--epochs needs a whole number, got 'x'"],
      [["--seed"], "--seed needs a value"],
      [["--backend", "gpu"], "--backend must be native, wasm or cpu, got 'gpu'"],
    ] as const) {
      expect(() => parseCliArgs([...args])).toThrow(RegcError);
      expect(() => parseCliArgs([...args])).toThrow(msg);
      try {
        parseCliArgs([...args]);
      } catch (e) {
        expect((e as RegcError).diagnostic.code).toBe("REG0606");
      }
    }
  });
});
