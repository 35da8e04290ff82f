// C1: `regc check specs/*.reg` in a cold process, against `node -e 0` measured in the same run,
// interleaved so machine noise hits both alike. Reports medians and their ratio (target <= 1.3).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function time(cmd, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "ignore" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runCheckBench({ runs = 21 } = {}) {
  const specs = readdirSync(root + "specs").filter((f) => f.endsWith(".reg")).map((f) => `specs/${f}`);
  const ours = [];
  const base = [];
  for (let i = 0; i < 3; i++) time(root + "bin/regc", ["check", ...specs]); // warm the file cache
  for (let i = 0; i < runs; i++) {
    base.push(time(process.execPath, ["-e", "0"]));
    ours.push(time(root + "bin/regc", ["check", ...specs]));
  }
  const o = median(ours);
  const b = median(base);
  return [{ id: "C1", what: `regc check (${specs.length} specs) vs node -e 0`, ours_ms: o, baseline_ms: b, ratio: o / b, target: 1.3 }];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await runCheckBench());
}
