// Diagnostics: the one type every stage reports problems with (the parser, the checker, the emitters'
// refusals, regc import, the runtime and its data files), the one error that carries one, and the one
// printer of them all: text (with the code frame), JSON and GitHub Actions annotations.
import { codeFrameColumns } from "@babel/code-frame";
import { catalog, type DiagnosticKind, type Severity } from "./catalog.js";
import type { Span } from "./span.js";

export { catalog, type DiagnosticKind, type Severity };

/** Where a diagnostic points: 1-based line and column of its first character, and its end (exclusive) when known. */
export interface Range {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * One problem, with a code of the catalog. It points at a range of the file it is reported for (the
 * spec; the Keras JSON for regc import) or of `file` (a data file the spec reads), and regc import's
 * also name the JSON path of the value at fault. A problem of a whole run (a bad command-line option,
 * a spec with nothing to train) has no range.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span?: Range;
  /** The file the span is in, when it is not the one the diagnostic is reported for (a CSV data file). */
  file?: string;
  /** regc import: the JSON path of the value at fault, `config.layers[2].config.units`. */
  path?: string;
}

/** What the parser and the checker report: always a span of the spec, with offsets. */
export type SourceDiagnostic = Diagnostic & { span: Span };

/** A diagnostic of the catalog's kind, with a message in the user's terms. */
export function diag(kind: DiagnosticKind, message: string, span: Span): SourceDiagnostic;
export function diag(kind: DiagnosticKind, message: string, where?: Pick<Diagnostic, "span" | "file" | "path">): Diagnostic;
export function diag(kind: DiagnosticKind, message: string, where?: Span | Pick<Diagnostic, "span" | "file" | "path">): Diagnostic {
  const entry = catalog[kind];
  const d: Diagnostic = { code: entry.code, severity: entry.severity, message };
  if (where && "offset" in where) d.span = where;
  else if (where) Object.assign(d, where);
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorts by position; at the same position the one reported first (the more basic problem) stays first. */
export function sortDiagnostics<D extends SourceDiagnostic>(diagnostics: D[]): D[] {
  return diagnostics.sort((a, b) => a.span.offset - b.span.offset);
}

// One key in the runtime's global symbol registry: a RegcError thrown by another copy of this module
// (the runtime bundle dist/runtime.mjs that generated programs import, beside the CLI's own) is still one.
const BRAND = Symbol.for("regc.RegcError");

/**
 * A problem that stops a command (an emitter's refusal, a data file that cannot be read, an option of a
 * generated program): its diagnostic, printed by the one printer, exit 1 (2 for a bad option), never a
 * stack trace. `instanceof RegcError` holds across bundles (it checks the brand, not the prototype).
 */
export class RegcError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(kind: DiagnosticKind, message: string, where?: Pick<Diagnostic, "span" | "file" | "path">);
  /** A diagnostic made elsewhere (a sweep's worker process sends its diagnostic over IPC). */
  constructor(diagnostic: Diagnostic);
  constructor(what: DiagnosticKind | Diagnostic, message?: string, where?: Pick<Diagnostic, "span" | "file" | "path">) {
    const d = typeof what === "string" ? diag(what, message ?? "", where) : what;
    super(d.message);
    this.diagnostic = d;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](x: unknown): x is RegcError {
    return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** REG0607: `regc train` and `regc sweep` (in this process or a worker) of a spec without a train block. */
export function noTrainBlock(): RegcError {
  return new RegcError("noTrainBlock", "the spec has no train block, so there is nothing to train (add `train { data: ..., loss: ..., optimizer: ..., epochs: ... }`)");
}

/** The diagnostics of one file (a spec, a Keras JSON), or of a run that reads no file (`file` absent). */
export interface FileDiagnostics {
  file?: string;
  /** The file's text, for code frames; absent: no frames (a Keras JSON is usually one long line). */
  source?: string;
  diagnostics: readonly Diagnostic[];
}

export interface RenderOptions {
  color: boolean;
}

function paint(on: boolean, code: number, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[39m` : text;
}

/** Which file a diagnostic is in and where: `spec.reg:3:3`, `data.csv:4:2`, `spec.reg`, or nothing. */
function location(f: FileDiagnostics, d: Diagnostic): string | undefined {
  const file = d.file ?? f.file;
  if (!d.span) return file;
  return `${file ?? ""}:${d.span.line}:${d.span.column}`;
}

/** The message as printed: regc import's JSON path first. */
function shownMessage(d: Diagnostic): string {
  return d.path ? `${d.path}: ${d.message}` : d.message;
}

/**
 * `file:line:col: error[REG0200]: message`, then the source line with a caret under the span (when the
 * span is in `f.source`); `file: error[...]: ...` for a problem of the whole file, `error[...]: ...` of a run.
 */
export function renderText(f: FileDiagnostics, opts: RenderOptions): string {
  const out: string[] = [];
  for (const d of f.diagnostics) {
    const sev = paint(opts.color, d.severity === "error" ? 31 : 33, `${d.severity}[${d.code}]`);
    const where = location(f, d);
    out.push(`${where === undefined ? "" : `${where}: `}${sev}: ${shownMessage(d)}`);
    const frame = d.span && d.file === undefined && f.source !== undefined ? frameFor(f.source, d.span) : "";
    if (frame) out.push(frame);
  }
  return out.join("\n");
}

function frameFor(source: string, span: Range): string {
  if (source.length === 0) return "";
  const end = span.endLine === span.line && span.endColumn !== undefined && span.endColumn > span.column ? span.endColumn : undefined;
  const location = {
    start: { line: span.line, column: span.column },
    end: end === undefined ? undefined : { line: span.line, column: Math.min(end, 202) },
  };
  // Only the lines around the problem are excerpted (padded with empty lines so numbering stays
  // true): a 1 MB file must not cost a split per diagnostic, nor print a megabyte-long line.
  const lines = linesAround(source, span.line, 1);
  const text = "\n".repeat(lines.first - 1) + lines.text;
  return codeFrameColumns(text, location, { linesAbove: 1, linesBelow: 0, highlightCode: false });
}

function linesAround(source: string, line: number, before: number): { first: number; text: string } {
  const first = Math.max(1, line - before);
  let pos = 0;
  for (let l = 1; l < first && pos >= 0; l++) pos = source.indexOf("\n", pos) + 1 || -1;
  if (pos < 0) return { first: 1, text: "" };
  let end = pos;
  for (let l = first; l <= line && end >= 0; l++) {
    const next = source.indexOf("\n", end);
    end = next < 0 ? -1 : next + 1;
  }
  const text = end < 0 ? source.slice(pos) : source.slice(pos, end - 1);
  // Keep an excerpt short even when the offending line is huge (a 1 MB single-line file).
  return { first, text: text.split("\n").map((l) => (l.length > 200 ? l.slice(0, 200) + " ..." : l)).join("\n") };
}


export interface JsonDiagnostic {
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  path?: string;
  code: string;
  severity: Severity;
  message: string;
}

/** One JSON object per diagnostic (the keys a diagnostic has: a run's problem has no file or position). */
export function toJson(f: FileDiagnostics): JsonDiagnostic[] {
  return f.diagnostics.map((d) => {
    const file = d.file ?? f.file;
    const s = d.span;
    return {
      ...(file === undefined ? {} : { file }),
      ...(s ? { line: s.line, column: s.column } : {}),
      ...(s?.endLine === undefined ? {} : { endLine: s.endLine }),
      ...(s?.endColumn === undefined ? {} : { endColumn: s.endColumn }),
      ...(d.path === undefined ? {} : { path: d.path }),
      code: d.code,
      severity: d.severity,
      message: d.message,
    };
  });
}

/** GitHub Actions workflow commands: one `::error file=...,line=...::message` per diagnostic. */
export function renderGithub(f: FileDiagnostics): string {
  const prop = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
  const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return f.diagnostics
    .map((d) => {
      const file = d.file ?? f.file;
      const s = d.span;
      const props = [
        ...(file === undefined ? [] : [`file=${prop(file)}`]),
        ...(s ? [`line=${s.line}`, `col=${s.column}`] : []),
        ...(s?.endLine !== undefined && s.endLine !== s.line ? [`endLine=${s.endLine}`] : s?.endColumn !== undefined ? [`endColumn=${s.endColumn}`] : []),
        `title=${d.code}`,
      ];
      return `::${d.severity} ${props.join(",")}::${data(shownMessage(d))}`;
    })
    .join("\n");
}
