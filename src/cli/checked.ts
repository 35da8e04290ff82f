// The shared first step of commands that need a checked spec (summary, build, train, sweep): read it,
// compile it, print its diagnostics to stderr, and give back the IR only when there are no errors.
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
