// A benchmark's child process: run it to the end, time it, and read the one JSON line it prints (the
// peers' bench.py and regc-run.mjs both end with one). Children run one at a time: never two timings at once.
import { spawn } from "node:child_process";
import { root } from "./workloads.mjs";

/** Runs `cmd args`; resolves to { json (the last stdout line that parses, or null), stdout, stderr, ms, code }. */
export function runChild(cmd, args, { env = {}, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - t0;
      let json = null;
      for (const line of stdout.trim().split("\n").reverse()) {
        try {
          json = JSON.parse(line);
          break;
        } catch {
          // not the result line
        }
      }
      resolve({ json, stdout, stderr, ms, code });
    });
  });
}

/** As runChild, but a non-zero exit or no JSON line is an error that quotes the end of stderr. */
export async function runJson(cmd, args, opts) {
  const r = await runChild(cmd, args, opts);
  if (r.code !== 0 || r.json === null) {
    const tail = r.stderr.trim().split("\n").slice(-8).join("\n");
    throw new Error(`${[cmd, ...args].join(" ")} exited ${r.code}${r.json === null ? " without a JSON line" : ""}:\n${tail}`);
  }
  return r;
}
