// regc as users get it: `npm pack` of this working tree (its `prepare` script builds dist/), installed
// into an empty project with `npm install ./regc-0.1.0.tgz` (dependencies from the registry, through
// npm's cache), then the installed `regc` and a generated training program used there. The install
// takes about a minute. Also the CLI's conventions (help, version, exit codes, color) on that install.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, regc, runAsync, tempDir } from "./helpers.js";
import { LspClient } from "./lsp-client.js";

const BAD = "model M {\n  input [2]\n  Dense(4) {\n    kernel: l2(0.5)\n  }\n  Dens(4)\n}\n";
const SPECS = readdirSync(join(ROOT, "specs")).filter((f) => f.endsWith(".reg"));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

interface PackedFile {
  path: string;
  mode: number;
}

let packed: { filename: string; files: PackedFile[] };
let app: string; // the empty project regc is installed into
const temporary: string[] = [];

/**
 * The environment of a user's shell: no color settings and no backend choice unless a test sets them
 * (CI's REGC_BACKEND=native is about this checkout's install, not the empty project's, whose backend is
 * whatever its own install gave it).
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const k of ["NO_COLOR", "FORCE_COLOR", "REGC_BACKEND"]) if (!(k in extra)) delete env[k];
  return env;
}

/** The installed regc (node_modules/.bin/regc, what `npx regc` runs), in the project. */
function installed(args: string[], env: Record<string, string> = {}) {
  return runAsync(join(app, "node_modules/.bin/regc"), args, { cwd: app, env: userEnv(env) });
}

beforeAll(async () => {
  // Pack a copy of the working tree (tracked and untracked files, less ignored ones), so that the build
  // the pack runs starts from a clean dist/ as it does in a fresh clone and leaves this checkout alone.
  const source = tempDir("regc-pack-source-");
  temporary.push(source);
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const f of files) if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(source, f));
  symlinkSync(join(ROOT, "node_modules"), join(source, "node_modules"));
  const out = tempDir("regc-pack-");
  temporary.push(out);
  const pack = await runAsync("npm", ["pack", "--json", "--pack-destination", out], { cwd: source });
  expect(pack.status, pack.stderr).toBe(0);
  packed = JSON.parse(pack.stdout)[0];

  app = tempDir("regc-app-");
  temporary.push(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }, null, 2));
  const install = await runAsync("npm", ["install", "--no-audit", "--no-fund", join(out, packed.filename)], { cwd: app });
  expect(install.status, install.stderr).toBe(0);
  mkdirSync(join(app, "specs"));
  for (const s of SPECS) cpSync(join(ROOT, "specs", s), join(app, "specs", s));
  cpSync(join(ROOT, "specs/data"), join(app, "specs/data"), { recursive: true });
}, 900_000);

// The installed project holds regc's dependencies (a few hundred MB): not left behind in /tmp.
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("holds the built CLI, API and runtime, the grammar and README, and no sources or tests", async () => {
    expect(packed.filename).toBe(`regc-${pkg.version}.tgz`);
    const paths = packed.files.map((f) => f.path);
    for (const p of ["package.json", "README.md", "bin/regc", "scripts/install-native.mjs", "dist/cli.mjs", "dist/api.mjs", "dist/runtime.mjs", "grammar/regc.tmLanguage.json", "grammar/README.md"]) {
      expect(paths, p).toContain(p);
    }
    // scripts/install-native.mjs is the package's install step (it sets up the native backend).
    expect(paths.filter((p) => /^(src|test|scripts|specs|bench|tools)\//.test(p))).toEqual(["scripts/install-native.mjs"]);
    expect(packed.files.find((f) => f.path === "bin/regc")!.mode & 0o111).toBe(0o111);
    // Every chunk the entry points import is in the package (the build starts from an empty dist/).
    const chunks = paths.filter((p) => p.startsWith("dist/chunks/"));
    expect(chunks.length).toBeGreaterThan(0);
    for (const entry of ["dist/cli.mjs", "dist/api.mjs", "dist/runtime.mjs"]) {
      const text = readFileSync(join(app, "node_modules/regc", entry), "utf8");
      for (const m of text.matchAll(/["']\.\/(chunks\/[\w-]+\.mjs)["']/g)) expect(paths, `${entry} imports ${m[1]}`).toContain(`dist/${m[1]}`);
    }
  });
});

describe("the installed regc, in an empty project", () => {
  it("checks specs: every bundled spec passes, a bad one fails with its positioned diagnostic", async () => {
    // Through npx, as users run it.
    const ok = await runAsync("npx", ["--no-install", "regc", "check", ...SPECS.map((s) => `specs/${s}`)], { cwd: app, env: userEnv() });
    expect(ok.stderr).toContain(`${SPECS.length} files checked: ${SPECS.length} ok, 0 errors, 0 warnings`);
    expect(ok.status).toBe(0);
    writeFileSync(join(app, "bad.reg"), BAD);
    const bad = await installed(["check", "bad.reg"]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("bad.reg:6:3: error[REG0200]: unknown layer 'Dens': did you mean 'Dense'?");
    expect(bad.stderr).not.toMatch(/at .*\.(m?js|ts):\d+/);
  });

  it("serves editors: regc lsp from node_modules/.bin (what the VS Code extension starts), diagnostics linked to the installed docs", async () => {
    const client = await LspClient.start({ bin: join(app, "node_modules/.bin/regc"), cwd: app });
    const uri = pathToFileURL(join(app, "bad.reg")).href;
    await client.open(uri, BAD);
    const d = (await client.diagnostics(uri)).diagnostics.find((x) => x.code === "REG0200");
    expect(d, "the unknown layer's diagnostic").toBeDefined();
    expect(d!.codeDescription!.href).toBe(pathToFileURL(join(app, "node_modules/regc/dist/diagnostics.md")).href + "#reg0200");
    expect(readFileSync(join(app, "node_modules/regc/dist/diagnostics.md"), "utf8")).toContain("## REG0200");
    expect(await client.stop()).toBe(0);
  });

  it("prints GitHub Actions annotations (::error file=...,line=...,col=...::message, properties escaped)", async () => {
    writeFileSync(join(app, "a,b:c%.reg"), BAD);
    const r = await installed(["check", "--format", "github", "a,b:c%.reg"]);
    expect(r.status).toBe(1);
    // The workflow-command syntax: ::level key=value,...::message, with %, CR, LF, ':' and ',' escaped in values.
    expect(r.stdout).toBe(
      [
        "::warning file=a%2Cb%3Ac%25.reg,line=4,col=16,endColumn=19,title=REG0900::the l2 coefficient of dense.kernel reaches 0.5, above 0.1; it will likely dominate the data loss",
        "::error file=a%2Cb%3Ac%25.reg,line=6,col=3,endColumn=7,title=REG0200::unknown layer 'Dens': did you mean 'Dense'?",
        "",
      ].join("\n"),
    );
  });

  it("builds Keras JSON identical to this checkout's, and --check then finds it up to date", async () => {
    const r = await installed(["build", "specs/moons-l2.reg"]);
    expect(r.status, r.stderr).toBe(0);
    const dir = tempDir();
    cpSync(join(ROOT, "specs/moons-l2.reg"), join(dir, "moons-l2.reg"));
    expect(regc(["build", join(dir, "moons-l2.reg")]).status).toBe(0);
    const json = readFileSync(join(app, "specs/moons-l2.keras.json"), "utf8");
    expect(json).toBe(readFileSync(join(dir, "moons-l2.keras.json"), "utf8"));
    expect(JSON.parse(json).class_name).toBe("Sequential");
    expect(json).toContain('"l2": 0.001');
    expect((await installed(["build", "--check", "specs/moons-l2.reg"])).status).toBe(0);
  });

  it("builds a TensorFlow.js training program that runs with the installed regc/runtime", async () => {
    const b = await installed(["build", "specs/moons-l2.reg", "--target", "tfjs"]);
    expect(b.status, b.stderr).toBe(0);
    const program = join(app, "specs/moons-l2.train.mjs");
    expect(readFileSync(program, "utf8")).toContain('from "regc/runtime"');
    const r = await runAsync(process.execPath, [program, "--epochs", "2", "--json"], { cwd: app, env: userEnv() });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(result.epochs_run).toBe(2);
    expect(result.history).toHaveLength(2);
    // L2(1e-3) on the hidden kernel: a penalty that is part of the loss.
    expect(result.history[0].reg_loss).toBeGreaterThan(0);
    expect(result.history[0].loss).toBeCloseTo(result.history[0].data_loss + result.history[0].reg_loss, 5);
    expect(result.final.test.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.final.test.accuracy).toBeLessThanOrEqual(1);
  }, 300_000);

  it("builds a --lang ts program that type-checks (tsc, strict, nodenext) against the installed package's declarations", async () => {
    const b = await installed(["build", "specs/moons-l2.reg", "--target", "tfjs", "--lang", "ts"]);
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(join(app, "specs/moons-l2.train.ts"), "utf8")).toContain('from "regc/runtime"');
    // A user's tsconfig. skipLibCheck: @tensorflow/tfjs 4.22's own .d.ts files do not pass strict checking
    // (TS2304 'Long', TS2411), so projects using it set it; the program itself is still checked in full,
    // and without declarations for regc/runtime its import is TS7016 (an implicit 'any' module).
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, skipLibCheck: true, noEmit: true, types: [] }, include: ["specs/*.ts", "use-api.ts"] }),
    );
    // The API's declarations too: a typed use of `regc` (a wrong type here would fail the check).
    writeFileSync(
      join(app, "use-api.ts"),
      ['import { compile } from "regc";', 'const r = compile("model M {\\n  input [2]\\n  Dense(1)\\n}\\n");', "export const layers: number = r.ir?.layers.length ?? 0;", ""].join("\n"),
    );
    const tsc = await runAsync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(app, "tsconfig.json")], { cwd: app });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    const paths = packed.files.map((f) => f.path);
    for (const p of ["dist/types/runtime/index.d.ts", "dist/types/api.d.ts"]) expect(paths).toContain(p);
  }, 120_000);

  it("prints the IR's JSON Schema, and the IR of every spec (every sweep point) validates against it with a fresh ajv", async () => {
    const r = await installed(["schema"]);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    // The schema regc's own validator (ajv, compiled at build time) was generated from.
    expect(schema).toEqual(JSON.parse(readFileSync(join(ROOT, "src/ir/schema.json"), "utf8")));
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    const entry = createRequire(join(app, "package.json")).resolve("regc");
    const api = await import(pathToFileURL(entry).href);
    for (const s of SPECS) {
      const source = readFileSync(join(app, "specs", s), "utf8");
      const compiled = api.compile(source);
      expect(compiled.ir, s).toBeDefined();
      for (const point of api.sweepPoints(source, compiled.ir)) {
        expect(validate(point.ir), `${s}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
    // Not a schema that takes anything.
    const ir = api.compile(readFileSync(join(app, "specs/moons-l2.reg"), "utf8")).ir;
    expect(validate({ ...ir, layers: [{ ...ir.layers[0], class_name: "Dens" }] })).toBe(false);
    expect(validate({ ...ir, version: 2 })).toBe(false);
  });
});

describe("the installed regc's conventions", () => {
  it("-V/--version print the version; -h/--help, `help CMD` and CMD --help print usage and examples, exit 0", async () => {
    for (const v of ["-V", "--version"]) expect(await installed([v])).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
    for (const h of [["-h"], ["--help"], ["help"]]) {
      const r = await installed(h);
      expect(r.status, h.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/^Usage: regc \[options\] \[command\]\n/);
      expect(r.stdout).toContain("Examples:");
      expect(r.stderr).toBe("");
    }
    // Every command the help lists (less `help` itself).
    const help = (await installed(["--help"])).stdout;
    const commands = [...help.split("Commands:\n")[1]!.split("\n\n")[0]!.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== "help");
    expect(commands).toEqual(expect.arrayContaining(["check", "fmt", "summary", "build", "schema"]));
    for (const c of commands) {
      for (const args of [[c, "--help"], [c, "-h"], ["help", c]]) {
        const r = await installed(args);
        expect(r.status, args.join(" ")).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: regc ${c} `));
        expect(r.stdout, c).toMatch(/Examples?:\n {2}regc /);
      }
    }
  });

  it("usage errors exit 2 with the message on standard error", async () => {
    const cases: [string[], RegExp][] = [
      [[], /^Usage: regc /],
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["check"], /missing required argument 'files'/],
      [["check", "--bogus", "specs/moons.reg"], /unknown option '--bogus'/],
      [["build", "specs/moons.reg", "--target", "pytorch"], /argument 'pytorch' is invalid/],
      [["schema", "extra"], /too many arguments/],
    ];
    for (const [args, message] of cases) {
      const r = await installed(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
  });

  it("colors diagnostics only on a terminal, never with NO_COLOR, and with FORCE_COLOR", async () => {
    writeFileSync(join(app, "bad.reg"), BAD);
    const ESC = "\u001b[";
    expect((await installed(["check", "bad.reg"])).stdout).not.toContain(ESC); // a pipe
    expect((await installed(["check", "bad.reg"], { FORCE_COLOR: "1" })).stdout).toContain(ESC);
    expect((await installed(["check", "bad.reg"], { FORCE_COLOR: "1", NO_COLOR: "1" })).stdout).not.toContain(ESC);
    expect((await installed(["check", "bad.reg"], { FORCE_COLOR: "0" })).stdout).not.toContain(ESC);
    // A real terminal (a pseudo-terminal from script(1)): color, unless NO_COLOR.
    const tty = (env: Record<string, string>) =>
      spawnSync("script", ["-qec", "node_modules/.bin/regc check bad.reg", "/dev/null"], { cwd: app, encoding: "utf8", env: userEnv({ TERM: "xterm", ...env }) });
    const colored = tty({});
    expect(colored.stdout).toContain("error[REG0200]");
    expect(colored.stdout).toContain(ESC);
    const plain = tty({ NO_COLOR: "1" });
    expect(plain.stdout).toContain("error[REG0200]");
    expect(plain.stdout).not.toContain(ESC);
  });
});
