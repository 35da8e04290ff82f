// Runs a Python driver in the Keras oracle's venv (tools/keras-oracle), with run.sh's environment.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers.js";

export const VENV = process.env.KERAS_ORACLE_VENV ?? join(homedir(), ".cache", "keras-oracle", "venv");

/** Runs test/interop/SCRIPT with INPUT on stdin; gives back its one JSON line, parsed. */
export function runDriver<T>(script: string, input: unknown, backend: "numpy" | "jax"): T {
  const python = join(VENV, "bin", "python");
  if (!existsSync(python)) throw new Error(`the Keras oracle is not set up (no ${python}): run bash tools/keras-oracle/setup.sh`);
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete env.PYTHONPATH;
  Object.assign(env, {
    KERAS_BACKEND: backend,
    KERAS_HOME: join(VENV, ".keras"),
    TF_CPP_MIN_LOG_LEVEL: "3",
    JAX_PLATFORMS: "cpu",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONNOUSERSITE: "1",
  });
  const r = spawnSync(python, [join(ROOT, "test", "interop", script)], {
    input: JSON.stringify(input),
    encoding: "utf8",
    env,
    maxBuffer: 1 << 28,
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status ?? r.signal}):\n${r.stderr.slice(-4000)}`);
  return JSON.parse(r.stdout) as T;
}
