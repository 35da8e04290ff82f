// The grammar reference in grammar/ is generated from the parser and must not go stale.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grammarFiles } from "../scripts/gen-grammar.js";
import { validatedParser } from "../src/parser/grammar.js";
import { ROOT } from "./helpers.js";

describe("grammar", () => {
  it("passes Chevrotain's grammar validations (no ambiguity, no left recursion)", () => {
    // The production parser skips these checks at start-up; building with them on throws on any problem.
    expect(() => validatedParser()).not.toThrow();
  });

  it("grammar/diagram.html and grammar/grammar.json are up to date (npx tsx scripts/gen-grammar.ts)", () => {
    for (const [name, text] of Object.entries(grammarFiles())) {
      expect(readFileSync(join(ROOT, "grammar", name), "utf8"), `grammar/${name} is stale`).toBe(text);
    }
  });

  it("documents every rule of the parser in grammar/README.md", () => {
    const readme = readFileSync(join(ROOT, "grammar", "README.md"), "utf8");
    const rules = (JSON.parse(grammarFiles()["grammar.json"]) as { name: string }[]).map((r) => r.name);
    const documented: Record<string, string> = { modelDecl: "model", scheduleDecl: "schedule", paramDecl: "param", sweepDecl: "sweep", repeatDecl: "repeat", regularizeDecl: "regularize", trainDecl: "train", inputDecl: '"input"', modelItem: "layer", argList: "arg", stray: "statement" };
    for (const r of rules) expect(readme, `rule ${r}`).toContain(documented[r] ?? r);
  });
});
