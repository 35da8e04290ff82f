// A spec's TensorFlow.js program run in this process, as `regc train` and `regc sweep` run it. On
// purpose it is the very text `regc build --target tfjs` writes, emitted in memory and imported as a
// module (from a data: URL; no file is written): running the emitted program rather than a second
// reading of the IR keeps the built program and `regc train` one definition of the model. Its one
// import of the runtime points at this package's dist/runtime.mjs, so the runtime module is the same
// instance the caller loads with loadRuntime() (its tf, backend and functions).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { IR } from "../ir/types.js";
import { emitTfjs } from "../codegen/tfjs/index.js";
import { RUNTIME_MODULE } from "../codegen/tfjs/program.js";
import type { LayersModel } from "../runtime/tf.js";
import type { ProgramSpec, RunOptions, TrainResult } from "../runtime/index.js";

export type Runtime = typeof import("../runtime/index.js");

/** What a generated program exports (src/codegen/tfjs/program.ts), run as its main() runs it. */
export interface LoadedProgram {
  spec: ProgramSpec;
  buildModel(): LayersModel;
  main(options: RunOptions): Promise<TrainResult>;
}

function runtimeUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve(RUNTIME_MODULE)).href;
}

/** A module from its text, as Node itself imports it (a test runner's loader does not see data: URLs). */
function importText(text: string): Promise<unknown> {
  return import(`data:text/javascript;base64,${Buffer.from(text).toString("base64")}`);
}

/**
 * regc/runtime, the module generated programs import (dist/runtime.mjs). Imported the way the programs
 * are, so that it is their instance also where a test runner would load a second one.
 */
export async function loadRuntime(): Promise<Runtime> {
  return (await importText(`export * from ${JSON.stringify(runtimeUrl())};`)) as Runtime;
}

/** Emits and imports the program of an IR. A RegcError (what the tfjs target refuses) is the caller's to report. */
export async function loadProgram(ir: IR, spec: string, base: string): Promise<LoadedProgram> {
  const source = (await emitTfjs(ir, { spec, base, lang: "js" }))[0]!.content;
  // Only the import statement at the top of the program: a spec string reading "regc/runtime" stays data.
  const linked = source.replace(/^(import \{[^}\n]*\} from )"regc\/runtime";$/m, (_, head: string) => `${head}${JSON.stringify(runtimeUrl())};`);
  if (linked === source) throw new Error("internal error: the generated program has no import of regc/runtime");
  const program = (await importText(linked)) as Omit<LoadedProgram, "main">;
  const runtime = await loadRuntime();
  // The program's own main() passes its import.meta.url, here a data: URL: the caller gives the folders instead.
  return { spec: program.spec, buildModel: program.buildModel, main: (options) => runtime.runProgram({ spec: program.spec, buildModel: program.buildModel }, options) };
}
