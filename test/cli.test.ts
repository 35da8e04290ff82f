// The CLI as users and hooks run it: exit codes, output formats, stdin, bad files, fmt and summary.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, regc, spec, tempDir } from "./helpers.js";
import { compile } from "../src/api.js";
import { toJson } from "../src/diagnostics/index.js";

const SPECS = ["moons.reg", "moons-l2.reg", "moons-grid.reg", "moons-schedule.reg", "regression-l2.reg", "regression-dropout.reg", "mnist-cnn.reg", "lstm.reg", "elastic-net.reg"];
const BAD = "model M {\n  input [2]\n  Dens(4)\n  Dense(2, activation: relux)\n}\n";
const WARN = "model M {\n  input [2]\n  Dense(4) {\n    kernel: l2(0.5)\n  }\n}\n";

describe("regc check", () => {
  it("passes every bundled spec with exit 0", () => {
    const r = regc(["check", ...SPECS.map((s) => `specs/${s}`)]);
    expect(r.stderr).toContain(`${SPECS.length} files checked: ${SPECS.length} ok, 0 errors, 0 warnings`);
    expect(r.status).toBe(0);
  });

  it("exits 1 with positioned diagnostics and a caret for a spec with errors", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.reg"), BAD);
    const r = regc(["check", "bad.reg"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      [
        "bad.reg:3:3: error[REG0200]: unknown layer 'Dens': did you mean 'Dense'?",
        "  2 |   input [2]",
        "> 3 |   Dens(4)",
        "    |   ^^^^",
        "bad.reg:4:24: error[REG0206]: unknown activation 'relux': did you mean 'relu'?",
        "  3 |   Dens(4)",
        "> 4 |   Dense(2, activation: relux)",
        "    |                        ^^^^^",
        "",
      ].join("\n"),
    );
    expect(r.stderr).not.toMatch(/at .*\.(m?js|ts):\d+/);
  });

  it("allows warnings unless --strict", () => {
    expect(regc(["check", "-"], { input: WARN }).status).toBe(0);
    const strict = regc(["check", "--strict", "-"], { input: WARN });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain("<stdin>:4:16: warning[REG0900]");
  });

  it("prints one JSON document with every diagnostic of every file", () => {
    const r = regc(["check", "--format", "json", "specs/moons.reg", "-"], { input: BAD });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toEqual([{ file: "specs/moons.reg", ok: true }, { file: "<stdin>", ok: false }]);
    expect(doc.errors).toBe(2);
    expect(doc.diagnostics[0]).toEqual({ file: "<stdin>", line: 3, column: 3, endLine: 3, endColumn: 7, code: "REG0200", severity: "error", message: "unknown layer 'Dens': did you mean 'Dense'?" });
  });

  it("prints GitHub Actions annotations", () => {
    const r = regc(["check", "--format", "github", "-"], { input: BAD });
    expect(r.stdout.split("\n")[0]).toBe("::error file=<stdin>,line=3,col=3,endColumn=7,title=REG0200::unknown layer 'Dens': did you mean 'Dense'?");
  });

  it("gives clear errors and exit 2 for missing files and directories, and still checks the rest", () => {
    const r = regc(["check", "nope.reg", "specs", "specs/moons.reg"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("regc: cannot read 'nope.reg': no such file");
    expect(r.stderr).toContain("regc: cannot read 'specs': it is a directory");
    expect(r.stderr).toContain("1 file checked: 1 ok");
  });

  it("reports empty and non-UTF-8 files as positioned errors (exit 1)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "empty.reg"), "");
    writeFileSync(join(dir, "latin1.reg"), Buffer.from("model M {\n  input [2] # caf\xe9\n}\n", "latin1"));
    const r = regc(["check", "empty.reg", "latin1.reg"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("empty.reg:1:1: error[REG0005]: the file is empty");
    expect(r.stdout).toContain("latin1.reg:2:18: error[REG0006]: the file is not UTF-8 text: byte 0xe9");
  });

  it("exits 2 for usage errors, with help", () => {
    const r = regc(["check", "--format", "xml", "specs/moons.reg"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/argument 'xml' is invalid/);
    expect(regc(["frobnicate"]).status).toBe(2);
    expect(regc([]).status).toBe(2);
  });

  it("gives the same answers with and without the start-up snapshot", () => {
    // dist/cli.mjs is what bin/regc runs when the snapshot does not match the node binary.
    const dir = tempDir();
    writeFileSync(join(dir, "bad.reg"), BAD);
    const viaBin = regc(["check", "--format", "json", join(dir, "bad.reg"), "specs/moons.reg"]);
    const plain = regc(["check", "--format", "json", join(dir, "bad.reg"), "specs/moons.reg"], { env: { REGC_NO_SNAPSHOT: "1" } });
    expect(plain.stdout).toBe(viaBin.stdout);
    expect(plain.status).toBe(viaBin.status);
  });

  it("reads text beyond ASCII as the unbundled lexer does (the bundles compute chevrotain's char-code map)", () => {
    // scripts/build.mjs replaces chevrotain's 65,536-entry char-code table with the formula that fills it;
    // the source here runs chevrotain unchanged, so it is the reference for both bundles.
    const dir = tempDir();
    const text = [
      "// é λ 中 \uFFFD 😀 ∞",
      'model M { # « ñ »',
      "  input [2]",
      "  Dense(4, name: \"λ-中-😀\")",
      "  Dense(2, activation: sïgmoid) λ 中",
      "  Dropout(0.1) \uFFFD 😀 \u0100 \u01FF \uFEFF",
      "}",
      "",
    ].join("\n");
    writeFileSync(join(dir, "u.reg"), text);
    const expected = toJson({ file: join(dir, "u.reg"), source: text, diagnostics: compile(text).diagnostics });
    expect(expected.length).toBeGreaterThan(3);
    for (const env of [{}, { REGC_NO_SNAPSHOT: "1" }] as Record<string, string>[]) {
      const r = regc(["check", "--format", "json", join(dir, "u.reg")], { env });
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).diagnostics).toEqual(expected);
    }
  });
});

describe("regc fmt", () => {
  it("rewrites a file in place, keeps comments, and --check exits 3 naming the files", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.reg"), "model M{input[2]   Dense(4,activation:relu) # hidden\n}\n");
    copyFileSync(join(ROOT, "specs/moons.reg"), join(dir, "b.reg"));
    const check = regc(["fmt", "--check", "a.reg", "b.reg"], { cwd: dir });
    expect(check.status).toBe(3);
    expect(check.stdout).toBe("a.reg\n");
    expect(readFileSync(join(dir, "a.reg"), "utf8")).toContain("Dense(4,activation:relu)");
    expect(regc(["fmt", "a.reg", "b.reg"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, "a.reg"), "utf8")).toBe("model M {\n  input [2]\n  Dense(4, activation: relu)  # hidden\n}\n");
    expect(regc(["fmt", "--check", "a.reg", "b.reg"], { cwd: dir }).status).toBe(0);
  });

  it("refuses a file that does not parse, and leaves it untouched", () => {
    const dir = tempDir();
    const broken = "model M {\n  input [2\n  Dense(4)\n";
    writeFileSync(join(dir, "x.reg"), broken);
    const r = regc(["fmt", "x.reg"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("regc: not formatting 'x.reg': it does not parse");
    expect(r.stderr).toMatch(/x\.reg:\d+:\d+: error\[REG0001\]: expected ']'/);
    expect(readFileSync(join(dir, "x.reg"), "utf8")).toBe(broken);
  });
});

describe("regc summary", () => {
  it("prints the Keras-style table with regularizers and totals (reviewed)", () => {
    const r = regc(["summary", "specs/moons-schedule.reg"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, "test/fixtures/summary/moons-schedule.txt"), "utf8"));
  });

  it("prints JSON for machines", () => {
    const r = regc(["summary", "--json", "specs/lstm.reg"]);
    expect(JSON.parse(r.stdout)).toEqual({
      model: "SequenceLstm",
      layers: [
        { name: "lstm", class_name: "LSTM", output_shape: [null, 32], params: 5248, regularizers: { kernel: "l2(1e-6)", recurrent: "l2(1e-6)", bias: "l2(1e-6)" } },
        { name: "dense", class_name: "Dense", output_shape: [null, 1], params: 33, regularizers: {} },
      ],
      total_params: 5281,
      trainable_params: 5281,
      non_trainable_params: 0,
    });
  });

  it("exits 1 with diagnostics for a bad spec", () => {
    const r = regc(["summary", "-"], { input: BAD });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[REG0200]");
    expect(r.stdout).toBe("");
  });
});

describe("regc itself", () => {
  it("--version, --help and per-command help with examples", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(regc(["--version"]).stdout.trim()).toBe(pkg.version);
    const help = regc(["--help"]);
    expect(help.status).toBe(0);
    for (const c of ["check", "fmt", "summary", "build", "schema"]) expect(help.stdout).toContain(c);
    expect(regc(["check", "--help"]).stdout).toContain("Examples:");
  });

  it("prints the IR's JSON Schema", () => {
    const schema = JSON.parse(regc(["schema"]).stdout);
    expect(schema).toEqual(JSON.parse(readFileSync(join(ROOT, "src/ir/schema.json"), "utf8")));
  });

  it("the bundled specs in the README's example exist", () => {
    for (const s of SPECS) expect(spec(s).length).toBeGreaterThan(0);
  });
});

describe("start-up discipline", () => {
  it("regc check loads neither TensorFlow.js nor prettier (even without the snapshot)", () => {
    const dir = tempDir();
    const log = join(dir, "imports.txt");
    writeFileSync(log, "");
    const r = spawnSync(process.execPath, ["--import", join(ROOT, "test/fixtures/record-imports.mjs"), join(ROOT, "dist/cli.mjs"), "check", "specs/moons-l2.reg", "specs/lstm.reg"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, REGC_RECORD_IMPORTS: log },
    });
    expect(r.status).toBe(0);
    const loaded = readFileSync(log, "utf8");
    expect(loaded).toContain("chunks/"); // the hook saw the check path load
    expect(loaded).not.toMatch(/@tensorflow|prettier|cli-progress/);
  });

  it("check and fmt start node without NODE_EXTRA_CA_CERTS (node 20 would load its CA store first)", () => {
    // node 20 reads the file at start-up: a missing one makes it warn before any script runs.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(tempDir(), "missing.pem") };
    const node = spawnSync(process.execPath, ["-e", "0"], { encoding: "utf8", env });
    expect(node.stderr).toMatch(/Ignoring extra certs/);
    for (const snapshot of [{}, { REGC_NO_SNAPSHOT: "1" }] as Record<string, string>[]) {
      for (const args of [["check", "specs/moons.reg"], ["fmt", "--check", "specs/moons.reg"]]) {
        const r = regc(args, { env: { ...env, ...snapshot } });
        expect(r.status).toBe(0);
        expect(r.stderr).toBe("");
      }
    }
  });
});
