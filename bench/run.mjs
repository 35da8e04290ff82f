// `npm run bench`: regc against the frameworks a user would otherwise pick, on the machine at hand, in one
// run: W1-W4 (bench/versus.mjs) and W5 (bench/w5-sweep.mjs) of WORKLOADS.md at full size, regc on each
// backend (native = tfjs-node, wasm) against Keras 3 on JAX, Keras 3 on TensorFlow and PyTorch
// (bench/peers/, set up by bench/peers/setup.sh from the local pip store when missing), interleaved.
// Then the targets of issue 11 as ratios, a kernel profile of each missed one, and the checks of regc's
// own cost: C1 (start-up), regc's loop against hand-written tfjs (training.mjs), the sweep against one
// trial, and C2 (a 10,000-layer spec).
//   npm run bench [-- --quick] [-- --only W1,W2,W3,W4,W5,C1,own,C2] [-- --all-peers] [-- --no-peers] [-- --profile]
// --quick: a smoke run (one round, W1 and W5 at 400 epochs, no profiles): not for reading targets.
// --all-peers: every installed framework on every workload, not only the reference peer of each.
import { mkdirSync, rmSync } from "node:fs";
import { loadavg, cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runCheckBench } from "./c1-check.mjs";
import { runBigBench } from "./c2-big.mjs";
import { runChild } from "./child.mjs";
import { PEER_NAMES, setupPeers } from "./peers.mjs";
import { runTrainingBench } from "./training.mjs";
import { comparisonPeer, fmtMs, runRegc, runVersusBench } from "./versus.mjs";
import { runSweepBench } from "./w5-sweep.mjs";
import { WORKLOADS, programFor, root } from "./workloads.mjs";

const { values: opt } = parseArgs({ options: { quick: { type: "boolean" }, only: { type: "string" }, "all-peers": { type: "boolean" }, "no-peers": { type: "boolean" }, profile: { type: "boolean" } } });
const quick = Boolean(opt.quick);
const only = opt.only?.split(",") ?? null;
const wants = (x) => !only || only.includes(x);
const fmt = (x, d = 1) => (typeof x === "number" ? x.toFixed(d) : (x ?? ""));
const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");

/**
 * issue 11's targets: regc on `backend` over `peer` (ms/epoch, W5's wall time, or W2's peak RSS), at most `max`.
 * W1's peer is PyTorch, or the fastest peer measured when PyTorch is not installed.
 */
const TARGETS = [
  { id: "W1", backend: "native", peer: "torch", max: 1.5 },
  { id: "W2", backend: "native", peer: "keras-jax", max: 3 },
  { id: "W3", backend: "native", peer: "keras-tf", max: 2 },
  { id: "W4", backend: "native", peer: "keras-jax", max: 3 },
  { id: "W2", backend: "wasm", peer: "keras-jax", max: 10 },
  { id: "W4", backend: "wasm", peer: "keras-jax", max: 10 },
  { id: "W5", backend: "native", peer: "keras-jax", max: 0.25 },
  { id: "W5", backend: "wasm", peer: "keras-jax", max: 0.25 },
  { id: "W2", backend: "native", peer: "keras-jax", max: 1.5, memory: true },
  { id: "W2", backend: "wasm", peer: "keras-jax", max: 1.5, memory: true },
];

console.log(`regc benchmarks (${quick ? "quick: a smoke run, not for reading targets" : "full"}), node ${process.version}, ${cpus().length} cores, load ${load()}, ${new Date().toISOString()}`);
const defaultLine = await runChild(process.execPath, ["--input-type=module", "-e", 'const rt = await import("regc/runtime"); await rt.setupBackend({ log: (s) => console.log(s) });'], { env: { TF_CPP_MIN_LOG_LEVEL: "2" } });
console.log(`regc's default ${defaultLine.stdout.trim() || "backend: (did not start)"}`);
const peers = opt["no-peers"] ? { ready: new Set(), lines: ["peers: none (--no-peers)"] } : setupPeers();
for (const l of peers.lines) console.log(l);

const own = [];
if (wants("C1")) own.push(...(await runCheckBench({ runs: quick ? 9 : 21 })));

const unavailable = {};
const figures = {};
let programs = {};
const dir = join(root, ".tmp", `bench-run-${process.pid}`);
mkdirSync(dir, { recursive: true });
try {
  const ids = Object.keys(WORKLOADS).filter(wants);
  if (ids.length) {
    programs = Object.fromEntries(ids.map((id) => [id, programFor(WORKLOADS[id].spec, dir)]));
    Object.assign(figures, (await runVersusBench({ quick, only: ids, allPeers: opt["all-peers"], ready: peers.ready, programs, unavailable })).results);
  }
  if (wants("W5")) {
    const w5 = await runSweepBench({ quick, ready: peers.ready, allPeers: opt["all-peers"], unavailable });
    figures.W5 = w5.figures;
    if (w5.selfCheck) own.push(w5.selfCheck);
  }

  const rows = TARGETS.filter((t) => figures[t.id]).map((t) => target(t));
  if (rows.length) {
    console.log(`\nTargets (issue 11): regc / the peer, measured in this run; lower is better. Load now ${load()}.`);
    console.table(rows.map(({ t, ...r }) => r));
  }
  const missed = rows.filter((r) => r.met === "NO" && !r.t.memory && r.t.id !== "W5");
  if (missed.length && (!quick || opt.profile)) {
    console.log("\nWhere the time goes in each missed target (tf.profile of training steps after as many for warm-up: W1 100 epochs, W2-W4 8 batches):");
    for (const { t } of missed) {
      const { profile: p } = await runRegc(t.id, t.backend, programs[t.id], { profile: true });
      const top = p.top.map((k) => `${k.kernel} ${fmtMs(k.ms)} ms (${k.calls})`).join(", ");
      console.log(`  ${t.id} on ${t.backend}: ${fmtMs(p.wall_ms)} ms for ${p.steps} steps: ${fmtMs(p.kernel_ms)} ms in kernels, ${fmtMs(p.outside_kernels_ms)} ms outside them (regc's loop and tfjs's dispatch); top kernels (calls): ${top}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (wants("own")) own.push(...(await runTrainingBench({ quick })));
if (wants("own")) own.push(...(await (await import("./lsp.mjs")).runLspBench({ quick }))); // L1: regc lsp's diagnostics after an edit (bench/lsp.mjs)
if (own.length) {
  console.log("\nregc's own cost (ours / a comparison in the same run; lower is better):");
  console.table(own.map((r) => ({ id: r.id, what: r.what, "ours ms": fmt(r.ours_ms), "comparison ms": fmt(r.baseline_ms), ratio: fmt(r.ratio, 3), target: r.target ?? "", met: r.target === undefined ? "" : r.ratio <= r.target ? "yes" : "NO" })));
}
if (wants("C2")) {
  console.log("\nC2 (a 10,000-layer spec):");
  console.table((await runBigBench()).map((r) => ({ what: r.what, seconds: fmt(r.seconds, 2), "peak MB": fmt(r.peak_mb, 0), ok: r.ok })));
}

/** One target's row: the two figures, their ratio and whether it is met, or why it was not measured. */
function target(t) {
  const f = figures[t.id];
  const peer = t.id === "W1" && !f[t.peer] ? comparisonPeer(t.id, f) : t.peer;
  const ours = f[`regc ${t.backend}`];
  const theirs = peer ? f[peer] : undefined;
  const what = t.memory ? `${t.id} peak RSS (MB)` : t.id === "W5" ? "W5 sweep wall (ms)" : `${t.id} ms/epoch`;
  const row = { t, target: `${what}: regc ${t.backend} <= ${t.max}x ${PEER_NAMES[t.peer]}${peer && peer !== t.peer ? ` (not installed: vs ${PEER_NAMES[peer]}, the best available)` : ""}` };
  if (!ours || !theirs) return { ...row, regc: "", peer: "", ratio: "", met: "-", note: !ours ? (unavailable[t.backend] ?? `regc ${t.backend} not measured`) : peers.ready.has(t.peer) ? `${PEER_NAMES[t.peer]} not run` : `${PEER_NAMES[t.peer]} not installed (bash bench/peers/setup.sh)` };
  const [a, b] = t.memory ? [ours.rss_mb, theirs.rss_mb] : [ours.ms, theirs.ms];
  return { ...row, regc: fmtMs(a), peer: fmtMs(b), ratio: (a / b).toFixed(2), met: a / b <= t.max ? "yes" : "NO", note: "" };
}
