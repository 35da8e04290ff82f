// regc's programmatic API: the compiler pipeline as functions (parse, check), shared by the CLI and tests.
import { parse, type SpecFile } from "./parser/index.js";
import { check, checkPoints, type CheckOptions } from "./checker/index.js";
import type { Diagnostic, SourceDiagnostic } from "./diagnostics/index.js";
import type { IR } from "./ir/types.js";

export { parse, check, checkPoints };
export type { CheckOptions, Diagnostic, IR, SourceDiagnostic, SpecFile };

export interface Compiled {
  ast?: SpecFile;
  ir?: IR;
  diagnostics: SourceDiagnostic[];
}

/** Parses and checks one spec. Semantic checks are skipped once there are syntax errors. */
export function compile(source: string, options: CheckOptions = {}): Compiled {
  const parsed = parse(source);
  if (!parsed.ast) return { diagnostics: parsed.diagnostics };
  const checked = check(parsed.ast, options);
  return { ast: parsed.ast, ir: checked.ir, diagnostics: checked.diagnostics };
}

/** Every IR a spec stands for: one per sweep point (the spec itself when it has no sweep), parsed once. */
export function sweepPoints(source: string, ir: IR, options: CheckOptions = {}): { value: number | null; ir: IR }[] {
  if (!ir.sweep) return [{ value: null, ir }];
  const { ast } = parse(source);
  if (!ast) throw new Error("internal error: a checked spec does not parse");
  return checkPoints(ast, ir, options);
}
