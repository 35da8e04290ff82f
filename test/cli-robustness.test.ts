// The CLI on hostile input and hostile surroundings: names that are Object.prototype's own keys
// (`__proto__`, `constructor`, ...) used as schedule, param, layer, loss and optimizer names, and
// output into a pipe whose reader has gone (`regc schema | head -1`). Never an internal error (exit 70)
// or a stack trace.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, regc, tempDir } from "./helpers.js";

const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"];
const STACK = /\bat .*\.(m?js|cjs|ts):\d+|node:internal|internal error/;

const MODEL = (hidden: string, extra = "") =>
  `${extra}model M {\n  input [2]\n  ${hidden}\n  Dense(1, activation: sigmoid)\n}\n\n` +
  "train {\n  data: moons(samples: 40, noise: 0.2, seed: 1)\n  split: 10\n  loss: binary_crossentropy\n  optimizer: adam(learning_rate: 1e-3)\n  metrics: [accuracy]\n  epochs: 3\n  batch_size: 8\n}\n";

/** Specs that use NAME where a spec may name things: all of them are valid. */
function validSpecs(name: string): Record<string, string> {
  return {
    schedule: MODEL(`Dense(4) {\n    kernel: l2(${name})\n  }`, `schedule ${name} = constant(1e-3)\n\n`),
    param: MODEL(`Dense(4) {\n    kernel: l2(${name})\n  }`, `param ${name} = 1e-3\n\n`),
    sweep: MODEL(`Dense(4) {\n    kernel: l2(${name})\n  }`, `param ${name} = 1e-3\nsweep ${name} over [1e-2, 1e-3]\n\n`),
    layer: MODEL(`Dense ${name}(4) {\n    kernel: l2(1e-3)\n  }`),
  };
}

describe("names that are Object.prototype's keys", () => {
  for (const name of NAMES) {
    it(`'${name}' as a schedule, param, swept param and layer name: check and both build targets succeed`, () => {
      const dir = tempDir();
      for (const [what, source] of Object.entries(validSpecs(name))) {
        const file = join(dir, `${what}.reg`);
        writeFileSync(file, source);
        const check = regc(["check", "--format", "json", file]);
        expect(check.stderr, `${what}: ${check.stdout}`).not.toMatch(STACK);
        expect(check.status, `${what}: ${check.stdout}`).toBe(0);
        for (const target of ["keras", "tfjs"]) {
          const out = join(dir, `${what}-${target}`);
          const b = regc(["build", file, "--target", target, "-o", out]);
          expect(b.stderr, `${what} --target ${target}`).not.toMatch(STACK);
          expect(b.status, `${what} --target ${target}: ${b.stderr}`).toBe(0);
          const written = readdirSync(out).filter((f) => f.endsWith(target === "keras" ? ".keras.json" : ".train.mjs"));
          expect(written.length, `${what} --target ${target}`).toBe(what === "sweep" ? 2 : 1);
          const text = readFileSync(join(out, written[0]!), "utf8");
          if (what === "layer") expect(text).toContain(`"${name}"`);
          // The named schedule reaches the program's spec as an own key: a computed ["__proto__"] key
          // (a plain "__proto__": would set the object's prototype instead).
          if (what === "schedule" && target === "tfjs") {
            expect(text).toMatch(name === "__proto__" ? /\["__proto__"\]: \{ kind: "constant"/ : new RegExp(`\\b${name}: \\{ kind: "constant"`));
          }
        }
      }
    });
  }

  it("as a layer class, a default's class, an argument, a loss and an optimizer: positioned errors (exit 1)", () => {
    const dir = tempDir();
    for (const name of NAMES) {
      const file = join(dir, `bad-${name}.reg`);
      writeFileSync(
        file,
        `regularize {\n  ${name}.kernel: l2(1e-3)\n}\n\nmodel M {\n  input [2]\n  ${name}(4)\n  Dense(4, ${name}: 3)\n  Dense(1, activation: sigmoid)\n}\n\n` +
          `train {\n  data: moons(samples: 40, noise: 0.2, seed: 1)\n  split: 10\n  loss: ${name}\n  optimizer: ${name}(learning_rate: 1e-3)\n  metrics: [accuracy]\n  epochs: 3\n  batch_size: 8\n}\n`,
      );
      const col = (line: number, text: string) => `bad-${name}.reg:${line}:${text}`;
      const base = `bad-${name}.reg`;
      const r = regc(["check", base], { cwd: dir });
      expect(r.stderr, name).not.toMatch(STACK);
      expect(r.status, name).toBe(1);
      expect(r.stdout).toContain(`${col(2, "3")}: error[REG0200]: unknown layer '${name}'`);
      expect(r.stdout).toContain(`${col(7, "3")}: error[REG0200]: unknown layer '${name}'`);
      expect(r.stdout).toContain(`${col(8, "12")}: error[REG0201]: Dense has no argument '${name}'`);
      expect(r.stdout).toContain(`${col(15, "9")}: error[REG0503]: unknown loss '${name}'`);
      expect(r.stdout).toContain(`${col(16, "14")}: error[REG0504]: unknown optimizer '${name}'`);
      for (const target of ["keras", "tfjs"]) {
        const b = regc(["build", base, "--target", target], { cwd: dir });
        expect(b.stderr, `${name} --target ${target}`).not.toMatch(STACK);
        expect(b.status, `${name} --target ${target}`).toBe(1);
        expect(b.stdout + b.stderr).toContain(`${col(15, "9")}: error[REG0503]: unknown loss '${name}'`);
      }
    }
  });
});

/** `regc ARGS | READER` through a real shell: regc's exit status (PIPESTATUS) and what it wrote to stderr. */
function piped(args: string, reader: string, env: Record<string, string> = {}): { status: number; stderr: string; out: string } {
  const r = spawnSync("bash", ["-c", `"$REGC" ${args} ${reader}; echo "status=\${PIPESTATUS[0]}" >&2`], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", REGC: join(ROOT, "bin/regc"), ...env },
  });
  const m = /status=(\d+)\n$/.exec(r.stderr);
  return { status: m ? Number(m[1]) : -1, stderr: r.stderr.replace(/status=\d+\n$/, ""), out: r.stdout };
}

describe("output into a closed pipe", () => {
  const commands = ["train --help", "schema", "--help", "check --format json specs/*.reg", "summary specs/mnist-cnn.reg", "fmt - < specs/lstm.reg"];

  it("stops quietly with status 0 when the reader has already gone (`| true`), with and without the snapshot", () => {
    for (const env of [{}, { REGC_NO_SNAPSHOT: "1" }] as Record<string, string>[]) {
      for (const c of commands) {
        const r = piped(c, "| true", env);
        expect(r.stderr, `${c} ${JSON.stringify(env)}`).toBe("");
        expect(r.status, c).toBe(0);
      }
    }
  });

  it("as the review's examples: `| head -1` and `| head -c 10` print their part, no stack trace", () => {
    const help = piped("train --help", "| head -1");
    expect(help.out).toBe("Usage: regc train [options] <file>\n");
    expect(help.stderr).toBe("");
    expect(help.status).toBe(0);
    expect(piped("schema", "| head -1")).toEqual({ status: 0, stderr: "", out: "{\n" });
    const json = piped("check --format json specs/*.reg", "| head -c 10");
    expect(json.out).toHaveLength(10);
    expect(json.stderr).not.toMatch(STACK);
    expect(json.status).toBe(0);
  });

  it("keeps a status already decided: errors found before the pipe closed still exit 1; a closed stderr too", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.reg"), "model M {\n  input [2]\n  Dens(4)\n}\n");
    const r = piped(`check ${join(dir, "bad.reg")}`, "| true");
    expect(r.stderr).toBe("1 file checked: 0 ok, 1 error, 0 warnings\n");
    expect(r.status).toBe(1);
    // Standard error into the closed pipe, standard output discarded.
    const e = piped(`check ${join(dir, "bad.reg")}`, "2>&1 >/dev/null | true");
    expect(e.stderr).toBe("");
    expect(e.status).toBe(1);
  });
});

describe("the start-up snapshot when PATH's node is a wrapper script (as in pre-commit's node environment)", () => {
  /** A `node` on PATH that logs its arguments, then runs the real node by the given command line. */
  function wrapper(execLine: string): { dir: string; log: string } {
    const dir = tempDir("regc-wrapper-");
    const log = join(dir, "args.log");
    writeFileSync(join(dir, "node"), `#!/bin/sh\necho "$*" >> '${log}'\n${execLine}\n`, { mode: 0o755 });
    return { dir, log };
  }
  // The node PATH had at build time, then the paths of the binary that built the snapshot.
  const [, real, ...aliases] = readFileSync(join(ROOT, "dist/regc.blob.node"), "utf8").trim().split("\n");
  const BAD = "model M {\n  input [2]\n  Dens(4)\n}\n";

  function viaWrapper(w: { dir: string; log: string }, args: string[], extra: Record<string, string> = {}) {
    return regc(args, { env: { PATH: `${w.dir}:${process.env.PATH}`, ...extra } });
  }

  it("is used when the wrapper runs the node binary that built it, and answers as dist/cli.mjs does", () => {
    expect(real, "dist/regc.blob.node names the node binary that built the snapshot").toMatch(/^\//);
    const dir = tempDir();
    writeFileSync(join(dir, "bad.reg"), BAD);
    const args = ["check", "--format", "json", join(dir, "bad.reg"), "specs/moons.reg"];
    const w = wrapper(`exec "${real}" "$@"`);
    const fast = viaWrapper(w, args);
    const plain = viaWrapper(w, args, { REGC_NO_SNAPSHOT: "1" });
    const [first, second] = readFileSync(w.log, "utf8").trim().split("\n");
    expect(first).toBe(`--snapshot-blob ${join(ROOT, "dist/regc.blob")} ${args.join(" ")}`);
    expect(second).toBe(`${join(ROOT, "dist/cli.mjs")} ${args.join(" ")}`);
    expect(fast.stdout).toBe(plain.stdout);
    expect(JSON.parse(fast.stdout).diagnostics[0].code).toBe("REG0200");
    expect(fast.status).toBe(1);
    expect(plain.status).toBe(1);
    // fmt too; other commands are not in the snapshot.
    viaWrapper(w, ["fmt", "--check", "specs/moons.reg"]);
    viaWrapper(w, ["summary", "specs/moons.reg"]);
    const [, , fmt, summary] = readFileSync(w.log, "utf8").trim().split("\n");
    expect(fmt).toMatch(/^--snapshot-blob .*regc\.blob fmt --check/);
    expect(summary).toMatch(/dist\/cli\.mjs summary/);
  });

  it("is used behind nodeenv's shim (pre-commit's `language: node`), by any name of that binary", () => {
    for (const name of [real!, ...aliases]) {
      // nodeenv's SHIM for a system node, with `which nodejs || which node` written in unquoted.
      const w = wrapper(`export NODE_PATH=/env/lib/node_modules\nexport NPM_CONFIG_PREFIX=/env\nexec ${name} "$@"`);
      writeFileSync(join(w.dir, "node"), readFileSync(join(w.dir, "node"), "utf8").replace("#!/bin/sh", "#!/usr/bin/env bash"));
      const r = viaWrapper(w, ["check", "specs/moons.reg"]);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(w.log, "utf8"), name).toMatch(/^--snapshot-blob /);
    }
  });

  it("is not used when the wrapper does not name that binary (it may run another node)", () => {
    // A path that only starts with the binary's name is another binary.
    const other = wrapper(`[ -n "$NEVER" ] && exec ${real}20 "$@"\nexec "$REAL_NODE" "$@"`);
    expect(viaWrapper(other, ["check", "specs/moons.reg"], { REAL_NODE: process.execPath }).status).toBe(0);
    expect(readFileSync(other.log, "utf8")).toBe(`${join(ROOT, "dist/cli.mjs")} check specs/moons.reg\n`);

    const w = wrapper('exec "$REAL_NODE" "$@"');
    const r = viaWrapper(w, ["check", "specs/moons.reg"], { REAL_NODE: process.execPath });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(w.log, "utf8")).toBe(`${join(ROOT, "dist/cli.mjs")} check specs/moons.reg\n`);
  });
});
