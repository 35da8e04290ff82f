// Diagnostics: the one type every stage reports problems with, and how they are printed.
import { codeFrameColumns } from "@babel/code-frame";
import { catalog, type DiagnosticKind, type Severity } from "./catalog.js";
import type { Span } from "../parser/ast.js";

export { catalog, type DiagnosticKind, type Severity };

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
}

/** A diagnostic of the catalog's kind, with a message in the user's terms. */
export function diag(kind: DiagnosticKind, message: string, span: Span): Diagnostic {
  const entry = catalog[kind];
  return { code: entry.code, severity: entry.severity, message, span };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorts by position; at the same position the one reported first (the more basic problem) stays first. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.span.offset - b.span.offset);
}

export interface FileDiagnostics {
  file: string;
  source: string;
  diagnostics: Diagnostic[];
}

export interface RenderOptions {
  color: boolean;
}

function paint(on: boolean, code: number, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[39m` : text;
}

/** `file:line:col: error[REG0200]: message`, then the source line with a caret under the span. */
export function renderText(f: FileDiagnostics, opts: RenderOptions): string {
  const out: string[] = [];
  for (const d of f.diagnostics) {
    const sev = paint(opts.color, d.severity === "error" ? 31 : 33, `${d.severity}[${d.code}]`);
    out.push(`${f.file}:${d.span.line}:${d.span.column}: ${sev}: ${d.message}`);
    const frame = frameFor(f.source, d.span);
    if (frame) out.push(frame);
  }
  return out.join("\n");
}

function frameFor(source: string, span: Span): string {
  if (source.length === 0) return "";
  const sameLine = span.endLine === span.line && span.endColumn > span.column;
  const location = {
    start: { line: span.line, column: span.column },
    end: sameLine ? { line: span.line, column: Math.min(span.endColumn, 202) } : undefined,
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
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: Severity;
  message: string;
}

export function toJson(f: FileDiagnostics): JsonDiagnostic[] {
  return f.diagnostics.map((d) => ({
    file: f.file,
    line: d.span.line,
    column: d.span.column,
    endLine: d.span.endLine,
    endColumn: d.span.endColumn,
    code: d.code,
    severity: d.severity,
    message: d.message,
  }));
}

/** GitHub Actions workflow commands: one `::error file=...,line=...::message` per diagnostic. */
export function renderGithub(f: FileDiagnostics): string {
  const prop = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
  const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return f.diagnostics
    .map((d) => {
      const end = d.span.endLine === d.span.line ? `,endColumn=${d.span.endColumn}` : `,endLine=${d.span.endLine}`;
      return `::${d.severity} file=${prop(f.file)},line=${d.span.line},col=${d.span.column}${end},title=${d.code}::${data(d.message)}`;
    })
    .join("\n");
}
