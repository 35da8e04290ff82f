// `regc build FILE --target keras|tfjs`: emits the outputs of a spec (one set per sweep point, plus a
// manifest), writes them atomically beside the spec or into --out, or with --check compares them.
import { dirname, join } from "node:path";
import { checkPoints, type SpecFile } from "../../api.js";
import { readOutput, writeAtomically } from "../../io/index.js";
import type { OutputFile } from "../../codegen/index.js";
import type { IR } from "../../ir/types.js";
import type { SpecText } from "../../io/index.js";
import { checkedSpec, reportError, specBase } from "../checked.js";
import { EXIT, setExit } from "../output.js";

export interface BuildOptions {
  target: "keras" | "tfjs";
  keras: "2" | "3";
  lang: "js" | "ts";
  out?: string;
  check?: boolean;
}

/** A sweep point in a file name: lambda=0.001. */
function pointName(param: string, value: number): string {
  return `${param}=${value}`;
}

/** An emitter's outputs; what the target cannot express is a RegcError (REG08xx) at the layer. */
async function emit(ir: IR, spec: string, base: string, opts: BuildOptions): Promise<OutputFile[]> {
  if (opts.target === "keras") {
    const { emitKeras } = await import("../../codegen/keras/index.js");
    return emitKeras(ir, { spec, base, keras: opts.keras === "2" ? 2 : 3 });
  }
  const { emitTfjs } = await import("../../codegen/tfjs/index.js");
  return emitTfjs(ir, { spec, base, lang: opts.lang });
}

export async function run(path: string, opts: BuildOptions): Promise<void> {
  const { spec, ast, ir } = checkedSpec(path);
  // A failed build writes nothing: earlier outputs stay as they were.
  if (!ir || !ast) return;
  try {
    await build(path, spec, ast, ir, opts);
  } catch (e) {
    reportError(spec, e);
  }
}

async function build(path: string, spec: SpecText, ast: SpecFile, ir: IR, opts: BuildOptions): Promise<void> {
  const base = specBase(path, ir);
  const outDir = opts.out ?? (path === "-" ? "." : dirname(path));
  const files: OutputFile[] = [];
  if (ir.sweep) {
    const { param } = ir.sweep;
    const manifest: { spec: string; target: string; param: string; repeat: number; points: { value: number; files: string[] }[] } = {
      spec: spec.file,
      target: opts.target,
      param,
      repeat: ir.repeat,
      points: [],
    };
    for (const point of checkPoints(ast, ir)) {
      const emitted = await emit(point.ir, spec.file, `${base}.${pointName(param, point.value!)}`, opts);
      // Points share what does not depend on the point (regc_schedules.py): one file, written once.
      for (const f of emitted) {
        const same = files.find((g) => g.name === f.name);
        if (!same) files.push(f);
        else if (same.content !== f.content) throw new Error(`internal error: sweep points disagree on ${f.name}`);
      }
      manifest.points.push({ value: point.value!, files: emitted.map((f) => f.name) });
    }
    files.push({ name: `${base}.${opts.target}.sweep.json`, content: JSON.stringify(manifest, null, 2) + "\n" });
  } else {
    files.push(...(await emit(ir, spec.file, base, opts)));
  }

  const targets = files.map((f) => ({ path: join(outDir, f.name), content: f.content }));
  if (opts.check) {
    const stale = targets.filter((t) => readOutput(t.path) !== t.content);
    for (const t of stale) process.stdout.write(`${t.path}: ${readOutput(t.path) === undefined ? "missing" : "differs from what the spec produces now"}\n`);
    if (stale.length > 0) {
      process.stderr.write(`${stale.length} generated file${stale.length === 1 ? " is" : "s are"} out of date; run regc build ${path}${opts.target === "keras" ? "" : ` --target ${opts.target}`}\n`);
      setExit(EXIT.errors);
    }
    return;
  }
  writeAtomically(targets);
  for (const t of targets) process.stderr.write(`wrote ${t.path}\n`);
}
