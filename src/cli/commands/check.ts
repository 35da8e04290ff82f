// `regc check FILE...`: diagnostics for each spec, as text, JSON or GitHub annotations.
import { compile } from "../../api.js";
import { hasErrors, renderGithub, renderText, toJson, type FileDiagnostics, type JsonDiagnostic } from "../../diagnostics/index.js";
import { IoError, readSpec } from "../../io/index.js";
import { EXIT, setExit, useColor } from "../output.js";

export interface CheckCliOptions {
  format: "text" | "json" | "github";
  strict?: boolean;
}

export async function run(files: string[], opts: CheckCliOptions): Promise<void> {
  const results: FileDiagnostics[] = [];
  const ioErrors: { file: string; message: string }[] = [];
  for (const path of files) {
    try {
      const spec = readSpec(path);
      const diagnostics = spec.diagnostics.length > 0 ? spec.diagnostics : compile(spec.source).diagnostics;
      results.push({ file: spec.file, source: spec.source, diagnostics });
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
      ioErrors.push({ file: path, message: e.message });
    }
  }
  const failed = (f: FileDiagnostics) => hasErrors(f.diagnostics) || (opts.strict === true && f.diagnostics.length > 0);
  const errors = results.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === "error").length, 0);
  const warnings = results.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === "warning").length, 0);

  if (opts.format === "json") {
    const diagnostics: JsonDiagnostic[] = results.flatMap(toJson);
    const doc = {
      files: results.map((f) => ({ file: f.file, ok: !failed(f) })),
      diagnostics,
      io_errors: ioErrors,
      errors,
      warnings,
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
  } else {
    for (const e of ioErrors) process.stderr.write(`regc: ${e.message}\n`);
    const render = opts.format === "github" ? renderGithub : (f: FileDiagnostics) => renderText(f, { color: useColor() });
    const text = results.filter((f) => f.diagnostics.length > 0).map(render).join("\n");
    if (text) process.stdout.write(text + "\n");
    if (opts.format === "text" && files.length > 1 || errors + warnings > 0) {
      if (opts.format === "text") {
        const ok = results.filter((f) => !failed(f)).length;
        process.stderr.write(`${results.length} file${results.length === 1 ? "" : "s"} checked: ${ok} ok, ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`);
      }
    }
  }
  if (results.some(failed)) setExit(EXIT.errors);
  if (ioErrors.length > 0) setExit(EXIT.usage);
}
