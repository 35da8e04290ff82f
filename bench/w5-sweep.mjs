// W5 of ../shared/bench/WORKLOADS.md: the lambda grid (specs/moons-grid.reg: 6 lambdas x 3 seeds = 18
// trials of the W1 model) with `regc sweep`, against one W1 trial (`regc train specs/moons-l2.reg`)
// measured in the same run: wall time of each whole command (start-up included on both sides).
// Target: the whole sweep in at most 3x one trial's time. Also prints the sweep's mean test accuracy
// per lambda next to the published table.
//
// Epochs: 4000, the workload's. Quick mode: `npm run bench -- --quick` (400 epochs), or set
// REGC_W5_EPOCHS=N to choose (e.g. REGC_W5_EPOCHS=400 npm run bench). Accuracies match the published
// ones only at 4000 epochs.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const PUBLISHED = { 0.1: 0.829, 0.01: 0.943, 0.001: 0.943, 0.0001: 0.929, 0.00001: 0.929, 0.000001: 0.914 };

function run(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(join(root, "bin/regc"), args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) reject(new Error(`regc ${args.join(" ")} exited ${code}:\n${stderr}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

export async function runSweepBench({ quick = false } = {}) {
  const epochs = Number(process.env.REGC_W5_EPOCHS ?? (quick ? 400 : 4000));
  if (!(Number.isInteger(epochs) && epochs >= 1)) throw new Error(`REGC_W5_EPOCHS must be a whole number >= 1, not ${process.env.REGC_W5_EPOCHS}`);
  const dir = mkdtempSync(join(tmpdir(), "regc-bench-w5-"));
  try {
    console.log(`\nW5: regc sweep specs/moons-grid.reg (18 trials) vs regc train specs/moons-l2.reg (one W1 trial), ${epochs} epochs each`);
    // One trial first, then the sweep, then the trial again: the machine's drift falls on both.
    const a = await run(["train", "specs/moons-l2.reg", "--epochs", String(epochs), "--json", "--out", join(dir, "w1a")]);
    const sweep = await run(["sweep", "specs/moons-grid.reg", "--epochs", String(epochs), "--json", "--out", join(dir, "w5")]);
    const b = await run(["train", "specs/moons-l2.reg", "--epochs", String(epochs), "--json", "--out", join(dir, "w1b")]);
    const trial = (a.ms + b.ms) / 2;
    const result = JSON.parse(readFileSync(join(dir, "w5", "sweep.json"), "utf8"));
    const w1 = JSON.parse(a.stdout);
    console.log(`  one trial: ${(a.ms / 1000).toFixed(1)} s and ${(b.ms / 1000).toFixed(1)} s (W1 test accuracy ${w1.final.test.accuracy.toFixed(3)}); sweep (${result.mode}): ${(sweep.ms / 1000).toFixed(1)} s; ratio ${(sweep.ms / trial).toFixed(2)}`);
    console.table(
      result.points.map((p) => ({
        lambda: p.value,
        "test mean": p.test_mean.toFixed(3),
        "test std": p.test_std.toFixed(3),
        published: PUBLISHED[p.value]?.toFixed(3) ?? "",
        "train mean": p.train_mean.toFixed(3),
        best: p.value === result.best ? "*" : "",
      })),
    );
    return [{ id: "W5", what: `lambda grid, 18 trials x ${epochs} epochs (${result.mode}), wall time vs one W1 trial`, ours_ms: sweep.ms, baseline_ms: trial, ratio: sweep.ms / trial, target: 3 }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await runSweepBench({ quick: process.argv.includes("--quick") }));
}
