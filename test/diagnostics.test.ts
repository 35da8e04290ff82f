// Every diagnostic in the catalog, produced by a spec in test/diagnostics/ and printed as users see it.
// The .expected files are golden outputs, reviewed by hand; regenerate with UPDATE_GOLDEN=1 after a
// deliberate change, and review the diff.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/api.js";
import { catalog } from "../src/diagnostics/catalog.js";
import { renderText } from "../src/diagnostics/index.js";
import { readSpec } from "../src/io/index.js";
import { ROOT } from "./helpers.js";

const DIR = join(ROOT, "test", "diagnostics");
const cases = readdirSync(DIR).filter((f) => f.endsWith(".reg")).sort();

function render(name: string): string {
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

  it("has a case in test/diagnostics that produces each code", () => {
    for (const { code } of Object.values(catalog)) {
      // regc import's codes (REG0700-REG0749) come from Keras JSON, not from a spec: test/import.test.ts proves each.
      if (/^REG07[0-4]\d$/.test(code)) continue;
      // Run-time codes (REG0600-REG0649) come from data files and running: test/runtime/*.test.ts proves each.
      if (/^REG06[0-4]\d$/.test(code)) continue;
      const named = cases.filter((c) => c.startsWith(code));
      expect(named.length, `no test/diagnostics/${code}-*.reg`).toBeGreaterThan(0);
      for (const c of named) expect(render(c), c).toContain(`[${code}]`);
    }
  });

  for (const name of cases) {
    it(`prints ${name} as reviewed`, () => {
      const out = render(name);
      const golden = join(DIR, name.replace(/\.reg$/, ".expected"));
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, out);
      expect(out).toBe(readFileSync(golden, "utf8"));
      // Every diagnostic line is positioned: file:line:col: severity[code]: message.
      for (const line of out.split("\n").filter((l) => l.startsWith(name))) {
        expect(line).toMatch(/^[^:]+:\d+:\d+: (error|warning)\[REG\d{4}\]: \S/);
      }
    });
  }
});
