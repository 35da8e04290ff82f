// Shared test helpers: run the real CLI, read specs, make temporary folders.
import { spawnSync } from "node:child_process";
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
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function spec(name: string): string {
  return readFileSync(join(ROOT, "specs", name), "utf8");
}

export function tempDir(prefix = "regc-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
