// A sweep point's TensorFlow.js program, loaded in this process the way `regc train` loads it
// (src/codegen/tfjs/load.ts); what the tfjs target refuses becomes a SweepError (a message, exit 1).
import type { IR } from "../ir/types.js";
import { EmitError } from "../codegen/tfjs/index.js";
import { loadProgram as load, loadRuntime, type LoadedProgram, type Runtime } from "../codegen/tfjs/load.js";

export { loadRuntime, type LoadedProgram, type Runtime };

/** A message for the user (exit 1), not a crash: the program cannot be emitted for this spec. */
export class SweepError extends Error {}

/** Emits and imports the program of one point's IR. */
export async function loadProgram(ir: IR, spec: string, base: string): Promise<LoadedProgram> {
  try {
    return await load(ir, spec, base);
  } catch (e) {
    if (e instanceof EmitError) throw new SweepError(e.message);
    throw e;
  }
}
