// The one printer of diagnostics, for every kind regc reports: a spec's (with its code frame), a data
// file's (at its line and column, no frame of the spec), regc import's (at the JSON's line and column,
// with the JSON path), and a run's (no file, no position); in text, JSON and GitHub Actions form.
// The expected texts are reviewed by hand.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../src/api.js";
import { RegcError, diag, renderGithub, renderText, toJson, type FileDiagnostics } from "../src/diagnostics/index.js";

const source = "model M {\n  input [2]\n  Dens(4)\n}\n";
const spec: FileDiagnostics = { file: "m.reg", source, diagnostics: compile(source).diagnostics };
const data: FileDiagnostics = { file: "m.reg", source, diagnostics: [diag("notANumber", "'x4' in column 'b' is not a number", { file: "d.csv", span: { line: 3, column: 3 } })] };
const imported: FileDiagnostics = {
  file: "model.json",
  diagnostics: [diag("importBadValue", "Dense's units must be a whole number of at least 1, not 0", { span: { line: 7, column: 18 }, path: "config.layers[1].config.units" })],
};
const run: FileDiagnostics = { diagnostics: [diag("badOption", "unknown option '--epoch'")] };

describe("the one printer", () => {
  it("prints text: position, severity and code, message, and a code frame only for the spec's own spans", () => {
    expect(renderText(spec, { color: false })).toBe("m.reg:3:3: error[REG0200]: unknown layer 'Dens': did you mean 'Dense'?\n  2 |   input [2]\n> 3 |   Dens(4)\n    |   ^^^^");
    expect(renderText(data, { color: false })).toBe("d.csv:3:3: error[REG0604]: 'x4' in column 'b' is not a number");
    expect(renderText(imported, { color: false })).toBe("model.json:7:18: error[REG0704]: config.layers[1].config.units: Dense's units must be a whole number of at least 1, not 0");
    expect(renderText(run, { color: false })).toBe("error[REG0606]: unknown option '--epoch'");
    expect(renderText({ file: "m.reg", diagnostics: [diag("noSweep", "the spec has no sweep")] }, { color: false })).toBe("m.reg: error[REG0608]: the spec has no sweep");
    expect(renderText(spec, { color: true })).toContain("\u001b[31merror[REG0200]\u001b[39m");
  });

  it("prints JSON with the keys each diagnostic has", () => {
    expect(toJson(spec)).toEqual([{ file: "m.reg", line: 3, column: 3, endLine: 3, endColumn: 7, code: "REG0200", severity: "error", message: "unknown layer 'Dens': did you mean 'Dense'?" }]);
    expect(toJson(data)).toEqual([{ file: "d.csv", line: 3, column: 3, code: "REG0604", severity: "error", message: "'x4' in column 'b' is not a number" }]);
    expect(toJson(imported)).toEqual([
      { file: "model.json", line: 7, column: 18, path: "config.layers[1].config.units", code: "REG0704", severity: "error", message: "Dense's units must be a whole number of at least 1, not 0" },
    ]);
    expect(toJson(run)).toEqual([{ code: "REG0606", severity: "error", message: "unknown option '--epoch'" }]);
  });

  it("prints GitHub Actions annotations, escaping what the workflow command syntax reserves", () => {
    expect(renderGithub(spec)).toBe("::error file=m.reg,line=3,col=3,endColumn=7,title=REG0200::unknown layer 'Dens': did you mean 'Dense'?");
    expect(renderGithub(data)).toBe("::error file=d.csv,line=3,col=3,title=REG0604::'x4' in column 'b' is not a number");
    expect(renderGithub(imported)).toBe("::error file=model.json,line=7,col=18,title=REG0704::config.layers[1].config.units: Dense's units must be a whole number of at least 1, not 0");
    expect(renderGithub(run)).toBe("::error title=REG0606::unknown option '--epoch'");
    expect(renderGithub({ file: "a,b:c.reg", diagnostics: [diag("noSweep", "100%\nnext")] })).toBe("::error file=a%2Cb%3Ac.reg,title=REG0608::100%25%0Anext");
  });
});

describe("RegcError", () => {
  it("carries one diagnostic of the catalog, its message the diagnostic's", () => {
    const e = new RegcError("raggedRow", "this row has 4 cells, the header has 3", { file: "d.csv", span: { line: 3, column: 7 } });
    expect(e.message).toBe("this row has 4 cells, the header has 3");
    expect(e.diagnostic).toEqual({ code: "REG0603", severity: "error", message: "this row has 4 cells, the header has 3", file: "d.csv", span: { line: 3, column: 7 } });
    expect(new RegcError(e.diagnostic).diagnostic).toBe(e.diagnostic);
    expect(new Error("x")).not.toBeInstanceOf(RegcError);
  });

  it("is one type across bundles: an error of the runtime bundle generated programs import is a RegcError here", async () => {
    const runtime = (await import(pathToFileURL(createRequire(import.meta.url).resolve("regc/runtime")).href)) as typeof import("../src/runtime/index.js");
    expect(runtime.RegcError).not.toBe(RegcError);
    let thrown: unknown;
    try {
      runtime.parseCliArgs(["--epoch", "3"]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RegcError);
    expect((thrown as RegcError).diagnostic.code).toBe("REG0606");
  });
});
