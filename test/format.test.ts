// `regc fmt`'s layout: one canonical form, idempotent, meaning-preserving, and no comment lost.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { format } from "../src/format/index.js";
import { parse } from "../src/parser/index.js";
import { ROOT } from "./helpers.js";

function fmt(source: string): string {
  const r = parse(source);
  expect(r.diagnostics).toEqual([]);
  return format(r.ast!, source);
}

/** The AST without positions or comments: what the spec means. */
function meaning(source: string): unknown {
  return JSON.parse(JSON.stringify(parse(source).ast!.statements, (k, v) => (/span|Span$/.test(k) || k === "raw" ? undefined : v)));
}

const sources: [string, string][] = [
  ...readdirSync(join(ROOT, "specs")).filter((f) => f.endsWith(".reg")).map((f): [string, string] => [`specs/${f}`, readFileSync(join(ROOT, "specs", f), "utf8")]),
  ...readdirSync(join(ROOT, "test/diagnostics")).filter((f) => f.endsWith(".reg")).map((f): [string, string] => [`test/diagnostics/${f}`, readFileSync(join(ROOT, "test/diagnostics", f), "utf8")]),
  ["messy", readFileSync(join(ROOT, "test/fixtures/fmt/messy.reg"), "utf8")] as [string, string],
].filter(([, s]) => parse(s).ast !== undefined);

describe("fmt", () => {
  it("lays out a messy spec as reviewed (test/fixtures/fmt/messy.expected.reg)", () => {
    expect(fmt(readFileSync(join(ROOT, "test/fixtures/fmt/messy.reg"), "utf8"))).toBe(readFileSync(join(ROOT, "test/fixtures/fmt/messy.expected.reg"), "utf8"));
  });

  it("has enough inputs to mean something", () => {
    expect(sources.length).toBeGreaterThan(40);
  });

  for (const [name, source] of sources) {
    it(`${name}: idempotent, same meaning, every comment kept`, () => {
      const once = fmt(source);
      expect(fmt(once)).toBe(once);
      expect(meaning(once)).toEqual(meaning(source));
      const comments = (s: string) => parse(s).ast!.comments.map((c) => c.text.trimEnd()).sort();
      expect(comments(once)).toEqual(comments(source));
    });
  }

  it("leaves the bundled specs exactly as they are (they are in canonical form)", () => {
    for (const [name, source] of sources.filter(([n]) => n.startsWith("specs/"))) expect(fmt(source), name).toBe(source);
  });
});
