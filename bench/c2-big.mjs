// C2: a generated spec of 10,000 layers: check, then build both targets. Wall seconds and peak memory
// (max RSS) of each command, run as users run them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function measure(args, cwd) {
  // /usr/bin/time is not everywhere; node reports its own peak memory through a tiny wrapper.
  const wrapper = `const {spawnSync}=require("node:child_process");const t=process.hrtime.bigint();const r=spawnSync(${JSON.stringify(root + "bin/regc")},${JSON.stringify(args)},{cwd:${JSON.stringify(cwd)},stdio:"ignore"});const s=Number(process.hrtime.bigint()-t)/1e9;console.log(JSON.stringify({status:r.status,seconds:s}))`;
  const r = spawnSync("bash", ["-c", `command -v /usr/bin/time >/dev/null && /usr/bin/time -f '%M' node -e '${wrapper.replace(/'/g, "'\\''")}' 2>&1 || node -e '${wrapper.replace(/'/g, "'\\''")}'`], { encoding: "utf8" });
  const lines = r.stdout.trim().split("\n");
  const result = JSON.parse(lines.find((l) => l.startsWith("{")));
  const kb = Number(lines.find((l) => /^\d+$/.test(l)));
  return { ...result, peak_mb: Number.isFinite(kb) && kb > 0 ? kb / 1024 : null };
}

export async function runBigBench() {
  const dir = mkdtempSync(join(tmpdir(), "regc-c2-"));
  const layers = Array.from({ length: 10_000 }, (_, i) => (i % 10 === 9 ? "  Dropout(0.1)" : `  Dense(${16 + (i % 5)}, activation: relu) {\n    kernel: l2(1e-4)\n  }`));
  writeFileSync(join(dir, "big.reg"), `model Big {\n  input [16]\n${layers.join("\n")}\n  Dense(1)\n}\n\ntrain {\n  data: moons(samples: 100, noise: 0.2, seed: 1)\n  loss: mean_squared_error\n  optimizer: adam(learning_rate: 1e-3)\n  epochs: 1\n}\n`);
  const rows = [];
  for (const [what, args] of [
    ["check", ["check", "big.reg"]],
    ["build --target keras", ["build", "big.reg", "--target", "keras"]],
    ["build --target tfjs", ["build", "big.reg", "--target", "tfjs"]],
  ]) {
    const m = measure(args, dir);
    rows.push({ id: "C2", what: `10,000 layers: ${what}`, seconds: m.seconds, peak_mb: m.peak_mb, ok: m.status === 0 });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await runBigBench());
}
