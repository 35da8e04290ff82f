// The peers: Keras 3 on JAX, Keras 3 on TensorFlow and PyTorch, timed by bench/peers/bench.py (vendored from
// shared/tools/peers) in the venvs that bench/peers/setup.sh makes. Each run is its own process and prints one
// JSON line (ms_per_epoch, epoch_ms, max_rss_mb, W5's wall_s and accuracies).
import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { runJson } from "./child.mjs";
import { root } from "./workloads.mjs";

/** Each framework's venv under the peers' folder (Keras/JAX without TensorFlow: see setup.sh). */
const VENV = { "keras-jax": "jax", torch: "jax", "keras-tf": "tf" };
export const PEER_NAMES = { "keras-jax": "Keras 3 / JAX", "keras-tf": "Keras 3 / TF", torch: "PyTorch" };
const dir = () => process.env.REGC_PEERS_DIR ?? join(homedir(), ".cache", "regc-peers");

/**
 * Makes or checks the venvs (bash bench/peers/setup.sh; instant when they are ready) and returns the
 * frameworks that are ready, with setup's one line per framework for the report.
 */
export function setupPeers() {
  const r = spawnSync("bash", [join(root, "bench/peers/setup.sh")], { encoding: "utf8", env: { ...process.env, REGC_PEERS_DIR: dir() }, stdio: ["ignore", "pipe", "pipe"] });
  const lines = `${r.stdout ?? ""}`.trim().split("\n").filter((l) => l.startsWith("peers: "));
  if (r.status !== 0) lines.push(`peers: none ready (bash bench/peers/setup.sh exited ${r.status}: ${`${r.stderr ?? r.error ?? ""}`.trim().split("\n").at(-1)})`);
  const ready = new Set(lines.map((l) => /^peers: (\S+) ready/.exec(l)?.[1]).filter(Boolean));
  return { ready, lines };
}

/** One run of bench.py: resolves to its JSON line (bench.py's own fields). */
export async function runPeer(framework, workload, { epochs = null } = {}) {
  const python = join(dir(), VENV[framework], "bin", "python");
  const args = [join(root, "bench/peers/bench.py"), "--framework", framework, "--workload", workload];
  if (epochs !== null) args.push("--epochs", String(epochs));
  const { json } = await runJson(python, args, { env: { TF_CPP_MIN_LOG_LEVEL: "2" } });
  return json;
}
