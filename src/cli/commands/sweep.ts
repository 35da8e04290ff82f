// `regc sweep FILE`: trains every sweep point `repeat` times (batched when the trials differ only in
// coefficients and seeds, else in worker processes), prints the table of means and deviations, and
// writes sweep.json and sweep.csv (atomically) into --out (default: <spec base>.sweep/ beside the spec).
import { join } from "node:path";
import { writeAtomically } from "../../io/index.js";
import { checkedSpec, reportError, specBase, specFolder, withStdoutReserved } from "../checked.js";
import { VERSION } from "../../version.js";
import type { BackendChoice } from "../../runtime/backend/choices.js";

export interface SweepCliOptions {
  /** Numbers are checked by the command line parser (src/cli/main.ts). */
  jobs?: number;
  json?: boolean;
  report?: string;
  epochs?: number;
  out?: string;
  batch?: boolean;
  /** The backend: set as REGC_BACKEND, which this process's runtime and its worker processes read. */
  backend?: BackendChoice;
  /** Internal: run one trial through the regular runtime and print its result as JSON. */
  trial?: number;
  /** Internal: a worker process, running the trials its parent sends over IPC. */
  worker?: boolean;
}

export async function run(path: string, opts: SweepCliOptions): Promise<void> {
  const { epochs, jobs, trial: trialIndex } = opts;
  if (opts.backend) process.env.REGC_BACKEND = opts.backend;
  const { spec, ast, ir } = checkedSpec(path);
  if (!ir || !ast) return;
  const base = specBase(path, ir);
  const specDir = specFolder(path);
  const sweep = await import("../../sweep/index.js");

  // With --json (and in worker processes) stdout carries one JSON object: library logs go to stderr.
  const quietStdout = opts.json === true || trialIndex !== undefined || opts.worker === true;
  try {
    await withStdoutReserved(quietStdout, async () => {
      if (opts.worker) {
        await sweep.serveTrials({ path, source: spec.source, ast, ir, file: spec.file, base, specDir, epochs });
        return;
      }
      if (trialIndex !== undefined) {
        const r = await sweep.runTrial({ ir, file: spec.file, base, specDir, epochs }, sweep.planSweep(ast, ir), trialIndex);
        process.stdout.write(JSON.stringify({ seed: r.seed, final: r.final, history: r.history, stopped: r.stopped, message: r.message }) + "\n");
        return;
      }
      const { result, trials } = await sweep.runSweep({
        path,
        file: spec.file,
        source: spec.source,
        ast,
        ir,
        specDir,
        base,
        epochs,
        jobs,
        noBatch: opts.batch === false,
        progress: opts.json ? "none" : process.stderr.isTTY ? "bar" : "lines",
        note: (s) => {
          if (!opts.json) process.stderr.write(`${s}\n`);
        },
      });
      const out = opts.out ?? join(specDir, `${base}.sweep`);
      const json = JSON.stringify(result, null, 2) + "\n";
      writeAtomically([
        { path: join(out, "sweep.json"), content: json },
        { path: join(out, "sweep.csv"), content: sweep.sweepCsv(result) },
      ]);
      if (opts.json) process.stdout.write(json);
      else {
        process.stdout.write(sweep.sweepTable(result) + "\n");
        process.stderr.write(`wrote ${join(out, "sweep.json")} and sweep.csv\n`);
      }
      if (opts.report) {
        const report = await import("../../report/index.js");
        const epochsRun = epochs ?? ir.train!.epochs;
        // Each trial as the report reads a training run: its seed, final scores and learning curve.
        const runs = trials.map((t) => ({
          regc: VERSION,
          source: spec.file,
          model: ir.name,
          backend: "",
          seed: t.seed,
          epochs: epochsRun,
          epochs_run: t.history.length,
          stopped: t.stopped as "nan" | null,
          stopped_epoch: t.stopped === "nan" ? t.history.length - 1 : null,
          message: null,
          metrics: ir.train!.metrics,
          // Batched trials keep the losses per epoch (what the sweep report draws), not per-slot penalties.
          history: t.history as unknown as import("../../report/index.js").HistoryEntry[],
          final: t.final,
          weights: [],
        }));
        await report.writeSweepReport(result, opts.report, runs);
        if (!opts.json) process.stderr.write(`wrote ${join(opts.report, "index.html")}\n`);
      }
    });
  } catch (e) {
    // A spec with nothing to sweep, a bad data file, a failed worker: diagnostics; anything else is regc's bug.
    reportError(spec, e);
  }
}
