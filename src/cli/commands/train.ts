// `regc train FILE`: checks a spec, compiles its TensorFlow.js program in memory (the same program
// `regc build --target tfjs` writes) and runs it in this process with the same runtime, regc/runtime.
import { join } from "node:path";
import { checkedSpec, reportError, specBase, specFolder, withStdoutReserved } from "../checked.js";
import { RegcError, noTrainBlock } from "../../diagnostics/index.js";
import { EXIT, setExit } from "../output.js";
import type { RunOptions } from "../../runtime/program.js";

/** The command's options: those of a generated program's command line that `regc train` passes on. */
export type TrainOptions = Pick<RunOptions, "epochs" | "seed" | "out" | "json" | "report" | "backend">;

export async function run(path: string, opts: TrainOptions): Promise<void> {
  const { spec, ir } = checkedSpec(path);
  if (!ir) return;
  if (!ir.train) {
    return reportError(spec, noTrainBlock());
  }
  if (ir.sweep) {
    const value = ir.param_values[ir.sweep.param];
    process.stderr.write(`${spec.file}: note: the spec sweeps ${ir.sweep.param}; training it once with ${ir.sweep.param} = ${value} (regc sweep trains every point)\n`);
  }
  const base = specBase(path, ir);
  const specDir = specFolder(path);

  const { loadProgram } = await import("../../run/index.js");
  let program: Awaited<ReturnType<typeof loadProgram>>;
  try {
    program = await loadProgram(ir, spec.file, base);
  } catch (e) {
    return reportError(spec, e);
  }

  // With --json, stdout carries one JSON object: anything a library logs goes to stderr meanwhile.
  await withStdoutReserved(opts.json === true, async () => {
    try {
      const result = await program.main({
        epochs: opts.epochs,
        seed: opts.seed,
        out: opts.out ?? join(specDir, `${base}.out`),
        baseDir: specDir,
        json: false,
        quiet: opts.json === true,
        backend: opts.backend,
      });
      if (opts.report !== undefined) {
        // The report draws charts (vega): loaded only when asked for.
        const { writeTrainReport } = await import("../../report/index.js");
        await writeTrainReport(result, opts.report);
        if (!opts.json) process.stderr.write(`wrote ${join(opts.report, "index.html")}\n`);
      }
      if (opts.json) {
        const { source: src, model, backend, seed, epochs, epochs_run, stopped, final } = result;
        process.stdout.write(JSON.stringify({ source: src, model, backend, seed, epochs, epochs_run, stopped, final }) + "\n");
      }
      if (result.stopped === "nan") {
        // Without --json the runtime has printed why it stopped (the same diagnostic); with it, say so here (stdout has the result).
        const message = result.message ?? `training stopped: the loss became NaN${result.stopped_epoch === null ? "" : ` at epoch ${result.stopped_epoch + 1}`}`;
        if (opts.json) reportError(spec, new RegcError("nonFiniteLoss", message));
        else setExit(EXIT.errors);
      }
    } catch (e) {
      // The runtime's errors (a bad CSV file, a bad split) are RegcErrors; anything else is regc's bug.
      reportError(spec, e);
    }
  });
}
