// W1-W4 against the peers: regc on each backend (native, wasm) and the best peer of each workload, full
// WORKLOADS.md sizes, each run its own process, interleaved (the order rotates every round) so that the
// shared machine's load falls on all alike. Each figure is the median over the rounds.
import { loadavg } from "node:os";
import { join } from "node:path";
import { runJson } from "./child.mjs";
import { PEER_NAMES, runPeer } from "./peers.mjs";
import { WORKLOADS, median, root } from "./workloads.mjs";

export const REGC_BACKENDS = ["native", "wasm"];

/** The peer each workload is compared with (WORKLOADS.md: the best one here), and the others --all-peers adds. */
export const REFERENCE_PEER = { W1: "torch", W2: "keras-jax", W3: "keras-tf", W4: "keras-jax", W5: "keras-jax" };
const ALL_PEERS = ["keras-jax", "keras-tf", "torch"];

/**
 * Runs W1-W4 (or `only`). Returns { results: { [workload]: { [side]: Figure } }, unavailable: { [backend]: why } }
 * where a side is "regc native", "regc wasm" or a peer's framework, and a Figure is
 * { ms (median ms/epoch), runs, rss_mb (median peak RSS), steady_ms?, test_acc? }.
 */
export async function runVersusBench({ quick, only, allPeers, ready, programs, unavailable = {}, log = console.log }) {
  const rounds = quick ? 1 : 3;
  const results = {};
  for (const id of Object.keys(WORKLOADS).filter((x) => !only || only.includes(x))) {
    const w = WORKLOADS[id];
    const epochs = id === "W1" && quick ? 400 : w.epochs;
    const peers = (allPeers ? ALL_PEERS : [REFERENCE_PEER[id], ...(id === "W1" ? ["keras-jax"] : [])]).filter((p) => ready.has(p));
    // W3 on wasm takes minutes per run and has no target: one run.
    const sides = [...peers.map((p) => ({ side: p, runs: rounds })), ...REGC_BACKENDS.map((b) => ({ side: `regc ${b}`, backend: b, runs: id === "W3" && b === "wasm" ? 1 : rounds }))];
    log(`\n${id}: ${w.rows ? `${w.rows} samples, ` : ""}${epochs} epochs, batch ${w.batch}; ${rounds} round${rounds > 1 ? "s" : ""}, interleaved (load ${loadavg()[0].toFixed(1)})`);
    const got = Object.fromEntries(sides.map((s) => [s.side, []]));
    for (let r = 0; r < rounds; r++) {
      const order = sides.map((_, i) => sides[(i + r) % sides.length]);
      for (const s of order) {
        if (got[s.side].length >= s.runs || (s.backend && unavailable[s.backend])) continue;
        const res = s.backend ? await runRegc(id, s.backend, programs[id], { epochs }) : await runPeer(s.side, id, { epochs: epochs === w.epochs ? null : epochs });
        if (res.unavailable) {
          unavailable[s.backend] = res.unavailable;
          log(`  ${res.unavailable}`);
          continue;
        }
        got[s.side].push(res);
        log(`  ${s.side.padEnd(11)} ${fmtMs(res.ms_per_epoch)} ms/epoch${res.max_rss_mb ? `, peak ${Math.round(res.max_rss_mb)} MB` : ""}`);
      }
    }
    results[id] = {};
    for (const [side, runs] of Object.entries(got)) {
      if (!runs.length) continue;
      results[id][side] = {
        ms: median(runs.map((x) => x.ms_per_epoch)),
        runs: runs.length,
        rss_mb: median(runs.map((x) => x.max_rss_mb)),
        ...(id === "W1" ? { steady_ms: median(runs.map((x) => x.steady_ms_per_epoch)), test_acc: runs[0].test_acc, train_acc: runs[0].train_acc } : {}),
      };
    }
    printWorkload(id, results[id], log);
  }
  return { results, unavailable };
}

/** The peer a workload's regc figures are read against: its reference peer, else the fastest measured. */
export function comparisonPeer(id, figures) {
  const ref = REFERENCE_PEER[id];
  if (figures[ref]) return ref;
  const peers = Object.keys(figures).filter((s) => !s.startsWith("regc "));
  return peers.sort((a, b) => figures[a].ms - figures[b].ms)[0] ?? null;
}

function printWorkload(id, figures, log) {
  const peer = comparisonPeer(id, figures);
  log(`${id} (medians):`);
  console.table(
    Object.entries(figures).map(([side, f]) => ({
      who: side.startsWith("regc ") ? side : PEER_NAMES[side],
      "ms/epoch": fmtMs(f.ms),
      ...(id === "W1" ? { "steady ms/epoch": fmtMs(f.steady_ms), "test acc": f.test_acc?.toFixed(3) ?? "" } : {}),
      runs: f.runs,
      "peak MB": f.rss_mb ? Math.round(f.rss_mb) : "",
      [`x ${peer ? PEER_NAMES[peer] : "peer"}`]: peer && side.startsWith("regc ") ? (f.ms / figures[peer].ms).toFixed(2) : "",
    })),
  );
}

/** One regc run in its own process (bench/regc-run.mjs): its JSON line. */
export async function runRegc(id, backend, program, { epochs = null, profile = false } = {}) {
  const args = [join(root, "bench/regc-run.mjs"), "--workload", id, "--backend", backend, "--program", program];
  if (epochs !== null) args.push("--epochs", String(epochs));
  if (profile) args.push("--profile");
  return (await runJson(process.execPath, args)).json;
}

export const fmtMs = (x) => (typeof x !== "number" || !Number.isFinite(x) ? "" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
