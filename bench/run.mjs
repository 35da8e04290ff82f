// `npm run bench`: every benchmark of ../shared/bench/WORKLOADS.md that regc has, each reported as a
// ratio against a comparison measured in the same run. `npm run bench -- --quick` shortens the runs.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCheckBench } from "./c1-check.mjs";
import { runBigBench } from "./c2-big.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const quick = process.argv.includes("--quick");
const fmt = (x, d = 1) => (typeof x === "number" ? x.toFixed(d) : x ?? "");

console.log(`regc benchmarks (${quick ? "quick" : "full"}), node ${process.version}, ${new Date().toISOString()}`);
const ratios = [...(await runCheckBench({ runs: quick ? 9 : 21 }))];
for (const extra of ["training.mjs", "w5-sweep.mjs"]) {
  if (!existsSync(here + extra)) continue;
  const mod = await import(here + extra);
  const run = mod.runTrainingBench ?? mod.runSweepBench;
  ratios.push(...(await run({ quick })));
}
console.log("\nRatios (ours / comparison in the same run; lower is better):");
console.table(ratios.map((r) => ({ id: r.id, what: r.what, "ours ms": fmt(r.ours_ms), "comparison ms": fmt(r.baseline_ms), ratio: fmt(r.ratio, 3), target: r.target ?? "", met: r.target === undefined ? "" : r.ratio <= r.target ? "yes" : "NO" })));
console.log("\nC2 (a 10,000-layer spec):");
console.table((await runBigBench()).map((r) => ({ what: r.what, seconds: fmt(r.seconds, 2), "peak MB": fmt(r.peak_mb, 0), ok: r.ok })));
