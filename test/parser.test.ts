// The parser: every construct of the language parses to the AST the user meant, and bad input gets
// positioned diagnostics in words, all of them in one run.
import { describe, expect, it } from "vitest";
import { parse } from "../src/parser/index.js";
import type { CallValue, Layer, ModelDecl } from "../src/parser/ast.js";

function ok(source: string) {
  const r = parse(source);
  expect(r.diagnostics).toEqual([]);
  return r.ast!;
}

function errors(source: string) {
  return parse(source).diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`);
}

describe("parser", () => {
  it("parses the LANGUAGE.md sketch: layers, names, slots, schedules, defaults, sweeps, train", () => {
    const ast = ok(`
# a comment
schedule smithing = step { 0: 0, 1200: 1e-5, 2500: 1e-4, 4000: 1e-3 }
schedule warm = ramp { 0: 0, 30%: 1e-4 }
param lambda = 1e-3
sweep lambda over logspace(1e-6, 1e-1, 6)
repeat 3
regularize {
  Dense.kernel: l2(1e-4)
  LSTM.recurrent: l2(1e-6)
}
model Smooth {
  input [2]
  Dense hidden(500, activation: relu) { kernel: l2(smithing), bias: none }
  Dense(1, activation: sigmoid)
}
train {
  data: moons(samples: 100, noise: 0.2, seed: 1)
  split: 30
  metrics: [accuracy]
}`);
    expect(ast.statements.map((s) => s.kind)).toEqual(["schedule", "schedule", "param", "sweep", "repeat", "regularize", "model", "train"]);
    const model = ast.statements[6] as ModelDecl;
    const hidden = model.items[1] as Layer;
    expect(hidden).toMatchObject({ type: "Dense", name: "hidden", args: [{ value: { kind: "number", value: 500 } }, { name: "activation", value: { kind: "call", name: "relu" } }] });
    expect(hidden.block!.entries.map((e) => [e.key, e.value.kind])).toEqual([["kernel", "call"], ["bias", "none"]]);
    expect(hidden.span).toMatchObject({ line: 14, column: 3 });
    const warm = (ast.statements[1] as { value: CallValue }).value;
    expect(warm.block!.entries.map((e) => e.key)).toEqual(["0", "30%"]);
    expect(ast.comments.map((c) => c.text)).toEqual(["# a comment"]);
  });

  it("parses wrappers, strings with escapes, percentages, negative and exponent numbers", () => {
    const ast = ok(`model M { input [none, 8] Bidirectional(LSTM(4, return_sequences: true) { kernel: l2(1e-4) }, merge_mode: sum) }
train { data: csv("a \\"quoted\\"\\npath.csv", target: y) split: 12.5% epochs: -3 }`);
    const layer = (ast.statements[0] as ModelDecl).items[1] as Layer;
    const inner = layer.args[0]!.value as CallValue;
    expect(inner).toMatchObject({ name: "LSTM", block: { entries: [{ key: "kernel" }] } });
    const train = ast.statements[1] as { block: { entries: { value: unknown }[] } };
    expect((train.block.entries[0]!.value as CallValue).args![0]!.value).toMatchObject({ kind: "string", value: 'a "quoted"\npath.csv' });
    expect(train.block.entries[1]!.value).toMatchObject({ kind: "percent", value: 0.125 });
    expect(train.block.entries[2]!.value).toMatchObject({ kind: "number", value: -3 });
  });

  it("reports every syntax error of a file in one run, in words, with positions", () => {
    const e = errors(`model M {
  input [2]
  Dense(4 activation: relu
}
modle X {}
schedule s =
train { epochs 3 }`);
    expect(e).toEqual([
      "4:1 REG0001 expected ')' but found '}' (to close the '(' on line 3, column 8)",
      "5:1 REG0001 unknown statement 'modle': expected a statement (model, train, schedule, param, sweep, repeat or regularize)",
      "7:1 REG0001 expected a value (a number, a name, a string, a list or a call) but found 'train'",
      "7:16 REG0001 expected ':' but found '3'",
    ]);
  });

  it("never dumps token names in messages", () => {
    for (const src of ["model {", "model M { input [2] Dense(", "train { a: }", "model M { input [2] Dense(4) { kernel l2 } }", "}", "sweep x"]) {
      for (const m of errors(src)) expect(m).not.toMatch(/Identifier|LBrace|RParen|NumberLit|EOF|Name\b/);
    }
  });

  it("reports lexical problems with their position", () => {
    expect(errors('model M { input [2] Dense(4) @ }')).toEqual(["1:30 REG0002 unexpected character '@'"]);
    expect(errors('train { data: csv("x\n') [0]).toBe("1:19 REG0003 this string has no closing '\"' before the end of the line");
    expect(errors('train { data: csv("x\\q") }')[0]).toMatch(/^1:19 REG0003 this string has an invalid escape/);
  });

  it("stops before brackets nest deeper than 64 levels", () => {
    expect(errors("param x = " + "[".repeat(65) + "]".repeat(65))[0]).toMatch(/^1:75 REG0004/);
    expect(errors("param x = " + "[".repeat(64) + "]".repeat(64))).toEqual([]);
    expect(errors("param x = " + "(".repeat(100000))).toHaveLength(1);
  });

  it("caps the number of diagnostics", () => {
    const e = errors("schedule s =\n".repeat(500));
    expect(e).toHaveLength(51);
    expect(e[50]).toMatch(/REG0007 450 more problems not shown/);
  });

  it("reports empty and comment-only files", () => {
    expect(errors("")).toEqual(["1:1 REG0005 the file is empty: a spec needs at least a 'model' block"]);
    expect(errors("  \n# just this\n")).toEqual(["1:1 REG0005 the file has only comments: a spec needs at least a 'model' block"]);
  });
});
