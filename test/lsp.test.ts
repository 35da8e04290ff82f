// `regc lsp --stdio` driven over the protocol, as an editor drives it, for every feature: diagnostics
// against `regc check --format json` of the same text, hover against `regc summary --json` and the spec's own
// numbers, completion, navigation and rename, outline, folding, formatting against `regc fmt -`, code
// actions (each applied and re-checked), robustness (the fuzz corpus through didChange, stale requests)
// and start-up discipline.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, CompletionItem, DocumentSymbol, FoldingRange, Hover, Location, Range, TextEdit, WorkspaceEdit } from "vscode-languageserver/node";
import { compile } from "../src/api.js";
import { corpus, mutate, rng } from "./fuzz-corpus.js";
import { ROOT, regc, spec, tempDir } from "./helpers.js";
import { LspClient } from "./lsp-client.js";

let client: LspClient;
let docs = 0;
beforeAll(async () => {
  client = await LspClient.start();
});
afterAll(async () => {
  // A clean shutdown: the protocol's shutdown then exit ends the server with status 0.
  expect(await client.stop()).toBe(0);
  expect(client.stderr.join("")).toBe("");
});

/** Opens `text` as a new document and returns its uri. */
async function open(text: string): Promise<string> {
  const uri = `file:///tmp/regc-lsp-test/doc${++docs}.reg`;
  await client.open(uri, text);
  return uri;
}

/** The LSP position (0-based) of the `n`th occurrence of `needle` in `text`, plus `delta` characters. */
function at(text: string, needle: string, delta = 0, n = 1): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k < n; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`'${needle}' not in the text`);
  const before = text.slice(0, i + delta).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function offsetOf(text: string, p: { line: number; character: number }): number {
  const lines = text.split("\n");
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

/** Applies LSP text edits to a text (edits do not overlap; applied from the end). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
  return text;
}

const pos = (uri: string, position: { line: number; character: number }) => ({ textDocument: { uri }, position });

/** The hover's markdown at a position. */
async function hoverText(uri: string, position: { line: number; character: number }): Promise<string> {
  return ((await client.request<Hover>("textDocument/hover", pos(uri, position))).contents as { value: string }).value;
}

describe("diagnostics", () => {
  // Every spec that produces a diagnostic code (test/diagnostics/), and the bundled specs. An editor holds
  // text, so REG0006's file of bytes that are not UTF-8 has no counterpart here.
  const files = [
    ...readdirSync(join(ROOT, "test/diagnostics")).filter((f) => f.endsWith(".reg") && !f.startsWith("REG0006")).map((f) => join("test/diagnostics", f)),
    ...readdirSync(join(ROOT, "specs")).filter((f) => f.endsWith(".reg")).map((f) => join("specs", f)),
  ];

  it("are regc check's: the same codes, severities, messages and ranges, for every diagnostic code's spec", async () => {
    const json = JSON.parse(regc(["check", "--format", "json", ...files]).stdout) as { diagnostics: { file: string; line: number; column: number; endLine: number; endColumn: number; code: string; severity: string; message: string }[] };
    let compared = 0;
    const codes = new Set<string>();
    for (const file of files) {
      const uri = await open(readFileSync(join(ROOT, file), "utf8"));
      const published = await client.diagnostics(uri);
      const expected = json.diagnostics
        .filter((d) => d.file === file)
        .map((d) => ({ code: d.code, severity: d.severity === "error" ? 1 : 2, message: d.message, range: { start: { line: d.line - 1, character: d.column - 1 }, end: { line: d.endLine - 1, character: d.endColumn - 1 } } }));
      expect(published.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range })), file).toEqual(expected);
      compared += expected.length;
      for (const d of expected) codes.add(d.code);
    }
    // The advice warnings are among them.
    expect([...codes].filter((c) => c.startsWith("REG09")).length).toBeGreaterThanOrEqual(5);
    expect(compared).toBeGreaterThan(50);
  });

  it("carry related locations: the first definition of a name defined twice, the first of two blocks", async () => {
    const dup = readFileSync(join(ROOT, "test/diagnostics/REG0102-duplicate-name.reg"), "utf8");
    const published = await client.diagnostics(await open(dup));
    const related = published.diagnostics.map((d) => [d.range.start, d.relatedInformation?.map((r) => [r.location.range.start, r.message])]);
    expect(related).toEqual([
      [at(dup, "a = 1e-4"), [[at(dup, "a = 1e-3"), "'a' is first defined here"]]],
      [at(dup, "hidden", 0, 2), [[at(dup, "hidden"), "'hidden' is first defined here"]]],
    ]);
    const block = readFileSync(join(ROOT, "test/diagnostics/REG0105-duplicate-block.reg"), "utf8");
    const second = (await client.diagnostics(await open(block))).diagnostics[0]!;
    expect(second.range.start).toEqual(at(block, "train", 0, 2));
    expect(second.relatedInformation).toEqual([{ location: { uri: expect.any(String), range: expect.objectContaining({ start: at(block, "train") }) }, message: "the first 'train' is here" }]);
  });

  it("link each code to its documentation, and follow incremental edits after a debounce", async () => {
    const text = "model M {\n  input [2]\n  Dens(4)\n  Dense(1)\n}\n";
    const uri = await open(text);
    const first = await client.diagnostics(uri, 1);
    expect(first.diagnostics.map((d) => d.code)).toEqual(["REG0200"]);
    const href = first.diagnostics[0]!.codeDescription!.href;
    expect(href).toMatch(/^file:\/\/.*#reg0200$/);
    const page = readFileSync(fileURLToPath(href.replace(/#.*/, "")), "utf8");
    expect(page).toContain("## REG0200\n\nerror: The layer type is not one regc knows");

    // Three quick incremental edits: Dens -> Dense, then units 4 -> 0, then 0 -> 8. Only the last version is checked.
    await client.change(uri, 2, [{ range: { start: { line: 2, character: 6 }, end: { line: 2, character: 6 } }, text: "e" }]);
    await client.change(uri, 3, [{ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } }, text: "0" }]);
    await client.change(uri, 4, [{ range: { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } }, text: "8" }]);
    const last = await client.diagnostics(uri, 4);
    expect(last.diagnostics).toEqual([]);
    expect(client.published.filter((p) => p.uri === uri).map((p) => p.version)).toEqual([1, 4]);
  });
});

describe("hover", () => {
  it("on a layer: its output shape and parameter count, as regc summary gives them, and its slots", async () => {
    const text = spec("mnist-cnn.reg");
    const uri = await open(text);
    const summary = JSON.parse(regc(["summary", "--json", "specs/mnist-cnn.reg"]).stdout) as { layers: { class_name: string; output_shape: (number | null)[]; params: number }[] };
    const layerLines = text.split("\n").map((l, i) => ({ l, i })).filter(({ l }) => /^\s+[A-Z]\w*[ (]/.test(l));
    expect(layerLines.length).toBe(summary.layers.length);
    for (const [k, { l, i }] of layerLines.entries()) {
      const value = await hoverText(uri, { line: i, character: l.search(/\S/) + 1 });
      const row = summary.layers[k]!;
      expect(value).toContain(`**${row.class_name}**`);
      expect(value).toContain(`Output shape: \`(${row.output_shape.map((d) => d ?? "None").join(", ")}${row.output_shape.length === 1 ? "," : ""})\``);
      expect(value).toContain(`Parameters: ${row.params.toLocaleString("en-US")}`);
    }
  });

  it("on a layer with a scheduled penalty: the regularizer, the constraint and the schedule's value at its start, breakpoints and end", async () => {
    const text = spec("moons-schedule.reg");
    const uri = await open(text);
    const value = await hoverText(uri, at(text, "Dense(500", 1));
    expect(value).toContain("Parameters: 1,500");
    expect(value).toContain("| kernel | l2(decay = step { 0: 0, 1200: 1e-5, 2500: 1e-4, 4000: 1e-3 }) | none |");
    // The spec's own comment: 0, then 1e-5 at epoch 1200, 1e-4 at 2500 and 1e-3 at 4000; training ends at 4999.
    expect(value).toContain(["| epoch | value |", "|---|---|", "| 0 | 0 |", "| 1200 | 1e-5 |", "| 2500 | 1e-4 |", "| 4000 | 1e-3 |", "| 4999 | 1e-3 |"].join("\n"));
  });

  it("on a schedule or param: its definition, its uses and a param's sweep values", async () => {
    const sched = spec("moons-schedule.reg");
    const v1 = await hoverText(await open(sched), at(sched, "l2(decay", 4));
    expect(v1).toContain("schedule decay = step { 0: 0, 1200: 1e-5, 2500: 1e-4, 4000: 1e-3 }");
    expect(v1).toContain(`Used 1 time: line ${at(sched, "l2(decay").line + 1}`);
    const grid = spec("moons-grid.reg");
    const v2 = await hoverText(await open(grid), at(grid, "param lambda", 7));
    expect(v2).toContain("param lambda = 1e-3");
    expect(v2).toContain("Swept over: 0.1, 0.01, 1e-3, 1e-4, 1e-5, 1e-6");
  });

  it("on a loss, optimizer or metric: its Keras meaning and defaults", async () => {
    const text = spec("moons-l2.reg");
    const uri = await open(text);
    const hoverAt = (needle: string) => hoverText(uri, at(text, needle, 1));
    expect(await hoverAt("binary_crossentropy")).toMatch(/^\*\*loss\*\* `binary_crossentropy`\n\nCross-entropy between a 0\/1 target/);
    // Keras 3's Adam defaults (keras.optimizers.Adam: learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07).
    const adam = await hoverAt("adam(");
    for (const row of ["| learning_rate | 0.001 |", "| beta_1 | 0.9 |", "| beta_2 | 0.999 |", "| epsilon | 1e-7 |"]) expect(adam).toContain(row);
    expect(await hoverAt("accuracy]")).toContain("**metric** `accuracy`");
  });
});

describe("completion", () => {
  const labels = async (text: string, needle: string, delta = needle.length) => {
    const uri = await open(text);
    const items = await client.request<CompletionItem[]>("textDocument/completion", pos(uri, at(text, needle, delta)));
    return items.map((i) => i.label);
  };
  const model = (body: string, rest = "") => `${rest}model M {\n  input [2]\n${body}\n}\n`;

  it("layer classes, a layer's arguments and their allowed values, and its slots", async () => {
    expect(await labels(model("  Den"), "Den")).toEqual(expect.arrayContaining(["Dense", "LSTM", "Conv2D", "Dropout", "input"]));
    const args = await labels(model("  Dense(4, )"), "Dense(4, ");
    expect(args).toEqual(["units", "activation", "use_bias"]);
    expect(await labels(model("  Dense(4, activation: )"), "activation: ")).toEqual(expect.arrayContaining(["relu", "sigmoid", "softmax", "gelu"]));
    expect(await labels(model("  Conv2D(8, 3, padding: )"), "padding: ")).toEqual(["valid", "same"]);
    expect(await labels(model("  Dense(4) {\n    \n  }"), "{\n    ")).toEqual(["kernel", "bias", "activity"]);
    expect(await labels(model("  LSTM(4) {\n    \n  }"), "{\n    ")).toEqual(["kernel", "recurrent", "bias", "activity"]);
    expect(await labels(model("  Dense(4) {\n    kernel: \n  }"), "kernel: ")).toEqual(["l1", "l2", "l1_l2", "none"]);
    expect(await labels(model("  Bidirectional()"), "Bidirectional(")).toEqual(["LSTM", "GRU", "SimpleRNN"]);
  });

  it("regularize defaults, schedule kinds and their arguments, and the declared names in scope", async () => {
    expect(await labels("regularize {\n  \n}\n", "{\n  ")).toEqual(expect.arrayContaining(["Dense.kernel", "LSTM.recurrent", "Embedding.kernel"]));
    expect(await labels("regularize {\n  Dense.\n}\n", "Dense.")).toEqual(["kernel", "bias", "activity"]);
    expect(await labels("schedule s = \n", "= ")).toEqual(["constant", "step", "ramp", "exponential", "cosine", "warmup"]);
    expect(await labels("schedule s = exponential()\n", "exponential(")).toEqual(["start", "factor", "every"]);
    const scoped = model("  Dense(4) {\n    kernel: l2()\n  }\n  Dropout()", "param lam = 1e-3\nschedule decay = step { 0: 0, 10: 1e-4 }\n");
    expect(await labels(scoped, "l2(")).toEqual(expect.arrayContaining(["lam", "decay", "step", "warmup"]));
    // A dropout rate may follow a schedule too.
    expect(await labels(scoped, "Dropout(")).toEqual(["rate"]);
  });

  it("train-block keys, losses, optimizers with their arguments, metrics", async () => {
    const train = (body: string) => `train {\n${body}\n}\n`;
    expect(await labels(train("  "), "{\n  ")).toEqual(["data", "split", "loss", "optimizer", "metrics", "epochs", "batch_size", "validation_split", "shuffle", "seed", "early_stopping"]);
    expect(await labels(train("  loss: bin"), "bin")).toEqual(["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "mean_squared_error", "mse", "mean_absolute_error", "mae"]);
    expect(await labels(train("  optimizer: "), "optimizer: ")).toEqual(["sgd", "adam", "adamw", "rmsprop", "adagrad"]);
    expect(await labels(train("  optimizer: sgd()"), "sgd(")).toEqual(["learning_rate", "momentum", "nesterov"]);
    expect(await labels(train("  metrics: [accuracy, ]"), "accuracy, ")).toEqual(["accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "mse", "mae"]);
    expect(await labels(train("  data: "), "data: ")).toEqual(["moons", "csv"]);
    expect(await labels("", "", 0)).toEqual(["model", "schedule", "param", "sweep", "repeat", "regularize", "train"]);
  });
});

describe("navigation", () => {
  const text = "param lam = 1e-3\nschedule decay = step { 0: 0, 10: 1e-4 }\nsweep lam over [1e-3, 1e-4]\n\nmodel M {\n  input [2]\n  Dense hidden(8) {\n    kernel: l2(lam)\n    bias: l1(decay)\n  }\n  Dense(1) {\n    kernel: l1_l2(l1: lam, l2: decay)\n  }\n}\n";

  it("go to definition and find references of params and schedules", async () => {
    const uri = await open(text);
    const def = await client.request<Location>("textDocument/definition", pos(uri, at(text, "l2(lam", 3)));
    expect(def.range).toEqual({ start: at(text, "lam"), end: at(text, "lam", 3) });
    const refs = await client.request<Location[]>("textDocument/references", { ...pos(uri, at(text, "decay", 1)), context: { includeDeclaration: true } });
    expect(refs.map((r) => r.range.start)).toEqual([at(text, "decay"), at(text, "decay", 0, 2), at(text, "decay", 0, 3)]);
    const noDecl = await client.request<Location[]>("textDocument/references", { ...pos(uri, at(text, "lam", 1)), context: { includeDeclaration: false } });
    expect(noDecl.length).toBe(3); // the sweep and two penalties
  });

  it("rename: every occurrence, and the renamed spec checks the same; a taken name or a non-name is refused", async () => {
    const uri = await open(text);
    const prepared = await client.request<{ range: Range; placeholder: string }>("textDocument/prepareRename", pos(uri, at(text, "l2(lam", 4)));
    expect(prepared.placeholder).toBe("lam");
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...pos(uri, at(text, "l2(lam", 4)), newName: "strength" });
    const renamed = applyEdits(text, edit.changes![uri]!);
    expect(renamed).toBe(text.replace(/\blam\b/g, "strength"));
    expect(compile(renamed).diagnostics).toEqual(compile(text).diagnostics);
    await expect(client.request("textDocument/rename", { ...pos(uri, at(text, "lam")), newName: "decay" })).rejects.toThrow(/'decay' is already declared/);
    await expect(client.request("textDocument/rename", { ...pos(uri, at(text, "lam")), newName: "2x" })).rejects.toThrow(/not a name/);
    const layer = await client.request<WorkspaceEdit>("textDocument/rename", { ...pos(uri, at(text, "hidden")), newName: "first" });
    expect(applyEdits(text, layer.changes![uri]!)).toBe(text.replace("Dense hidden(", "Dense first("));
  });

  it("document symbols: the outline of model, layers, schedules, params and train", async () => {
    const uri = await open(spec("moons-grid.reg"));
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(["lambda", "sweep lambda", "repeat", "MoonsGrid", "train"]);
    const model = symbols.find((s) => s.name === "MoonsGrid")!;
    expect(model.children!.map((c) => [c.name, c.detail])).toEqual([["input", "[2]"], ["dense", "Dense (None, 500)"], ["dense_1", "Dense (None, 1)"]]);
    expect(symbols.find((s) => s.name === "train")!.children!.map((c) => c.name)).toEqual(["data", "split", "loss", "optimizer", "metrics", "epochs", "batch_size"]);
  });

  it("folding ranges: blocks and comment runs", async () => {
    const text2 = spec("moons-grid.reg");
    const uri = await open(text2);
    const ranges = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri } });
    const lines = text2.split("\n");
    const modelStart = lines.findIndex((l) => l.startsWith("model"));
    expect(ranges).toEqual(expect.arrayContaining([
      { startLine: 0, endLine: 1, kind: "comment" },
      { startLine: modelStart, endLine: modelStart + 6 },
      { startLine: modelStart + 2, endLine: modelStart + 4 },
    ]));
  });
});

describe("formatting", () => {
  it("gives regc fmt's layout for the whole document, and no edit while the file does not parse", async () => {
    const messy = readFileSync(join(ROOT, "test/fixtures/fmt/messy.reg"), "utf8");
    const uri = await open(messy);
    const edits = await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(applyEdits(messy, edits)).toBe(regc(["fmt", "-"], { input: messy }).stdout);
    const broken = await open("model M {\n  input [2]\n  Dense(4\n}\n");
    expect(await client.request("textDocument/formatting", { textDocument: { uri: broken }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
  });
});

describe("code actions", () => {
  /** The quick fixes at the first diagnostic; applies the first and returns the new text. */
  async function fix(text: string, title: RegExp): Promise<string> {
    const uri = await open(text);
    const d = (await client.diagnostics(uri)).diagnostics[0]!;
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const action = actions.find((a) => title.test(a.title));
    expect(action, `${actions.map((a) => a.title).join("; ")}`).toBeDefined();
    return applyEdits(text, action!.edit!.changes![uri]!);
  }
  const model = (body: string) => `model M {\n  input [2]\n${body}\n}\n`;
  const clean = (text: string) => expect(compile(text).diagnostics, text).toEqual([]);

  it("applies a did-you-mean suggestion", async () => {
    clean(await fix(model("  Dens(4)"), /Change 'Dens' to 'Dense'/));
    clean(await fix(model("  Dense(4, activaton: relu)"), /'activaton' to 'activation'/));
    clean(await fix(model("  Dense(4, activation: rleu)"), /'rleu' to 'relu'/));
    clean(await fix(model("  Dense(4) {\n    kernel: L2(1e-3)\n  }"), /'L2' to 'l2'/));
  });

  it("fixes Keras-shaped mistakes: name=value, 'single quotes', True, kernel_regularizer as an argument", async () => {
    clean(await fix(model("  Dense(units=4)"), /name: value/));
    clean(await fix(model("  Dense(4, activation: 'relu')"), /double quotes/));
    clean(await fix(model("  Dense(4, use_bias: True)"), /'True' to 'true'/));
    const moved = await fix(model("  Dense(4, activation: relu, kernel_regularizer: l2(1e-3)) {\n    bias: l1(1e-4)\n  }"), /into the layer's 'kernel' slot/);
    expect(moved).toBe(model("  Dense(4, activation: relu) {\n    bias: l1(1e-4)\n    kernel: l2(1e-3)\n  }"));
    clean(moved);
  });

  it("removes an unused schedule or param", async () => {
    const text = "param unused = 1\n" + model("  Dense(4)");
    expect(await fix(text, /Remove the unused param 'unused'/)).toBe(model("  Dense(4)"));
  });
});

describe("robustness", () => {
  it("answers every document of the fuzz corpus, sent through didChange, with regc check's diagnostics", async () => {
    const uri = await open("");
    const r = rng(15);
    let version = 1;
    const sources = [...corpus, ...Array.from({ length: 150 }, () => mutate(corpus[Math.floor(r() * corpus.length)]!, r))];
    for (const source of sources) {
      await client.change(uri, ++version, [{ text: source }]);
      // Each version is checked on its own: wait for it, then compare with the compiler.
      const published = await client.diagnostics(uri, version);
      expect(published.diagnostics.map((d) => [d.code, d.message]), source.slice(0, 200)).toEqual(compile(source).diagnostics.map((d) => [d.code, d.message]));
      // Requests on any text answer without failing the server.
      const p = { line: 1, character: 3 };
      await client.request("textDocument/hover", pos(uri, p));
      await client.request("textDocument/completion", pos(uri, p));
      await client.request("textDocument/documentSymbol", { textDocument: { uri } });
      await client.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    }
  });

  it("cancels a request for a version that an edit already replaced (ContentModified)", async () => {
    // The hover and the edit behind it arrive in one read, as they do from a fast typist: raw frames, one write.
    const text = spec("moons-l2.reg");
    const uri = "file:///tmp/stale.reg";
    const frame = (m: object) => {
      const body = JSON.stringify({ jsonrpc: "2.0", ...m });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    const child = spawn(join(ROOT, "bin", "regc"), ["lsp", "--stdio"], { cwd: ROOT });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const hoverAt = { textDocument: { uri }, position: at(text, "Dense(500", 1) };
    child.stdin.write(frame({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } }) + frame({ method: "initialized", params: {} }) + frame({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "reg", version: 1, text } } }));
    child.stdin.write(frame({ id: 2, method: "textDocument/hover", params: hoverAt }) + frame({ method: "textDocument/didChange", params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace("500", "400") }] } }) + frame({ id: 3, method: "textDocument/hover", params: hoverAt }));
    const responses = async () => {
      for (let i = 0; i < 200 && !/"id":3/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      return out.split(/Content-Length: \d+\r\n\r\n/).filter(Boolean).map((m) => JSON.parse(m) as { id?: number; error?: { code: number }; result?: Hover });
    };
    const messages = await responses();
    child.stdin.write(frame({ id: 4, method: "shutdown" }) + frame({ method: "exit" }));
    expect(messages.find((m) => m.id === 2)?.error?.code).toBe(-32801);
    expect((messages.find((m) => m.id === 3)?.result?.contents as { value: string }).value).toContain("Output shape: `(None, 400)`");
  });

  it("starts and serves without loading TensorFlow.js or prettier", async () => {
    const log = join(tempDir(), "imports.txt");
    writeFileSync(log, "");
    const child = spawn(process.execPath, ["--import", join(ROOT, "test/fixtures/record-imports.mjs"), join(ROOT, "dist/cli.mjs"), "lsp", "--stdio"], {
      cwd: ROOT,
      env: { ...process.env, REGC_RECORD_IMPORTS: log },
    });
    const { createProtocolConnection } = await import("vscode-languageserver/node");
    const conn = createProtocolConnection(child.stdout, child.stdin);
    conn.listen();
    await conn.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
    const uri = "file:///tmp/x.reg";
    const text = spec("moons-l2.reg");
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "reg", version: 1, text } });
    await conn.sendRequest("textDocument/hover", pos(uri, at(text, "Dense(500", 1)));
    await conn.sendRequest("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    await conn.sendRequest("shutdown");
    await conn.sendNotification("exit");
    await new Promise((resolve) => child.on("exit", resolve));
    conn.dispose();
    const loaded = readFileSync(log, "utf8");
    expect(loaded).toContain("server-"); // the hook saw the server's chunk load
    expect(loaded).not.toMatch(/@tensorflow|prettier|cli-progress/);
  });
});
