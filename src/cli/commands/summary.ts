// `regc summary FILE [--json]`: the Keras-style table of a checked spec.
import { compile } from "../../api.js";
import { renderText } from "../../diagnostics/index.js";
import { readSpec } from "../../io/index.js";
import { renderSummary, summarize } from "../../summary/index.js";
import { EXIT, setExit, useColor } from "../output.js";

export async function run(path: string, opts: { json?: boolean }): Promise<void> {
  const spec = readSpec(path);
  const result = spec.diagnostics.length > 0 ? { diagnostics: spec.diagnostics, ir: undefined } : compile(spec.source);
  if (result.diagnostics.length > 0) {
    process.stderr.write(renderText({ file: spec.file, source: spec.source, diagnostics: result.diagnostics }, { color: useColor(process.stderr) }) + "\n");
  }
  if (!result.ir) {
    setExit(EXIT.errors);
    return;
  }
  process.stdout.write((opts.json ? JSON.stringify(summarize(result.ir), null, 2) : renderSummary(result.ir)) + "\n");
}
