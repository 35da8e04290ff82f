// The shared first step of commands that need a checked spec (summary, build, train, sweep): read it,
// compile it, print its diagnostics to stderr, and give back the IR only when there are no errors.
import { basename, dirname, resolve } from "node:path";
import { compile, type CheckOptions, type IR, type SpecFile } from "../api.js";
import { RegcError } from "../diagnostics/index.js";
import { readSpec, type SpecText } from "../io/index.js";
import { EXIT, printDiagnostics, setExit } from "./output.js";

export function checkedSpec(path: string, options: CheckOptions = {}): { spec: SpecText; ast?: SpecFile; ir?: IR } {
  const spec = readSpec(path);
  const result = spec.diagnostics.length > 0 ? { diagnostics: spec.diagnostics, ast: undefined, ir: undefined } : compile(spec.source, options);
  printDiagnostics({ file: spec.file, source: spec.source, diagnostics: result.diagnostics });
  if (!result.ir) setExit(EXIT.errors);
  return { spec, ast: result.ast, ir: result.ir };
}

/**
 * A problem met while building or running a checked spec (an emitter's refusal, a data file, a NaN loss):
 * printed with the spec's name and code frame, exit 1. Anything that is not a RegcError is regc's bug
 * and goes on to main's internal-error report.
 */
export function reportError(spec: SpecText, e: unknown): void {
  if (!(e instanceof RegcError)) throw e;
  printDiagnostics({ file: spec.file, source: spec.source, diagnostics: [e.diagnostic] });
  setExit(EXIT.errors);
}

/** What a spec's outputs are named after: its file name without `.reg`, or the model's name for stdin. */
export function specBase(path: string, ir: IR): string {
  return path === "-" ? ir.name : basename(path).replace(/\.reg$/, "");
}

/** The spec's folder (absolute; the working folder for stdin): data paths and default outputs are beside it. */
export function specFolder(path: string): string {
  return path === "-" ? process.cwd() : dirname(resolve(path));
}

/**
 * Runs `f` with console.log sent to stderr when `reserve` is set, so that stdout carries only the one
 * JSON document a command prints (--json, sweep workers) whatever a library logs meanwhile.
 */
export async function withStdoutReserved<T>(reserve: boolean, f: () => Promise<T>): Promise<T> {
  const log = console.log;
  if (reserve) console.log = (...args: unknown[]) => console.error(...args);
  try {
    return await f();
  } finally {
    console.log = log;
  }
}
