// The TextMate grammar for editors (grammar/regc.tmLanguage.json), run by the engine VS Code uses
// (vscode-textmate + vscode-oniguruma): every spec tokenizes with no unscoped or invalid text, its
// token edges agree with regc's own lexer (src/parser/tokens.ts), and real lines get the right scopes.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";
import { beforeAll, describe, expect, it } from "vitest";
import { LAYERS, SLOTS } from "../src/layers/catalog.js";
import { keywordTokens, regLexer } from "../src/parser/tokens.js";
import { ROOT, regc } from "./helpers.js";

const GRAMMAR = join(ROOT, "grammar/regc.tmLanguage.json");
const SAMPLE = join(ROOT, "test/fixtures/textmate/sample.reg");
const SPECS = readdirSync(join(ROOT, "specs"))
  .filter((f) => f.endsWith(".reg"))
  .map((f) => join(ROOT, "specs", f));

interface Token {
  line: number;
  start: number; // offset in the file
  end: number;
  text: string;
  scopes: string[];
}

let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) => (scope === "source.reg" ? vsctm.parseRawGrammar(readFileSync(GRAMMAR, "utf8"), GRAMMAR) : null),
  });
  const g = await registry.loadGrammar("source.reg");
  if (!g) throw new Error("grammar did not load");
  grammar = g;
});

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let stack = vsctm.INITIAL;
  let offset = 0;
  source.split("\n").forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const end = Math.min(t.endIndex, line.length);
      if (end > t.startIndex) tokens.push({ line: i + 1, start: offset + t.startIndex, end: offset + end, text: line.slice(t.startIndex, end), scopes: t.scopes });
    }
    stack = r.ruleStack;
    offset += line.length + 1;
  });
  return tokens;
}

/** The innermost scope of each token with this text on this line: `scopeOf(src, 3, "l2")`. */
function scopesOf(tokens: Token[], line: number, text: string): string[] {
  const t = tokens.find((x) => x.line === line && x.text === text);
  if (!t) throw new Error(`no token '${text}' on line ${line}: ${JSON.stringify(tokens.filter((x) => x.line === line).map((x) => x.text))}`);
  return t.scopes;
}

const innermost = (tokens: Token[], line: number, text: string) => scopesOf(tokens, line, text).at(-1);

/** What a one-line snippet's token gets, e.g. scopeIn("  Dense(4)", "Dense"). */
function scopeIn(line: string, text: string): string | undefined {
  return innermost(tokenize(line), 1, text);
}

describe("TextMate grammar", () => {
  it("is the .reg grammar (scope source.reg, file type reg)", () => {
    const raw = JSON.parse(readFileSync(GRAMMAR, "utf8"));
    expect(raw.scopeName).toBe("source.reg");
    expect(raw.fileTypes).toEqual(["reg"]);
  });

  for (const file of [...SPECS, SAMPLE]) {
    const name = file.slice(ROOT.length);
    it(`tokenizes ${name} with every character scoped, none invalid, and the lexer's token edges`, () => {
      const source = readFileSync(file, "utf8");
      const tokens = tokenize(source);
      for (const t of tokens) {
        if (t.text.trim() === "") continue;
        expect(t.scopes.length, `unscoped '${t.text}' at ${name}:${t.line}`).toBeGreaterThan(1);
        expect(t.scopes.join(" "), `'${t.text}' at ${name}:${t.line}`).not.toContain("invalid");
      }
      // Every token of regc's lexer starts and ends at a TextMate token edge, and is the same kind of thing.
      const lexed = regLexer.tokenize(source);
      expect(lexed.errors).toEqual([]);
      const edges = new Set(tokens.flatMap((t) => [t.start, t.end]));
      const at = (offset: number) => tokens.find((t) => t.start <= offset && offset < t.end)!;
      for (const t of [...lexed.tokens, ...(lexed.groups.comments ?? [])]) {
        const where = `'${t.image}' at ${name}:${t.startLine}:${t.startColumn}`;
        expect(edges.has(t.startOffset), `${where} starts inside a TextMate token`).toBe(true);
        expect(edges.has(t.endOffset! + 1), `${where} ends inside a TextMate token`).toBe(true);
        const scopes = at(t.startOffset).scopes.join(" ");
        const kind = t.tokenType.name;
        if (kind === "Comment") expect(scopes, where).toContain("comment.line.number-sign.reg");
        else if (kind === "String") expect(scopes, where).toContain("string.quoted.double.reg");
        else if (kind === "Percent") expect(scopes, where).toContain("constant.numeric.percentage.reg");
        else if (kind === "Number") expect(scopes, where).toMatch(/constant\.numeric\.reg$/);
        else if (kind === "Identifier" || keywordTokens.includes(t.tokenType)) expect(scopes, where).not.toMatch(/punctuation|constant\.numeric|string/);
        else expect(scopes, where).toMatch(/punctuation|keyword\.operator/);
      }
    });
  }

  it("the sample covers every kind of token and is a valid spec", () => {
    const kinds = new Set(regLexer.tokenize(readFileSync(SAMPLE, "utf8")).tokens.map((t) => t.tokenType.name));
    for (const k of ["Model", "Input", "Schedule", "Param", "Sweep", "Over", "Repeat", "Regularize", "Train", "Identifier", "Percent", "Number", "String", "LBrace", "RBrace", "LParen", "RParen", "LBracket", "RBracket", "Colon", "Comma", "Equals", "Dot"]) {
      expect(kinds, k).toContain(k);
    }
    const r = regc(["check", SAMPLE]);
    expect(r.stdout).not.toContain("error");
    expect(r.status).toBe(0);
  });

  it("scopes the tokens of real spec lines", () => {
    const src = readFileSync(join(ROOT, "specs/moons-l2.reg"), "utf8");
    const t = tokenize(src);
    const line = (s: string) => src.split("\n").findIndex((l) => l.includes(s)) + 1;
    const comment = src.split("\n")[0]!;
    expect(comment.startsWith("# ")).toBe(true);
    expect(innermost(t, 1, "#")).toBe("punctuation.definition.comment.reg");
    expect(innermost(t, 1, comment.slice(1))).toBe("comment.line.number-sign.reg");
    expect(innermost(t, line("model MoonsL2"), "model")).toBe("keyword.other.model.reg");
    expect(innermost(t, line("model MoonsL2"), "MoonsL2")).toBe("entity.name.type.model.reg");
    expect(innermost(t, line("input [2]"), "input")).toBe("keyword.other.input.reg");
    expect(innermost(t, line("input [2]"), "2")).toBe("constant.numeric.reg");
    const dense = line("Dense(500");
    expect(innermost(t, dense, "Dense")).toBe("support.class.layer.reg");
    expect(innermost(t, dense, "500")).toBe("constant.numeric.reg");
    expect(innermost(t, dense, "activation")).toBe("variable.parameter.reg");
    expect(innermost(t, dense, "relu")).toBe("variable.other.reg");
    expect(scopesOf(t, dense, "relu")).toContain("meta.arguments.reg");
    const kernel = line("kernel: l2(1e-3)");
    expect(innermost(t, kernel, "kernel")).toBe("variable.language.slot.reg");
    expect(innermost(t, kernel, "l2")).toBe("support.function.regularizer.reg");
    expect(innermost(t, kernel, "1e-3")).toBe("constant.numeric.reg");
    expect(scopesOf(t, kernel, "1e-3")).toEqual(["source.reg", "meta.block.reg", "meta.block.reg", "meta.arguments.reg", "constant.numeric.reg"]);
    expect(innermost(t, line("train {"), "train")).toBe("keyword.other.train.reg");
    const data = line("data: moons");
    expect(innermost(t, data, "data")).toBe("support.type.property-name.reg");
    expect(innermost(t, data, "moons")).toBe("entity.name.function.reg");
    expect(innermost(t, data, "0.2")).toBe("constant.numeric.reg");
    expect(innermost(t, line("optimizer: adam"), "learning_rate")).toBe("variable.parameter.reg");
  });

  it("scopes the other statements, schedules, percentages, strings and named layers", () => {
    const src = readFileSync(SAMPLE, "utf8");
    const t = tokenize(src);
    const line = (s: string) => src.split("\n").findIndex((l) => l.includes(s)) + 1;
    const param = line("param lambda");
    expect(innermost(t, param, "param")).toBe("keyword.other.param.reg");
    expect(innermost(t, param, "lambda")).toBe("entity.name.variable.param.reg");
    expect(innermost(t, param, "=")).toBe("keyword.operator.assignment.reg");
    const sweep = line("sweep lambda");
    expect(innermost(t, sweep, "sweep")).toBe("keyword.other.sweep.reg");
    expect(innermost(t, sweep, "over")).toBe("keyword.other.over.reg");
    expect(innermost(t, sweep, "logspace")).toBe("entity.name.function.reg");
    expect(innermost(t, line("repeat 2"), "repeat")).toBe("keyword.other.repeat.reg");
    const schedule = line("schedule decay");
    expect(innermost(t, schedule, "schedule")).toBe("keyword.other.schedule.reg");
    expect(innermost(t, schedule, "decay")).toBe("entity.name.variable.schedule.reg");
    expect(innermost(t, schedule, "step")).toBe("support.function.schedule.reg");
    expect(innermost(t, schedule, "30")).toBe("constant.numeric.percentage.reg");
    expect(innermost(t, schedule, "%")).toBe("keyword.other.unit.percent.reg");
    expect(innermost(t, schedule, "1.5E-4")).toBe("constant.numeric.reg");
    expect(innermost(t, line("regularize {"), "regularize")).toBe("keyword.other.regularize.reg");
    const dflt = line("Dense.kernel:");
    expect(innermost(t, dflt, "Dense")).toBe("support.class.layer.reg");
    expect(innermost(t, dflt, ".")).toBe("punctuation.accessor.reg");
    expect(innermost(t, dflt, "kernel")).toBe("variable.language.slot.reg");
    expect(innermost(t, line("Conv1D.bias"), ".05")).toBe("constant.numeric.reg");
    const named = line("Dense hidden");
    expect(innermost(t, named, "Dense")).toBe("support.class.layer.reg");
    expect(innermost(t, named, "hidden")).toBe("entity.name.variable.layer.reg");
    expect(innermost(t, line("recurrent: l1_l2"), "recurrent")).toBe("variable.language.slot.reg");
    expect(innermost(t, line("recurrent: l1_l2"), "l1_l2")).toBe("support.function.regularizer.reg");
    expect(innermost(t, line("recurrent: l1_l2"), "l1")).toBe("variable.parameter.reg");
    expect(innermost(t, line("bias: none"), "none")).toBe("constant.language.none.reg");
    expect(innermost(t, line("activity: l1(warmup"), "warmup")).toBe("support.function.schedule.reg");
    expect(innermost(t, line("Dropout(cosine"), "cosine")).toBe("support.function.schedule.reg");
    expect(innermost(t, line("use_bias: false"), "false")).toBe("constant.language.boolean.reg");
    const csv = line("csv(");
    expect(innermost(t, csv, "\"")).toBe("punctuation.definition.string.begin.reg");
    expect(innermost(t, csv, "\\u00e9")).toBe("constant.character.escape.reg");
    expect(innermost(t, csv, "\\\"")).toBe("constant.character.escape.reg");
    expect(scopesOf(t, csv, "data/x")).toContain("string.quoted.double.reg");
    expect(innermost(t, csv, "target")).toBe("variable.parameter.reg");
    // A keyword used as a key is a key.
    expect(scopeIn("train { model: 1 }", "model")).toBe("support.type.property-name.reg");
  });

  it("knows the layers, slots, regularizers, schedules and keywords that regc knows", () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "src/ir/schema.json"), "utf8"));
    for (const layer of Object.keys(LAYERS)) expect(scopeIn(`  ${layer}(1)`, layer), layer).toBe("support.class.layer.reg");
    for (const slot of SLOTS) expect(scopeIn(`Dense(1) { ${slot}: none }`, slot), slot).toBe("variable.language.slot.reg");
    const regularizers: string[] = schema.definitions.regularizer.oneOf[1].properties.kind.enum;
    for (const r of regularizers) expect(scopeIn(`x: ${r}(1)`, r), r).toBe("support.function.regularizer.reg");
    const schedules: string[] = schema.definitions.schedule.oneOf.flatMap((s: { properties: { kind: { const?: string; enum?: string[] } } }) => s.properties.kind.enum ?? [s.properties.kind.const]);
    expect(schedules).toHaveLength(6);
    for (const s of schedules) expect(scopeIn(`schedule s = ${s}(1)`, s), s).toBe("support.function.schedule.reg");
    for (const k of keywordTokens) {
      const word = k.name.toLowerCase();
      expect(scopeIn(`${word} `, word), word).toBe(`keyword.other.${word}.reg`);
    }
    // Not a layer: a misspelling, or a layer's name used as a plain word.
    expect(scopeIn("  Dens(4)", "Dens")).toBe("entity.name.function.reg");
    expect(scopeIn("  Densely", "Densely")).toBe("variable.other.reg");
    expect(scopeIn("x: l3(1)", "l3")).toBe("entity.name.function.reg");
  });

  it("marks what the lexer rejects as invalid", () => {
    expect(scopeIn("model M { input [2] $ }", "$")).toBe("invalid.illegal.character.reg");
    expect(scopeIn('data: csv("a\\qb")', "\\q")).toBe("invalid.illegal.escape.reg");
    // Numbers and percentages as the lexer reads them.
    const t = tokenize("x: [-1.5e+3, .5, 7., 30%, -2%]");
    for (const n of ["-1.5e+3", ".5", "7."]) expect(innermost(t, 1, n), n).toBe("constant.numeric.reg");
    for (const n of ["30", "-2"]) expect(innermost(t, 1, n), n).toBe("constant.numeric.percentage.reg");
  });
});
