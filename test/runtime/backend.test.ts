// The backend choice, through the bundle programs import (dist/runtime.mjs, built by the global setup):
// tfjs-node is not installed here, so the guarded import falls through to WebAssembly, whose .wasm
// files load from the package's dist/ folder; the choice is printed on stderr.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

function node(code: string) {
  const url = pathToFileURL(join(ROOT, "dist", "runtime.mjs")).href;
  return spawnSync(process.execPath, ["--input-type=module", "-e", `const rt = await import(${JSON.stringify(url)});\n${code}`], { encoding: "utf8", cwd: ROOT });
}

describe("setupBackend (dist/runtime.mjs)", () => {
  it("chooses wasm when tfjs-node is absent, prints it on stderr, and trains on it", () => {
    const r = node(`const name = await rt.setupBackend();
      const t = rt.tf.tensor([1, 2, 3]);
      const g = rt.tf.grad((x) => rt.tf.sum(rt.tf.square(x)))(t);
      console.log(name, rt.tf.getBackend(), Array.from(g.dataSync()).join(","));`);
    expect(r.stderr).toBe("backend: wasm\n");
    expect(r.stdout).toBe("wasm wasm 2,4,6\n");
    expect(r.status).toBe(0);
  });

  it("uses cpu when asked, and prints nothing with a silent log", () => {
    const r = node(`console.log(await rt.setupBackend({ backend: "cpu", log: () => {} }));`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("cpu\n");
  });

  it("a program's bad option is one line on stderr and exit status 2, never a stack trace", () => {
    const r = node(`await rt.runCli(async () => { throw new Error("not reached"); }, ["--epochs", "-3"]);`);
    expect(r.stderr).toBe("error[REG0606]: --epochs needs a whole number, got '-3' (options: --epochs N  --seed S  --out DIR  --json  --quiet  --backend tensorflow|wasm|cpu  --report DIR)\n");
    expect(r.status).toBe(2);
  });
});
