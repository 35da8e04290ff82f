// W5 of WORKLOADS.md: the lambda grid (specs/moons-grid.reg: 6 lambdas x 3 seeds = 18 trials of the W1
// model, 4000 epochs) with `regc sweep` on each backend, against Keras 3 on JAX running the same 18 trials
// (bench/peers/bench.py --workload W5), in the same run. Target: at most 0.25x Keras/JAX's wall time.
// regc's figure is the whole command's wall time (start-up included); the peer's is bench.py's wall_s,
// which leaves out its imports (~5 s): the comparison is conservative for regc.
// Also prints each lambda's mean test accuracy beside the published ones (which hold at 4000 epochs only),
// and, as a check of the batched sweep's own cost, the sweep against one W1 trial (`regc train
// specs/moons-l2.reg`, before and after it) on the default backend (target at most 3x).
//
// Epochs: 4000; `--quick` 400; REGC_W5_EPOCHS=N chooses.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild, runJson } from "./child.mjs";
import { PEER_NAMES, runPeer } from "./peers.mjs";
import { REGC_BACKENDS, fmtMs } from "./versus.mjs";
import { BACKENDS, root } from "./workloads.mjs";

const PUBLISHED = { 0.1: 0.829, 0.01: 0.943, 0.001: 0.943, 0.0001: 0.929, 0.00001: 0.929, 0.000001: 0.914 };
const regc = join(root, "bin/regc");

export async function runSweepBench({ quick = false, ready, allPeers = false, unavailable = {}, log = console.log }) {
  const epochs = Number(process.env.REGC_W5_EPOCHS ?? (quick ? 400 : 4000));
  if (!(Number.isInteger(epochs) && epochs >= 1)) throw new Error(`REGC_W5_EPOCHS must be a whole number >= 1, not ${process.env.REGC_W5_EPOCHS}`);
  const dir = mkdtempSync(join(tmpdir(), "regc-bench-w5-"));
  const figures = {};
  const accuracies = {};
  try {
    log(`\nW5: the lambda grid, 18 trials x ${epochs} epochs: regc sweep specs/moons-grid.reg on each backend vs the peers' same 18 trials`);
    const trial = async (name) => {
      const r = await runJson(regc, ["train", "specs/moons-l2.reg", "--epochs", String(epochs), "--json", "--out", join(dir, name)]);
      return { ms: r.ms, backend: r.json.backend };
    };
    const before = await trial("w1a");
    for (const p of (allPeers ? ["keras-jax", "torch"] : ["keras-jax"]).filter((x) => ready.has(x))) {
      const r = await runPeer(p, "W5", { epochs: epochs === 4000 ? null : epochs });
      figures[p] = { ms: r.wall_s_extrapolated * 1000, runs: 1, note: r.complete ? "" : `${r.trials_done} of 18 trials, extrapolated` };
      accuracies[PEER_NAMES[p]] = Object.fromEntries(Object.entries(r.per_lambda).map(([k, v]) => [Number(k), v.test_acc]));
      log(`  ${PEER_NAMES[p]}: ${r.wall_s.toFixed(1)} s${figures[p].note ? ` (${figures[p].note})` : ""}`);
    }
    const sweeps = {};
    for (const b of REGC_BACKENDS.filter((x) => !unavailable[x])) {
      const out = join(dir, `w5-${b}`);
      // Without --json, which silences the "backend: NAME" line that says where it ran.
      const r = await runChild(regc, ["sweep", "specs/moons-grid.reg", "--epochs", String(epochs), "--out", out], { env: { REGC_BACKEND: b } });
      const cannot = /(the \w+ backend cannot be used.*)$/m.exec(r.stderr)?.[1];
      if (r.code !== 0 && !cannot) throw new Error(`regc sweep (${b}) exited ${r.code}:\n${r.stderr.trim().split("\n").slice(-8).join("\n")}`);
      // "backend: tensorflow 2.21.0 (native)", or an older runtime's "backend: wasm".
      const line = /^backend: (\S+).*?(?:\((\w+)\))?$/m.exec(r.stderr);
      const ran = line?.[2] ?? line?.[1];
      if (cannot || (ran !== b && ran !== BACKENDS[b])) {
        unavailable[b] = `${b}: ${cannot ?? `not installed (regc runs on ${ran ?? "an unnamed backend"} here)`}`;
        log(`  ${unavailable[b]}`);
        continue;
      }
      const result = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8"));
      sweeps[BACKENDS[b]] = r.ms;
      figures[`regc ${b}`] = { ms: r.ms, runs: 1, note: result.mode };
      accuracies[`regc ${b}`] = Object.fromEntries(result.points.map((p) => [p.value, p.test_mean]));
      log(`  regc ${b}: ${(r.ms / 1000).toFixed(1)} s (${result.mode})`);
    }
    const after = await trial("w1b");
    console.table(
      Object.keys(PUBLISHED).map((lambda) => ({
        lambda: Number(lambda),
        published: PUBLISHED[lambda].toFixed(3),
        ...Object.fromEntries(Object.entries(accuracies).map(([who, acc]) => [`${who} test`, acc[lambda]?.toFixed(3) ?? ""])),
      })),
    );
    const oneTrial = (before.ms + after.ms) / 2;
    const ownSweep = sweeps[before.backend];
    const selfCheck = ownSweep === undefined ? null : { id: "W5t", what: `regc sweep (18 trials, ${epochs} epochs) vs one W1 trial (regc train), wall time [${before.backend}]`, ours_ms: ownSweep, baseline_ms: oneTrial, ratio: ownSweep / oneTrial, target: 3 };
    if (selfCheck) log(`  one W1 trial (regc train, ${before.backend}): ${fmtMs(before.ms)} and ${fmtMs(after.ms)} ms`);
    return { epochs, figures, selfCheck };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
