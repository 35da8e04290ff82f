// The shared first step of commands that need a checked spec (summary, build, train, sweep): read it,
// compile it, print its diagnostics to stderr, and give back the IR only when there are no errors.
import { basename, dirname, resolve } from "node:path";
import { compile, type CheckOptions, type IR } from "../api.js";
import { renderText } from "../diagnostics/index.js";
import { readSpec, type SpecText } from "../io/index.js";
import { EXIT, setExit, useColor } from "./output.js";

export function checkedSpec(path: string, options: CheckOptions = {}): { spec: SpecText; ir?: IR } {
  const spec = readSpec(path);
  const result = spec.diagnostics.length > 0 ? { diagnostics: spec.diagnostics, ir: undefined } : compile(spec.source, options);
  if (result.diagnostics.length > 0) {
    process.stderr.write(renderText({ file: spec.file, source: spec.source, diagnostics: result.diagnostics }, { color: useColor(process.stderr) }) + "\n");
  }
  if (!result.ir) setExit(EXIT.errors);
  return { spec, ir: result.ir };
}

/**
 * The one line for an error a spec's build or run reports to the user (exit 1), or undefined for
 * anything else (a bug). An emitter's EmitError (what a target cannot express) is `file[:line]: error:
 * ...`; the runtime's RegcRuntimeError is already `[file:line:col: ]error[REG06xx]: ...` and is named
 * by the spec when it has no position. By name: the runtime is its own bundle (dist/runtime.mjs).
 */
export function userErrorLine(file: string, e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const { line, where } = e as Error & { line?: number; where?: unknown };
  if (e.name === "EmitError") return `${file}${line === undefined ? "" : `:${line}`}: error: ${e.message}`;
  if (e.name === "RegcRuntimeError") return where ? e.message : `${file}: ${e.message}`;
  return undefined;
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
