// `regc train FILE`: checks a spec, compiles its TensorFlow.js program in memory (the same program
// `regc build --target tfjs` writes) and runs it in this process with the same runtime, regc/runtime.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkedSpec } from "../checked.js";
import { EXIT, setExit } from "../output.js";

export interface TrainOptions {
  epochs?: number;
  seed?: number;
  out?: string;
  json?: boolean;
  /** Folder for the visual report (src/report): DIR/index.html. */
  report?: string;
}

/** What a generated program exports (see src/codegen/tfjs/program.ts). */
interface Program {
  main(options: Record<string, unknown>): Promise<TrainResult>;
}

interface TrainResult {
  source: string;
  model: string;
  backend: string;
  seed: number;
  epochs: number;
  epochs_run: number;
  stopped: null | "early_stopping" | "nan";
  stopped_epoch: number | null;
  message: string | null;
  final: { train: Record<string, number>; test: Record<string, number> | null };
}

/** The program's one import of the runtime, pointed at this package's own dist/runtime.mjs. */
function linkRuntime(program: string): string {
  const runtime = pathToFileURL(createRequire(import.meta.url).resolve("regc/runtime")).href;
  // Only the import statement at the top of the program: a spec string that reads "regc/runtime" stays data.
  const linked = program.replace(/^(import \{[^}\n]*\} from )"regc\/runtime";$/m, (_, head: string) => `${head}${JSON.stringify(runtime)};`);
  if (linked === program) throw new Error("internal error: the generated program has no import of regc/runtime");
  return linked;
}

export async function run(path: string, opts: TrainOptions): Promise<void> {
  const { spec, ir } = checkedSpec(path);
  if (!ir) return;
  const fail = (message: string) => {
    process.stderr.write(`${spec.file}: error: ${message}\n`);
    setExit(EXIT.errors);
  };
  if (!ir.train) return fail("the spec has no train block, so there is nothing to train (add `train { data: ..., loss: ..., optimizer: ..., epochs: ... }`)");
  if (ir.sweep) {
    const value = ir.param_values[ir.sweep.param];
    process.stderr.write(`${spec.file}: note: the spec sweeps ${ir.sweep.param}; training it once with ${ir.sweep.param} = ${value} (regc sweep trains every point)\n`);
  }
  const base = path === "-" ? ir.name : basename(path).replace(/\.reg$/, "");
  const specDir = path === "-" ? process.cwd() : dirname(resolve(path));

  const { emitTfjs, EmitError } = await import("../../codegen/tfjs/index.js");
  let source: string;
  try {
    source = (await emitTfjs(ir, { spec: spec.file, base, lang: "js" }))[0]!.content;
  } catch (e) {
    if (e instanceof EmitError) {
      process.stderr.write(`${spec.file}${e.line === undefined ? "" : `:${e.line}`}: error: ${e.message}\n`);
      setExit(EXIT.errors);
      return;
    }
    throw e;
  }

  const dir = mkdtempSync(join(tmpdir(), "regc-train-"));
  // With --json, stdout carries one JSON object: anything a library logs goes to stderr meanwhile.
  const log = console.log;
  if (opts.json) console.log = (...args: unknown[]) => console.error(...args);
  try {
    const file = join(dir, `${base}.train.mjs`);
    writeFileSync(file, linkRuntime(source));
    const program = (await import(pathToFileURL(file).href)) as Program;
    const result = await program.main({
      epochs: opts.epochs,
      seed: opts.seed,
      out: opts.out ?? join(specDir, `${base}.out`),
      baseDir: specDir,
      json: false,
      quiet: opts.json === true,
    });
    if (opts.report !== undefined) {
      // The report draws charts (vega): loaded only when asked for.
      const { writeTrainReport } = await import("../../report/index.js");
      await writeTrainReport(result as unknown as Parameters<typeof writeTrainReport>[0], opts.report);
      if (!opts.json) process.stderr.write(`wrote ${join(opts.report, "index.html")}\n`);
    }
    console.log = log;
    if (opts.json) {
      const { source: src, model, backend, seed, epochs, epochs_run, stopped, final } = result;
      process.stdout.write(JSON.stringify({ source: src, model, backend, seed, epochs, epochs_run, stopped, final }) + "\n");
    }
    if (result.stopped === "nan") {
      // Without --json the runtime has printed why it stopped; with it, say so here (stdout has the result).
      if (opts.json) fail(result.message ?? `training stopped: the loss became NaN${result.stopped_epoch === null ? "" : ` at epoch ${result.stopped_epoch}`}`);
      else setExit(EXIT.errors);
    }
  } catch (e) {
    console.log = log;
    // The runtime's errors (a bad CSV file, a bad option) are already `file:line:col: error[REG06xx]: ...`.
    const err = e as Error & { where?: unknown };
    if (err?.name === "RegcRuntimeError") {
      process.stderr.write(err.where ? `${err.message}\n` : `${spec.file}: ${err.message}\n`);
      setExit(EXIT.errors);
      return;
    }
    return fail(err?.message ?? String(e));
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
}
