// regc's pre-commit hooks (.pre-commit-hooks.yaml), run by the real `pre-commit` in a throwaway git
// repository whose config uses THIS working tree as its hook source: the tree (tracked and untracked
// files, less ignored ones) is committed into a temporary repository so that the hooks test the current
// code, not HEAD. pre-commit installs it as users get it (language: node: `npm install`, `npm pack`
// with the `prepare` build, `npm install -g` of the tarball), which takes about a minute.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, regc, runAsync, spec, tempDir } from "./helpers.js";

const BAD = "model M {\n  input [2]\n  Dens(4)\n}\n";
const MESSY = "model M{input[2]   Dense(4,activation:relu) # hidden\n}\n";
const MESSY_FORMATTED = "model M {\n  input [2]\n  Dense(4, activation: relu)  # hidden\n}\n";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "regc test",
  GIT_AUTHOR_EMAIL: "test@regc.invalid",
  GIT_COMMITTER_NAME: "regc test",
  GIT_COMMITTER_EMAIL: "test@regc.invalid",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
};

let home: string; // PRE_COMMIT_HOME: pre-commit's store of hook environments
let user: string; // the repository whose commits the hooks guard
let source: string; // the hook source: a commit of this working tree

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } });
}

/** Runs a command without blocking the test worker (pre-commit's first install takes a minute or more). */
async function run(cmd: string, args: string[], cwd: string): Promise<{ status: number; output: string }> {
  const env = { ...process.env, ...GIT_ENV, PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: "never", NO_COLOR: "1" };
  const r = await runAsync(cmd, args, { cwd, env });
  return { status: r.status, output: r.stdout + r.stderr };
}

const preCommit = (...args: string[]) => run("pre-commit", args, user);

function write(path: string, content: string): void {
  mkdirSync(dirname(join(user, path)), { recursive: true });
  writeFileSync(join(user, path), content);
}

/** What `regc build` (this checkout's, the same code as the hooks') writes for a spec in the user repo. */
function generate(specPath: string, ...args: string[]): void {
  const r = regc(["build", specPath, ...args], { cwd: user });
  expect(r.status, r.stderr).toBe(0);
}

beforeAll(async () => {
  const version = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
  if (version.status !== 0) throw new Error("pre-commit is not installed (apt-get install pre-commit; .ci/run does it)");

  // The hook source: this working tree, committed into a repository of its own.
  source = tempDir("regc-hook-source-");
  const files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0").filter(Boolean);
  for (const f of files) {
    try {
      cpSync(join(ROOT, f), join(source, f), { recursive: false });
    } catch (e) {
      // A file deleted in the working tree but still in the index.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  git(source, "init", "-q");
  git(source, "add", "-A");
  git(source, "commit", "-q", "-m", "working tree");
  const rev = git(source, "rev-parse", "HEAD").trim();

  home = tempDir("regc-pre-commit-home-");
  user = tempDir("regc-hook-user-");
  git(user, "init", "-q");
  write(
    ".pre-commit-config.yaml",
    [
      "repos:",
      `  - repo: ${source}`,
      `    rev: ${rev}`,
      "    hooks:",
      "      - id: regc-check",
      "      - id: regc-fmt",
      "      - id: regc-build-check",
      "        files: ^specs/.*\\.reg$",
      // The documented way to choose target and folder: the hook's args.
      "      - id: regc-build-check",
      "        alias: regc-build-check-gen",
      "        files: ^other/.*\\.reg$",
      "        args: [--out, gen, --keras, '2']",
      "",
    ].join("\n"),
  );
  git(user, "add", ".pre-commit-config.yaml");
  git(user, "commit", "-q", "-m", "pre-commit config");
  const install = await preCommit("install-hooks");
  expect(install.status, install.output).toBe(0);
  expect((await preCommit("install")).status).toBe(0);
}, 600_000);

// The hook environment holds regc's dependencies (a few hundred MB): not left behind in /tmp.
afterAll(() => {
  for (const dir of [home, user, source]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("pre-commit hooks", () => {
  it("let a good spec with up-to-date generated files be committed", async () => {
    write("specs/moons-l2.reg", spec("moons-l2.reg"));
    generate("specs/moons-l2.reg");
    git(user, "add", "-A");
    const r = await run("git", ["commit", "-m", "good spec"], user);
    expect(r.output).toMatch(/regc check\.+Passed/);
    expect(r.output).toMatch(/regc fmt\.+Passed/);
    expect(r.output).toMatch(/regc build --check\.+Passed/);
    expect(r.status, r.output).toBe(0);
    expect(git(user, "log", "--format=%s", "-1").trim()).toBe("good spec");
  });

  it("block a bad spec, showing its positioned diagnostic", async () => {
    write("specs/bad.reg", BAD);
    git(user, "add", "specs/bad.reg");
    const r = await run("git", ["commit", "-m", "bad spec"], user);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/regc check\.+Failed/);
    expect(r.output).toContain("specs/bad.reg:3:3: error[REG0200]: unknown layer 'Dens': did you mean 'Dense'?");
    expect(r.output).toContain("> 3 |   Dens(4)");
    expect(git(user, "log", "--format=%s", "-1").trim()).toBe("good spec");
    git(user, "rm", "-q", "-f", "specs/bad.reg");
  });

  it("rewrite an unformatted spec, and fail so the result is reviewed and staged", async () => {
    write("misc/messy.reg", MESSY);
    git(user, "add", "misc/messy.reg");
    const r = await preCommit("run", "regc-fmt");
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/regc fmt\.+Failed/);
    expect(r.output).toContain("files were modified by this hook");
    expect(readFileSync(join(user, "misc/messy.reg"), "utf8")).toBe(MESSY_FORMATTED);
    // Staged again, it passes (and so does check).
    git(user, "add", "misc/messy.reg");
    const again = await preCommit("run", "regc-fmt");
    expect(again.status, again.output).toBe(0);
    expect((await preCommit("run", "regc-check")).status).toBe(0);
  });

  it("report stale and missing generated files, for every staged spec", async () => {
    // moons-l2.keras.json was generated for l2(1e-3): a new coefficient makes it stale.
    write("specs/moons-l2.reg", spec("moons-l2.reg").replace("l2(1e-3)", "l2(1e-4)"));
    write("specs/lstm.reg", spec("lstm.reg")); // never built
    git(user, "add", "specs");
    const r = await preCommit("run", "regc-build-check");
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/regc build --check\.+Failed/);
    expect(r.output).toContain("specs/moons-l2.keras.json: differs from what the spec produces now");
    expect(r.output).toContain("specs/lstm.keras.json: missing");
    // Rebuilt, both pass.
    generate("specs/moons-l2.reg");
    generate("specs/lstm.reg");
    git(user, "add", "specs");
    const fixed = await preCommit("run", "regc-build-check");
    expect(fixed.status, fixed.output).toBe(0);
  });

  it("pass the hook's args to regc build (target, format and folder chosen in the config)", async () => {
    write("other/moons.reg", spec("moons.reg"));
    git(user, "add", "other");
    const missing = await preCommit("run", "regc-build-check-gen");
    expect(missing.status).toBe(1);
    expect(missing.output).toContain("gen/moons.keras.json: missing");
    generate("other/moons.reg", "--out", "gen", "--keras", "2");
    git(user, "add", "gen");
    const ok = await preCommit("run", "regc-build-check-gen");
    expect(ok.status, ok.output).toBe(0);
    // The Keras 3 form is not what the hook was told to expect.
    generate("other/moons.reg", "--out", "gen");
    git(user, "add", "gen");
    const wrong = await preCommit("run", "regc-build-check-gen");
    expect(wrong.status).toBe(1);
    expect(wrong.output).toContain("gen/moons.keras.json: differs from what the spec produces now");
  });
});
