// W1-W4 of ../shared/bench/WORKLOADS.md: milliseconds per epoch of regc's generated program (its model,
// built by the program's buildModel, trained by the runtime's loop that runProgram uses) against the
// same model written by hand with plain tf.layers + model.fit (bench/baseline.mjs), on the same backend
// in the same run, interleaved. Plus W1 with its L2 strength as a schedule against the constant.
// Only training is timed (not imports, data or model building), as WORKLOADS.md asks.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fitEpochs } from "./baseline.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Seeded normal and integer data (mulberry32 + Box-Muller), the same arrays for both sides. */
function randomData(rows, shape, target, seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const width = shape.reduce((p, d) => p * d, 1);
  const x = new Float32Array(rows * width).map(normal);
  const y = new Float32Array(rows).map(() => (target === "classes" ? Math.floor(rand() * 10) : normal()));
  return { x, y, rows, shape };
}

/** Compiles a spec to its program with the real CLI (inside the package, so "regc/runtime" resolves). */
function programFor(spec, dir) {
  execFileSync(join(root, "bin/regc"), ["build", spec, "--target", "tfjs", "--out", dir], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  return join(dir, spec.split("/").pop().replace(/\.reg$/, ".train.mjs"));
}

async function ourEpochs(rt, program, data, { epochs, seed = 0 }) {
  const model = program.buildModel();
  rt.setWeights(model, rt.initialWeights(model, seed));
  const stamps = [];
  try {
    const t0 = performance.now();
    await rt.trainModel(model, { train: data, test: null }, { ...program.spec.train, epochs }, seed, { onEpochEnd: () => void stamps.push(performance.now()) });
    return stamps.map((t, i) => t - (i === 0 ? t0 : stamps[i - 1]));
  } finally {
    model.dispose();
  }
}

export async function runTrainingBench({ quick = false, only = null, reps = null } = {}) {
  // tfjs warns on every LSTM(32) built that its orthogonal initializer is slow: not a result.
  const warn = console.warn;
  console.warn = (...a) => (String(a[0]).startsWith("Orthogonal initializer") ? undefined : warn(...a));
  try {
    return await trainingBench({ quick, only, reps });
  } finally {
    console.warn = warn;
  }
}

async function trainingBench({ quick, only, reps }) {
  const rt = await import("regc/runtime");
  const { tf } = rt;
  const backend = await rt.setupBackend({ log: () => {} });
  const dir = join(root, ".tmp", `bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const results = [];
  try {
    const load = async (spec) => import(pathToFileURL(programFor(spec, dir)).href);
    const w1 = await load("specs/moons-l2.reg");
    const moons = rt.loadData(w1.spec.train.data, w1.spec.train.split).train;
    // Short runs, many of them, interleaved: the shared machine's load changes by the minute.
    const w1Epochs = quick ? 100 : 200;
    const w1Reps = quick ? 3 : 7;
    // W2-W4 use a quarter of WORKLOADS.md's samples (an eighth with --quick), so that four interleaved
    // runs of each fit in minutes: one or two runs are at the mercy of the shared machine's load, and
    // ms/epoch scales with the sample count on both sides alike.
    const rows = (n) => (quick ? n / 8 : n / 4);
    const heavyReps = quick ? 2 : 4;
    const workloads = [
      // W1: 4000 epochs in the workload; fewer here (the per-epoch cost is flat after warm-up).
      { id: "W1", what: `moons MLP + L2, ms/epoch (${w1Reps} runs of ${w1Epochs} epochs; WORKLOADS.md: 4000)`, program: w1, data: moons, epochs: w1Epochs, batch: 32, pick: (e) => [median(e.slice(1))], reps: w1Reps },
      { id: "W2", what: `784-512-512-10 MLP + L2, ms/epoch of ${rows(8192)} samples (WORKLOADS.md: 8192; median of epochs 2-3 of ${heavyReps} runs)`, program: await load("bench/specs/w2-mlp.reg"), data: randomData(rows(8192), [784], "classes", 2), epochs: 3, batch: 128, pick: (e) => e.slice(1), reps: heavyReps },
      { id: "W3", what: `MNIST-shaped CNN + L2, ms/epoch of ${rows(4096)} samples (WORKLOADS.md: 4096; median of epoch 2 of ${heavyReps} runs)`, program: await load("specs/mnist-cnn.reg"), data: randomData(rows(4096), [28, 28, 1], "classes", 3), epochs: 2, batch: 64, pick: (e) => [e[1]], reps: heavyReps },
      { id: "W4", what: `LSTM(32) + L2, ms/epoch of ${rows(4096)} samples (WORKLOADS.md: 4096; median of epoch 2 of ${heavyReps} runs)`, program: await load("bench/specs/w4-lstm.reg"), data: randomData(rows(4096), [50, 8], "normal", 4), epochs: 2, batch: 64, pick: (e) => [e[1]], reps: heavyReps },
    ];
    for (const w of workloads.filter((x) => !only || only.includes(x.id))) {
      if (reps) w.reps = reps;
      if (w.program.spec.train.batch_size !== w.batch) throw new Error(`${w.id}: the spec's batch size is ${w.program.spec.train.batch_size}, not ${w.batch}`);
      const ours = [];
      const base = [];
      for (let r = 0; r < w.reps; r++) {
        // Interleaved, so the machine's noise falls on both alike.
        base.push(...w.pick(await fitEpochs(tf, w.id, w.data, { epochs: w.epochs, batchSize: w.batch })));
        ours.push(...w.pick(await ourEpochs(rt, w.program, w.data, { epochs: w.epochs })));
      }
      const o = median(ours);
      const b = median(base);
      results.push({ id: w.id, what: `${w.what} vs hand-written tf.layers + model.fit [${backend}]`, ours_ms: o, baseline_ms: b, ratio: o / b, target: 1.05 });
    }
    if (only && !only.includes("W1s")) return results;
    // The schedule's cost: the same W1 with lambda as a (constant-valued) step schedule.
    const scheduled = await load("bench/specs/w1-scheduled.reg");
    const s = [];
    const c = [];
    for (let r = 0; r < w1Reps; r++) {
      c.push(median((await ourEpochs(rt, w1, moons, { epochs: w1Epochs })).slice(1)));
      s.push(median((await ourEpochs(rt, scheduled, moons, { epochs: w1Epochs })).slice(1)));
    }
    results.push({ id: "W1s", what: `W1 with a scheduled L2 vs the constant L2, ms/epoch (${w1Reps} runs of ${w1Epochs} epochs) [${backend}]`, ours_ms: median(s), baseline_ms: median(c), ratio: median(s) / median(c), target: 1.03 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

// `node bench/training.mjs [--quick]` runs these alone.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (flag) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : null);
  const rows = await runTrainingBench({ quick: process.argv.includes("--quick"), only: arg("--only")?.split(","), reps: arg("--reps") ? Number(arg("--reps")) : null });
  console.table(rows.map((r) => ({ ...r, ours_ms: r.ours_ms.toFixed(2), baseline_ms: r.baseline_ms.toFixed(2), ratio: r.ratio.toFixed(3), met: r.ratio <= r.target ? "yes" : "NO" })));
}
