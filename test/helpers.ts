// Shared test helpers: run the real CLI, read specs, make temporary folders.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `regc ARGS` exactly as a user does: through bin/regc (which may use the start-up snapshot). */
export function regc(args: string[], opts: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(join(ROOT, "bin", "regc"), args, {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: "utf8",
    env: cliEnv(opts.env),
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `regc ARGS` as regc() runs it, without blocking the test worker: for commands that train. */
export function regcAsync(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return runAsync(join(ROOT, "bin", "regc"), args, { cwd: opts.cwd, env: cliEnv(opts.env) });
}

/** The environment regc runs in under test: no colors, plus the test's own variables. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: "1", ...extra };
}

/**
 * Runs a command without blocking the test worker (trainings, npm and pre-commit take tens of seconds,
 * and a blocked worker cannot answer vitest's heartbeat). `env` is the whole environment.
 */
export function runAsync(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

export function spec(name: string): string {
  return readFileSync(join(ROOT, "specs", name), "utf8");
}

export function tempDir(prefix = "regc-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
