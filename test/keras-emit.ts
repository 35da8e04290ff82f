// Shared by the Keras tests (unit and interop): the specs they cover, and regc's Keras outputs for a
// spec computed in-process, exactly as `regc build` computes them (every sweep point).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compile, sweepPoints } from "../src/api.js";
import { emitKeras } from "../src/codegen/keras/index.js";
import { RegcError } from "../src/diagnostics/index.js";
import type { OutputFile } from "../src/codegen/index.js";
import type { IR } from "../src/ir/types.js";
import { ROOT } from "./helpers.js";

export const FIX = "test/fixtures/keras-specs";
export const SPECS = readdirSync(join(ROOT, "specs")).filter((f) => f.endsWith(".reg")).sort().map((f) => `specs/${f}`);
export const FIXTURES = readdirSync(join(ROOT, FIX)).filter((f) => f.endsWith(".reg")).sort().map((f) => `${FIX}/${f}`);

export interface Built {
  /** The spec, and the sweep point (null without a sweep). */
  spec: string;
  value: number | null;
  ir: IR;
  /** The model JSON's name and text, and regc_schedules.py when written; or why the format refused. */
  files?: OutputFile[];
  error?: RegcError;
}

/** One entry per sweep point (one for a spec without a sweep). */
export function buildSpec(spec: string, keras: 2 | 3): Built[] {
  const source = readFileSync(join(ROOT, spec), "utf8");
  const { ir, diagnostics } = compile(source);
  if (!ir) throw new Error(`${spec} does not check: ${diagnostics.map((d) => d.message).join("; ")}`);
  const base = spec.replace(/^.*\//, "").replace(/\.reg$/, "");
  return sweepPoints(source, ir).map(({ value, ir: point }) => {
    const name = value === null ? base : `${base}.${ir.sweep!.param}=${value}`;
    try {
      return { spec, value, ir: point, files: emitKeras(point, { spec, base: name, keras }) };
    } catch (e) {
      if (e instanceof RegcError) return { spec, value, ir: point, error: e };
      throw e;
    }
  });
}
