// A spec's TensorFlow.js program loaded in this process, as `regc train` and `regc sweep` run it: the
// text `regc build --target tfjs` writes, emitted in memory, written to a temporary file whose one
// import of the runtime points at this package's dist/runtime.mjs, and imported. The runtime module
// is then the same instance the program uses (its tf, backend and functions).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { IR } from "../../ir/types.js";
import { emitTfjs } from "./index.js";

export type Runtime = typeof import("../../runtime/index.js");

/** What a generated program exports (src/codegen/tfjs/program.ts). */
export interface LoadedProgram {
  buildModel(): import("../../runtime/tf.js").LayersModel;
  main(options: import("../../runtime/index.js").RunOptions): Promise<import("../../runtime/index.js").TrainResult>;
}

function runtimeUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve("regc/runtime")).href;
}

/** regc/runtime, the module generated programs import (dist/runtime.mjs). */
export async function loadRuntime(): Promise<Runtime> {
  return (await import(runtimeUrl())) as Runtime;
}

/** Emits and imports the program of an IR. A RegcError (what the tfjs target refuses) is the caller's to report. */
export async function loadProgram(ir: IR, spec: string, base: string): Promise<LoadedProgram> {
  const source = (await emitTfjs(ir, { spec, base, lang: "js" }))[0]!.content;
  // Only the import statement at the top of the program: a spec string reading "regc/runtime" stays data.
  const linked = source.replace(/^(import \{[^}\n]*\} from )"regc\/runtime";$/m, (_, head: string) => `${head}${JSON.stringify(runtimeUrl())};`);
  if (linked === source) throw new Error("internal error: the generated program has no import of regc/runtime");
  const dir = mkdtempSync(join(tmpdir(), "regc-program-"));
  try {
    const file = join(dir, `${base}.train.mjs`);
    writeFileSync(file, linked);
    return (await import(pathToFileURL(file).href)) as LoadedProgram;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
