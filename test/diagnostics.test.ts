// Every diagnostic in the catalog, produced by a spec in test/diagnostics/ and printed as users see it.
// The .expected files are golden outputs, reviewed by hand; regenerate with UPDATE_GOLDEN=1 after a
// deliberate change, and review the diff.
//
// A case is checked (`regc check`, in this process) unless its first line names the command that meets
// its problem, `# regc build --keras 2` or `# regc train --json`: an emitter's refusal (REG08xx) or a
// run-time problem (REG06xx, with its data beside it). Those run the real CLI on the case, and the
// golden is what it prints on stderr (it must exit 1 and print nothing else).
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/api.js";
import { catalog } from "../src/diagnostics/catalog.js";
import { renderText } from "../src/diagnostics/index.js";
import { readSpec } from "../src/io/index.js";
import { ROOT, regcAsync, tempDir } from "./helpers.js";

const DIR = join(ROOT, "test", "diagnostics");
const cases = readdirSync(DIR).filter((f) => f.endsWith(".reg")).sort();

/** The command a case's first line names (`# regc build --keras 2`), or undefined for `regc check`. */
function command(name: string): string[] | undefined {
  const first = readFileSync(join(DIR, name), "utf8").split("\n")[0]!;
  const m = /^# regc (build|train|sweep)((?: --?[\w-]+(?: \w+)?)*)$/.exec(first);
  return m ? [m[1]!, ...m[2]!.trim().split(/\s+/).filter(Boolean)] : undefined;
}

async function render(name: string): Promise<string> {
  const cmd = command(name);
  if (cmd) {
    // Outputs of a run that gets far enough go to a temporary folder, never beside the case.
    const out = cmd[0] === "build" ? [] : ["--out", tempDir()];
    const r = await regcAsync([cmd[0]!, name, ...cmd.slice(1), ...out], { cwd: DIR });
    expect(r.status, `${name}: ${r.stderr}`).toBe(1);
    return r.stderr;
  }
  const spec = readSpec(join(DIR, name));
  const diagnostics = spec.diagnostics.length > 0 ? spec.diagnostics : compile(spec.source).diagnostics;
  return renderText({ file: name, source: spec.source, diagnostics }, { color: false }) + "\n";
}

describe("diagnostic catalog", () => {
  it("has unique, well-formed codes, each documented", () => {
    const codes = Object.values(catalog).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of Object.values(catalog)) {
      expect(e.code).toMatch(/^REG\d{4}$/);
      expect(e.doc.length).toBeGreaterThan(20);
    }
  });

  it("has a case in test/diagnostics for each code", () => {
    for (const { code } of Object.values(catalog)) {
      // regc import's codes (REG0700-REG0749) come from Keras JSON, not from a spec: test/import.test.ts proves each.
      if (/^REG07[0-4]\d$/.test(code)) continue;
      // The first run-time codes (REG0600-REG0606) and REG0611 (a backend that does not load) are proven by test/runtime/*.test.ts.
      if (/^REG060[0-6]$|^REG0611$/.test(code)) continue;
      const named = cases.filter((c) => c.startsWith(code));
      expect(named.length, `no test/diagnostics/${code}-*.reg`).toBeGreaterThan(0);
    }
  });

  for (const name of cases) {
    it(`prints ${name} as reviewed`, async () => {
      const out = await render(name);
      const golden = join(DIR, name.replace(/\.reg$/, ".expected"));
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, out);
      expect(out).toBe(readFileSync(golden, "utf8"));
      // The case produces the code it is named after.
      expect(out).toContain(`[${name.slice(0, 7)}]`);
      // Every diagnostic line names its file (the case, or its data) and its severity and code:
      // file[:line:col]: severity[code]: message.
      const lines = out.split("\n").filter((l) => /^\S.*: (error|warning)\[/.test(l));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/^[^:]+(:\d+:\d+)?: (error|warning)\[REG\d{4}\]: \S/);
    }, 120_000);
  }
});
