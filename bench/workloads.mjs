// W1-W4 of WORKLOADS.md (../shared/bench/WORKLOADS.md) as regc runs them: the spec, the data, the epochs and
// which epochs give the ms/epoch figure. One table, used by the peer comparison (regc-run.mjs, run.mjs)
// and by the check of regc's own overhead (training.mjs). The peers' side is bench/peers/bench.py.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));

/** regc's backend names (REGC_BACKEND, --backend) and the tfjs backend each one is. */
export const BACKENDS = { native: "tensorflow", wasm: "wasm", cpu: "cpu" };

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * The workloads. `rows`, `shape`, `target`: the random data of W2-W4 (W1 trains on its spec's moons).
 * `figure(epochMs, fitMs)`: WORKLOADS.md's ms/epoch: W1 the whole run over its epochs (as bench.py's
 * `ms_per_epoch`, compilation and warm-up included), W2 the median of epochs 2-3, W3 and W4 epoch 2.
 * W2-W4's bench specs have no metrics, as the peers compute none during training; W1 is the user's
 * specs/moons-l2.reg, which reports accuracy every epoch.
 */
export const WORKLOADS = {
  W1: { spec: "specs/moons-l2.reg", epochs: 4000, batch: 32, figure: (e, fit) => fit / e.length },
  W2: { spec: "bench/specs/w2-mlp.reg", epochs: 3, batch: 128, rows: 8192, shape: [784], target: "classes", figure: (e) => median(e.slice(1, 3)) },
  W3: { spec: "bench/specs/w3-cnn.reg", epochs: 2, batch: 64, rows: 4096, shape: [28, 28, 1], target: "classes", figure: (e) => e[1] },
  W4: { spec: "bench/specs/w4-lstm.reg", epochs: 2, batch: 64, rows: 4096, shape: [50, 8], target: "normal", figure: (e) => e[1] },
};

/** Seeded standard normal inputs and targets (mulberry32 + Box-Muller): integer classes 0..9 or normal values. */
export function randomData(rows, shape, target, seed) {
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

/** Compiles a spec to its training program with the real CLI, into `dir` inside the package (so "regc/runtime" resolves). */
export function programFor(spec, dir) {
  execFileSync(join(root, "bin/regc"), ["build", spec, "--target", "tfjs", "--out", dir], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  return join(dir, spec.split("/").pop().replace(/\.reg$/, ".train.mjs"));
}

/** Trains a program's model with the runtime's loop (what runProgram does), from its initial weights for `seed`; returns each epoch's ms. */
export async function regcEpochs(rt, program, data, { epochs, seed = 0 }) {
  const model = program.buildModel();
  rt.setWeights(model, rt.initialWeights(model, seed));
  const stamps = [];
  try {
    const t0 = performance.now();
    await rt.trainModel(model, { train: data, test: null }, { ...program.spec.train, epochs }, seed, { onEpochEnd: () => void stamps.push(performance.now()) });
    return { epochMs: stamps.map((t, i) => t - (i === 0 ? t0 : stamps[i - 1])), fitMs: stamps.at(-1) - t0, model };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** tfjs warns on every LSTM built that its orthogonal initializer is slow: not a result. Runs `f` without that warning. */
export async function withoutOrthogonalWarning(f) {
  const warn = console.warn;
  console.warn = (...a) => (String(a[0]).startsWith("Orthogonal initializer") ? undefined : warn(...a));
  try {
    return await f();
  } finally {
    console.warn = warn;
  }
}
