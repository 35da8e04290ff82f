// `regc fmt FILE... [--check]`: rewrite specs in the canonical layout, or list the ones that would change.
import { parse } from "../../parser/index.js";
import { format } from "../../format/index.js";
import { IoError, readSpec, writeAtomically } from "../../io/index.js";
import { EXIT, printDiagnostics, setExit } from "../output.js";

export async function run(files: string[], opts: { check?: boolean }): Promise<void> {
  const changed: string[] = [];
  for (const path of files) {
    let spec;
    try {
      spec = readSpec(path);
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
      process.stderr.write(`regc: ${e.message}\n`);
      setExit(EXIT.usage);
      continue;
    }
    const parsed = spec.diagnostics.length > 0 ? { diagnostics: spec.diagnostics } : parse(spec.source);
    if (!("ast" in parsed) || !parsed.ast) {
      // A file that does not parse is never rewritten: formatting could lose what the user wrote.
      printDiagnostics({ file: spec.file, source: spec.source, diagnostics: parsed.diagnostics });
      process.stderr.write(`regc: not formatting '${spec.file}': it does not parse\n`);
      setExit(EXIT.errors);
      continue;
    }
    const formatted = format(parsed.ast, spec.source);
    if (path === "-") {
      if (opts.check) {
        if (formatted !== spec.source) changed.push(spec.file);
      } else process.stdout.write(formatted);
      continue;
    }
    if (formatted === spec.source) continue;
    changed.push(spec.file);
    if (!opts.check) {
      try {
        writeAtomically([{ path, content: formatted }]);
      } catch (e) {
        if (!(e instanceof IoError)) throw e;
        process.stderr.write(`regc: ${e.message}\n`);
        setExit(EXIT.usage);
      }
    }
  }
  if (opts.check) {
    for (const f of changed) process.stdout.write(`${f}\n`);
    if (changed.length > 0) {
      process.stderr.write(`${changed.length} file${changed.length === 1 ? "" : "s"} would be reformatted; run regc fmt\n`);
      setExit(EXIT.changed);
    }
  } else if (changed.length > 0) {
    process.stderr.write(`formatted ${changed.join(", ")}\n`);
  }
}
