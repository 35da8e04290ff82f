// A check of regc's own overhead, not a comparison with the peers (that is bench/versus.mjs): ms per epoch
// of W1-W4's generated programs trained by the runtime's loop against the same models written by hand with
// plain tf.layers + model.fit (bench/baseline.mjs), on the same backend (the default one) in the same
// process, interleaved (target <= 1.05). Plus W1 with its L2 strength as a schedule against the constant
// (target <= 1.03). W2-W4 use a quarter of WORKLOADS.md's samples (an eighth with --quick): ms/epoch scales
// with the sample count on both sides alike, and several interleaved runs of each then fit in minutes.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fitEpochs } from "./baseline.mjs";
import { WORKLOADS, median, programFor, randomData, regcEpochs, root, withoutOrthogonalWarning } from "./workloads.mjs";

export async function runTrainingBench({ quick = false, only = null, reps = null } = {}) {
  return withoutOrthogonalWarning(() => trainingBench({ quick, only, reps }));
}

async function ourEpochs(rt, program, data, epochs) {
  const { epochMs, model } = await regcEpochs(rt, program, data, { epochs });
  model.dispose();
  return epochMs;
}

async function trainingBench({ quick, only, reps }) {
  const rt = await import("regc/runtime");
  const backend = await rt.setupBackend({ log: () => {} });
  const dir = join(root, ".tmp", `bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const results = [];
  try {
    const load = async (spec) => import(pathToFileURL(programFor(spec, dir)).href);
    const w1 = await load(WORKLOADS.W1.spec);
    const moons = rt.loadData(w1.spec.train.data, w1.spec.train.split).train;
    // Short runs, many of them, interleaved: the shared machine's load changes by the minute.
    const w1Epochs = quick ? 100 : 200;
    const w1Reps = quick ? 3 : 7;
    const scale = quick ? 8 : 4;
    const heavyReps = quick ? 2 : 3;
    const heavy = async (id, seed, epochsNote) => {
      const w = WORKLOADS[id];
      const rows = w.rows / scale;
      return { id, what: `ms/epoch of ${rows} samples (WORKLOADS.md: ${w.rows}; ${epochsNote} of ${heavyReps} runs)`, program: await load(w.spec), data: randomData(rows, w.shape, w.target, seed), epochs: w.epochs, pick: (e) => (id === "W2" ? e.slice(1, 3) : [e[1]]), reps: heavyReps };
    };
    const workloads = [
      // W1: 4000 epochs in the workload; fewer here (the per-epoch cost is flat after warm-up).
      { id: "W1", what: `ms/epoch (${w1Reps} runs of ${w1Epochs} epochs; WORKLOADS.md: 4000)`, program: w1, data: moons, epochs: w1Epochs, pick: (e) => [median(e.slice(1))], reps: w1Reps },
      await heavy("W2", 2, "median of epochs 2-3"),
      await heavy("W3", 3, "epoch 2"),
      await heavy("W4", 4, "epoch 2"),
    ];
    for (const w of workloads.filter((x) => !only || only.includes(x.id))) {
      if (reps) w.reps = reps;
      const batchSize = WORKLOADS[w.id].batch;
      if (w.program.spec.train.batch_size !== batchSize) throw new Error(`${w.id}: the spec's batch size is ${w.program.spec.train.batch_size}, not ${batchSize}`);
      const ours = [];
      const base = [];
      for (let r = 0; r < w.reps; r++) {
        // Interleaved, so the machine's noise falls on both alike.
        base.push(...w.pick(await fitEpochs(rt.tf, w.id, w.data, { epochs: w.epochs, batchSize })));
        ours.push(...w.pick(await ourEpochs(rt, w.program, w.data, w.epochs)));
      }
      const o = median(ours);
      const b = median(base);
      results.push({ id: `${w.id}o`, what: `${w.id} ${w.what}: regc vs hand-written tf.layers + model.fit [${backend}]`, ours_ms: o, baseline_ms: b, ratio: o / b, target: 1.05 });
    }
    if (only && !only.includes("W1s")) return results;
    // The schedule's cost: the same W1 with lambda as a (constant-valued) step schedule.
    const scheduled = await load("bench/specs/w1-scheduled.reg");
    const s = [];
    const c = [];
    for (let r = 0; r < w1Reps; r++) {
      c.push(median((await ourEpochs(rt, w1, moons, w1Epochs)).slice(1)));
      s.push(median((await ourEpochs(rt, scheduled, moons, w1Epochs)).slice(1)));
    }
    results.push({ id: "W1s", what: `W1 with a scheduled L2 vs the constant L2, ms/epoch (${w1Reps} runs of ${w1Epochs} epochs) [${backend}]`, ours_ms: median(s), baseline_ms: median(c), ratio: median(s) / median(c), target: 1.03 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

// `node bench/training.mjs [--quick] [--only W1,W2] [--reps N]` runs these alone.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (flag) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : null);
  const rows = await runTrainingBench({ quick: process.argv.includes("--quick"), only: arg("--only")?.split(","), reps: arg("--reps") ? Number(arg("--reps")) : null });
  console.table(rows.map((r) => ({ ...r, ours_ms: r.ours_ms.toFixed(2), baseline_ms: r.baseline_ms.toFixed(2), ratio: r.ratio.toFixed(3), met: r.ratio <= r.target ? "yes" : "NO" })));
}
