// C1: `regc check specs/*.reg` in a cold process, against `node -e 0` measured in the same run,
// interleaved so machine noise hits both alike. Reports medians and their ratio (target <= 1.3).
//
// bin/regc unsets NODE_EXTRA_CA_CERTS for check and fmt (they open no connection), and node 20 loads its
// whole CA store at start-up when that variable is set. So when it is set, C1 (the environment as the user
// has it) is followed by C1o, the same measurement with the variable unset on both sides: regc's own
// start-up and work against node's bare start-up. C1o has no target of its own; it is there so the
// saving is not mistaken for regc being faster than node.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function time(cmd, args, env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "ignore", env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(specs, runs, env) {
  const ours = [];
  const base = [];
  for (let i = 0; i < 3; i++) time(root + "bin/regc", ["check", ...specs], env); // warm the file cache
  for (let i = 0; i < runs; i++) {
    base.push(time(process.execPath, ["-e", "0"], env));
    ours.push(time(root + "bin/regc", ["check", ...specs], env));
  }
  return { o: median(ours), b: median(base) };
}

export async function runCheckBench({ runs = 21 } = {}) {
  const specs = readdirSync(root + "specs").filter((f) => f.endsWith(".reg")).map((f) => `specs/${f}`);
  const what = `regc check (${specs.length} specs) vs node -e 0`;
  const results = [];
  const asIs = measure(specs, runs, process.env);
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined;
  results.push({ id: "C1", what: extraCerts ? `${what} (NODE_EXTRA_CA_CERTS set, as here)` : what, ours_ms: asIs.o, baseline_ms: asIs.b, ratio: asIs.o / asIs.b, target: 1.3 });
  if (extraCerts) {
    const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env;
    const bare = measure(specs, runs, env);
    results.push({ id: "C1o", what: `${what}, NODE_EXTRA_CA_CERTS unset for both (no target)`, ours_ms: bare.o, baseline_ms: bare.b, ratio: bare.o / bare.b, target: undefined });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await runCheckBench());
}
