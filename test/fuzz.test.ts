// Bad input of every kind: regc never throws, never hangs, and always answers with positioned
// diagnostics (exit 0 or 1 from the CLI). Mutations are seeded, so a failure reproduces.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/api.js";
import { format } from "../src/format/index.js";
import { parse } from "../src/parser/index.js";
import { corpus, mutate, rng } from "./fuzz-corpus.js";
import { ROOT, regc, tempDir } from "./helpers.js";

function expectWellFormed(source: string, label: string, limitMs = 2000): void {
  const started = performance.now();
  let result;
  try {
    result = compile(source);
  } catch (e) {
    throw new Error(`${label}: regc threw ${(e as Error).stack}\n--- input ---\n${source.slice(0, 2000)}`);
  }
  const elapsed = performance.now() - started;
  // A generous bound that still catches a hang (no input may take super-linear time).
  expect(elapsed, `${label}: took ${elapsed} ms`).toBeLessThan(limitMs);
  for (const d of result.diagnostics) {
    expect(d.code, label).toMatch(/^REG\d{4}$/);
    expect(d.message.length, label).toBeGreaterThan(0);
    expect(d.span.line, label).toBeGreaterThanOrEqual(1);
    expect(d.span.column, label).toBeGreaterThanOrEqual(1);
    expect(d.span.offset, label).toBeGreaterThanOrEqual(0);
    expect(d.span.offset, label).toBeLessThanOrEqual(source.length);
  }
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  expect(errors === 0 ? result.ir !== undefined : result.ir === undefined, `${label}: IR present iff no errors`).toBe(true);
  // Whatever parses formats, and formatting is stable.
  const parsed = parse(source);
  if (parsed.ast) {
    const once = format(parsed.ast, source);
    const again = parse(once);
    expect(again.diagnostics, `${label}: formatted output does not parse`).toEqual([]);
    expect(format(again.ast!, once), `${label}: fmt not idempotent`).toBe(once);
  }
}

describe("fuzz", () => {
  it("3000 mutated specs (tokens deleted, duplicated, swapped; junk; huge and tiny numbers; deep nesting; random bytes)", () => {
    const r = rng(20261122);
    for (let i = 0; i < 3000; i++) {
      const base = corpus[Math.floor(r() * corpus.length)]!;
      expectWellFormed(mutate(base, r), `case ${i}`);
    }
  });

  it("random byte strings", () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const bytes = Array.from({ length: Math.floor(r() * 400) }, () => Math.floor(r() * 256));
      expectWellFormed(Buffer.from(bytes).toString("latin1"), `bytes ${i}`);
    }
  });

  it("a 1 MB spec of 40,000 layers, a 1 MB line of junk, and 100,000 open brackets", () => {
    const layers = Array.from({ length: 40_000 }, (_, i) => `  Dense(${(i % 7) + 1}, activation: relu) { kernel: l2(1e-4) }`).join("\n");
    const big = `model Big {\n  input [4]\n${layers}\n}\n`;
    expect(big.length).toBeGreaterThan(1_000_000);
    const started = performance.now();
    const result = compile(big);
    expect(result.diagnostics).toEqual([]);
    expect(result.ir!.layers).toHaveLength(40_000);
    expect(performance.now() - started).toBeLessThan(30_000);
    expectWellFormed("model M { input [2] Dense(" + "x ".repeat(500_000) + "}", "1 MB line", 30_000);
    expectWellFormed("param x = " + "(".repeat(100_000), "open brackets", 30_000);
  });

  it("through the real CLI: exit 0 or 1, positioned diagnostics, never a stack trace", () => {
    const r = rng(99);
    const dir = tempDir();
    const files: string[] = [];
    for (let i = 0; i < 40; i++) {
      const name = `m${i}.reg`;
      writeFileSync(join(dir, name), mutate(corpus[Math.floor(r() * corpus.length)]!, r));
      files.push(name);
    }
    for (const f of files) {
      const out = regc(["check", "--format", "json", f], { cwd: dir });
      expect([0, 1], `${f}: exit ${out.status} ${out.stderr}`).toContain(out.status);
      expect(out.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      const doc = JSON.parse(out.stdout);
      for (const d of doc.diagnostics) expect(d.line, f).toBeGreaterThanOrEqual(1);
      expect(doc.files[0].ok).toBe(out.status === 0);
    }
  });
});
