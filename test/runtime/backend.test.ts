// The backend choice, through the bundle programs import (dist/runtime.mjs, built by the global setup),
// in child processes (a process sets its backend once): native (tfjs-node) by default where it is
// installed, else WebAssembly; --backend / REGC_BACKEND ask for one, which must load; the line on
// stderr names the library. Whether tfjs-node is installed is found independently, by requiring it.
import { cpSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers.js";

const require = createRequire(import.meta.url);
const pkgVersion = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

function node(code: string, env: Record<string, string | undefined> = {}, runtime = join(ROOT, "dist", "runtime.mjs")) {
  const url = pathToFileURL(runtime).href;
  const e: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  return spawnSync(process.execPath, ["--input-type=module", "-e", `const rt = await import(${JSON.stringify(url)});\n${code}`], { encoding: "utf8", cwd: ROOT, env: e });
}

/** TensorFlow's version when @tensorflow/tfjs-node loads here (required directly, not through regc), else null. */
function nativeVersion(): string | null {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(require('@tensorflow/tfjs-node').backend().binding.TF_Version)"], { encoding: "utf8", cwd: ROOT, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" } });
  return r.status === 0 ? r.stdout : null;
}

const TRAIN = `const t = rt.tf.tensor([1, 2, 3]);
  const g = rt.tf.grad((x) => rt.tf.sum(rt.tf.square(x)))(t);
  console.log(name, rt.tf.getBackend(), Array.from(g.dataSync()).join(","));`;

describe("setupBackend (dist/runtime.mjs)", () => {
  it("defaults to native (TensorFlow's library) where tfjs-node loads, else wasm, and says which library on stderr, nothing else", () => {
    const version = nativeVersion();
    const r = node(`const name = await rt.setupBackend();\n${TRAIN}`, { REGC_BACKEND: undefined });
    expect(r.status).toBe(0);
    if (version) {
      // TensorFlow's own load notices (oneDNN's) are filtered: the backend line is all of stderr.
      expect(r.stderr).toBe(`backend: tensorflow ${version} (native)\n`);
      expect(r.stdout).toBe("tensorflow tensorflow 2,4,6\n");
    } else {
      expect(r.stderr).toBe(`backend: tfjs-backend-wasm ${pkgVersion("@tensorflow/tfjs-backend-wasm")} (wasm)\n`);
      expect(r.stdout).toBe("wasm wasm 2,4,6\n");
    }
  });

  it("uses wasm when asked (option or REGC_BACKEND), and trains on it", () => {
    const line = `backend: tfjs-backend-wasm ${pkgVersion("@tensorflow/tfjs-backend-wasm")} (wasm)\n`;
    const a = node(`const name = await rt.setupBackend({ backend: "wasm" });\n${TRAIN}`);
    expect([a.stderr, a.stdout, a.status]).toEqual([line, "wasm wasm 2,4,6\n", 0]);
    const b = node(`const name = await rt.setupBackend();\n${TRAIN}`, { REGC_BACKEND: "wasm" });
    expect([b.stderr, b.stdout, b.status]).toEqual([line, "wasm wasm 2,4,6\n", 0]);
  });

  it("uses cpu when asked, and prints nothing with a silent log; the option wins over REGC_BACKEND", () => {
    const r = node(`console.log(await rt.setupBackend({ backend: "cpu", log: () => {} }));`, { REGC_BACKEND: "wasm" });
    expect([r.stderr, r.stdout]).toEqual(["", "cpu\n"]);
    const c = node(`await rt.setupBackend();`, { REGC_BACKEND: "cpu" });
    expect(c.stderr).toBe(`backend: tfjs-backend-cpu ${pkgVersion("@tensorflow/tfjs-core")} (cpu)\n`);
  });

  it("a bad REGC_BACKEND is one line and exit status 2 in a program, never a stack trace", () => {
    const r = node(`await rt.runCli(async () => rt.setupBackend());`, { REGC_BACKEND: "gpu" });
    expect(r.stderr).toBe("error[REG0606]: REGC_BACKEND must be native, wasm or cpu (or unset), got 'gpu'\n");
    expect(r.status).toBe(2);
  });

  it("native asked for without tfjs-node is an error saying so (exit 1); by default the runtime takes wasm", () => {
    // The runtime bundle in a project whose node_modules has everything but @tensorflow/tfjs-node.
    const dir = tempDir("regc-no-native-");
    cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true });
    mkdirSync(join(dir, "node_modules", "@tensorflow"), { recursive: true });
    for (const name of readdirSync(join(ROOT, "node_modules"))) {
      if (name !== "@tensorflow") symlinkSync(join(ROOT, "node_modules", name), join(dir, "node_modules", name));
    }
    for (const name of readdirSync(join(ROOT, "node_modules", "@tensorflow"))) {
      if (name !== "tfjs-node") symlinkSync(join(ROOT, "node_modules", "@tensorflow", name), join(dir, "node_modules", "@tensorflow", name));
    }
    const runtime = join(dir, "dist", "runtime.mjs");
    const asked = node(`await rt.runCli(async () => rt.setupBackend());`, { REGC_BACKEND: "native" }, runtime);
    expect(asked.stderr).toBe("error[REG0611]: the native backend cannot be used: @tensorflow/tfjs-node is not installed (npm ci prints why; see regc's README, \"Install\")\n");
    expect(asked.status).toBe(1);
    const byDefault = node(`console.log(await rt.setupBackend());`, { REGC_BACKEND: undefined }, runtime);
    expect(byDefault.stdout).toBe("wasm\n");
    expect(byDefault.stderr).toMatch(/^backend: tfjs-backend-wasm \S+ \(wasm\)\n$/);
  });

  it("a program's bad option is one line on stderr and exit status 2, never a stack trace", () => {
    const r = node(`await rt.runCli(async () => { throw new Error("not reached"); }, ["--epochs", "-3"]);`);
    expect(r.stderr).toBe("error[REG0606]: --epochs needs a whole number, got '-3' (options: --epochs N  --seed S  --out DIR  --json  --quiet  --backend native|wasm|cpu  --report DIR)\n");
    expect(r.status).toBe(2);
    const b = node(`await rt.runCli(async () => { throw new Error("not reached"); }, ["--backend", "tensorflow"]);`);
    expect(b.stderr).toMatch(/^error\[REG0606\]: --backend must be native, wasm or cpu, got 'tensorflow' \(options: /);
    expect(b.status).toBe(2);
  });
});
