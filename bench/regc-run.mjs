// One regc training run of one workload on one backend, in its own process (as bench/peers/bench.py is for
// a peer), printing one JSON line: the epochs' ms, WORKLOADS.md's ms/epoch figure, the backend regc ran on
// and the process's peak RSS. Only training is timed (not imports, data or model building).
//   node bench/regc-run.mjs --workload W1..W4 --backend native|wasm|cpu --program PROGRAM.train.mjs [--epochs N] [--profile]
// The backend is asked for as regc's users ask, with REGC_BACKEND; when it cannot load (an error, or
// another backend), the line says {"unavailable": "..."} instead of timing another backend.
// --profile: instead of timing, some training steps after as many for warm-up, under tf.profile: the kernels
// that took the time and how much of the wall time was outside kernels (the loop's and tfjs's own cost).
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BACKENDS, WORKLOADS, median, randomData, regcEpochs, withoutOrthogonalWarning } from "./workloads.mjs";

const { values: a } = parseArgs({ options: { workload: { type: "string" }, backend: { type: "string" }, program: { type: "string" }, epochs: { type: "string" }, profile: { type: "boolean" } } });
const w = WORKLOADS[a.workload];
const tfjsName = BACKENDS[a.backend];
if (!w || !tfjsName || !a.program) {
  process.stderr.write("usage: node bench/regc-run.mjs --workload W1..W4 --backend native|wasm|cpu --program FILE [--epochs N] [--profile]\n");
  process.exit(2);
}
const out = (o) => process.stdout.write(`${JSON.stringify({ workload: a.workload, backend: a.backend, ...o })}\n`);

process.env.REGC_BACKEND = a.backend;
process.env.TF_CPP_MIN_LOG_LEVEL ??= "2";
const rt = await import("regc/runtime");
const { tf } = rt;
let line = "";
try {
  await rt.setupBackend({ log: (s) => (line = s) });
} catch (e) {
  out({ unavailable: `${a.backend}: ${String(e?.message ?? e).split("\n")[0]}` });
  process.exit(0);
}
if (tf.getBackend() !== tfjsName) {
  out({ unavailable: `${a.backend}: not installed (regc runs on ${tf.getBackend()} here)` });
  process.exit(0);
}

const program = await import(pathToFileURL(a.program).href);
if (program.spec.train.batch_size !== w.batch) throw new Error(`${a.workload}: ${a.program}'s batch size is ${program.spec.train.batch_size}, not ${w.batch}`);
const ds = w.rows ? { train: randomData(w.rows, w.shape, w.target, 1234), test: null } : rt.loadData(program.spec.train.data, program.spec.train.split);
const epochs = a.epochs ? Number(a.epochs) : w.epochs;
const PROFILE_STEPS = w.rows ? 8 : 100;
await withoutOrthogonalWarning(async () => {
  if (a.profile) {
    out({ backend_line: line, profile: await profile() });
    return;
  }
  const { epochMs, fitMs, model } = await regcEpochs(rt, program, ds.train, { epochs });
  const result = { backend_line: line, epochs, epoch_ms: epochMs.map((t) => Math.round(t * 100) / 100), fit_s: fitMs / 1000, ms_per_epoch: w.figure(epochMs, fitMs) };
  if (a.workload === "W1") {
    // Accuracies after training, untimed, as the peers report them.
    result.steady_ms_per_epoch = median(epochMs.slice(1));
    result.train_acc = rt.evaluate(model, ds.train, { loss: program.spec.train.loss, metrics: ["accuracy"] }).accuracy;
    result.test_acc = ds.test ? rt.evaluate(model, ds.test, { loss: program.spec.train.loss, metrics: ["accuracy"] }).accuracy : null;
  }
  model.dispose();
  result.max_rss_mb = Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
  out(result);
});

/**
 * After a warm-up, PROFILE_STEPS training steps under tf.profile (W1: 100 epochs of its one step; W2-W4: one
 * epoch of the first PROFILE_STEPS batches, as tf.profile cannot hold a whole epoch's kernels): total ms per
 * kernel, and the wall time outside kernels.
 */
async function profile() {
  const subset = w.rows ? { ...ds.train, rows: PROFILE_STEPS * w.batch, x: ds.train.x.subarray(0, PROFILE_STEPS * w.batch * ds.train.x.length / w.rows), y: ds.train.y.subarray(0, PROFILE_STEPS * w.batch) } : ds.train;
  const n = w.rows ? 1 : PROFILE_STEPS;
  (await regcEpochs(rt, program, subset, { epochs: n })).model.dispose();
  let wall = 0;
  const info = await tf.profile(async () => {
    const t0 = performance.now();
    const { model } = await regcEpochs(rt, program, subset, { epochs: n });
    wall = performance.now() - t0;
    model.dispose();
  });
  const byKernel = new Map();
  // Only the backend's kernels: an op with a custom gradient is recorded too, around the kernels it runs.
  for (const k of info.kernels.filter((x) => tf.getKernel(x.name, tf.getBackend()))) {
    const ms = typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    const e = byKernel.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    e.calls++;
    e.ms += ms;
    byKernel.set(k.name, e);
  }
  const kernels = [...byKernel.values()].sort((x, y) => y.ms - x.ms);
  const inKernels = kernels.reduce((s, k) => s + k.ms, 0);
  return { steps: PROFILE_STEPS, wall_ms: wall, kernel_ms: inKernels, outside_kernels_ms: wall - inKernels, top: kernels.slice(0, 8).map((k) => ({ ...k, ms: Math.round(k.ms * 10) / 10 })) };
}
