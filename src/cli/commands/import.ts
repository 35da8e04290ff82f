// `regc import MODEL.json [-o OUT.reg]`: a Keras 3 or tf.keras 2 / TensorFlow.js model config (what
// model.to_json() writes) -> a formatted, checked .reg spec, on stdout or written atomically to -o.
import { readSpec, writeAtomically } from "../../io/index.js";
import { EXIT, printDiagnostics, setExit } from "../output.js";

export async function run(path: string, opts: { out?: string }): Promise<void> {
  // Reading: missing files and directories are I/O errors (exit 2); bytes that are not UTF-8, exit 1.
  const input = readSpec(path);
  if (input.diagnostics.length > 0) {
    printDiagnostics({ file: input.file, source: input.source, diagnostics: input.diagnostics });
    setExit(EXIT.errors);
    return;
  }
  const { importKeras } = await import("../../import/index.js");
  const result = importKeras(input.source);
  if (!result.source || !result.ir) {
    // Positioned by line, column and JSON path; no code frame: a Keras JSON is usually one long line.
    printDiagnostics({ file: input.file, diagnostics: result.diagnostics });
    setExit(EXIT.errors);
    return;
  }
  if (opts.out === undefined || opts.out === "-") {
    process.stdout.write(result.source);
    return;
  }
  writeAtomically([{ path: opts.out, content: result.source }]);
  const p = result.ir.params;
  process.stderr.write(`wrote ${opts.out} (${result.ir.layers.length} layers, ${p.total.toLocaleString("en-US")} parameters)\n`);
}
