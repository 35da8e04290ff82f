// `regc sweep`: trains every point of a spec's sweep `repeat` times and summarizes the results.
//
// Trials: point p (the sweep's values in order) times repeat r = 0 .. repeat-1. Trial seeds: the
// train block's `seed` (0 when it has none) plus the repeat index, the same for every point, so the
// points are compared on the same initializations and shuffles (common random numbers); a trial is
// reproduced by `regc train` of that point with `--seed <seed>`.
//
// Two ways to run them, with the same per-trial results:
// - batched (src/sweep/batched.ts, the runtime's loop over stacked weights: src/runtime/loop/stacked.ts):
//   when the trials differ only in regularization coefficients,
//   dropout rates and seeds and the model is a stack of Dense/Dropout layers, all trials train in
//   this process as one batched computation;
// - workers: otherwise (or with --no-batch), each trial runs through the regular runtime path (the
//   spec's generated program and runProgram) in a child process, `jobs` at a time.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { checkPoints, type SpecFile } from "../api.js";
import type { IR } from "../ir/types.js";
import type { Scores } from "./types.js";
import { whyNotBatched, trainBatched, type BatchedTrialResult } from "./batched.js";
import { loadProgram, loadRuntime, type LoadedProgram } from "../run/index.js";
import { RegcError, noTrainBlock, type Diagnostic } from "../diagnostics/index.js";
import { summarizeSweep, type SweepResult } from "./results.js";
import { sweepProgress } from "./progress.js";

export { sweepCsv, sweepTable, summarizeSweep } from "./results.js";
export { whyNotBatched } from "./batched.js";
export type { SweepResult };

/** The seed of repeat r: the spec's train seed (0 when it has none) plus r. */
export function trialSeed(ir: IR, repeat: number): number {
  return (ir.train?.seed ?? 0) + repeat;
}

export interface Trial {
  /** Index in the sweep's trial list: point * repeat + r. */
  index: number;
  point: number;
  value: number;
  repeat: number;
  seed: number;
}

/** One finished trial: its final scores and per-epoch history (loss, data_loss, reg_loss; worker trials also have the runtime's metrics). */
export interface TrialRun extends Trial {
  final: { train: Scores; test: Scores | null };
  history: Record<string, unknown>[];
  stopped: string | null;
}

export interface SweepOptions {
  /** The spec's name as given ("-" for standard input). */
  path: string;
  /** The name diagnostics and outputs use (the path, or <stdin>). */
  file: string;
  source: string;
  /** The spec's syntax tree, which gives each point's IR (src/checker's checkPoints) without parsing again. */
  ast: SpecFile;
  ir: IR;
  /** Folder relative data paths resolve from. */
  specDir: string;
  base: string;
  epochs?: number;
  jobs?: number;
  /** Train each trial through the regular runtime in worker processes even when batching is possible. */
  noBatch?: boolean;
  progress: "bar" | "lines" | "none";
  /** Notes for the user (stderr). */
  note(line: string): void;
}

export interface SweepRun {
  result: SweepResult;
  trials: TrialRun[];
}

export interface SweepPlan {
  points: { value: number; ir: IR }[];
  trials: Trial[];
}

/** The sweep's points (IRs) and trials, once per process; a clear error when the spec has nothing to sweep. */
export function planSweep(ast: SpecFile, ir: IR): SweepPlan {
  if (!ir.train) throw noTrainBlock();
  if (!ir.sweep) {
    throw new RegcError(
      "noSweep",
      `the spec has no sweep, so there is nothing to sweep (add \`sweep NAME over [values]\` over a param, and \`repeat N\` for several seeds per value; \`regc train\` trains a spec once)`,
    );
  }
  const points = checkPoints(ast, ir).map((p) => ({ value: p.value!, ir: p.ir }));
  const trials: Trial[] = [];
  points.forEach((p, point) => {
    for (let repeat = 0; repeat < ir.repeat; repeat++) trials.push({ index: trials.length, point, value: p.value, repeat, seed: trialSeed(ir, repeat) });
  });
  return { points, trials };
}

export async function runSweep(o: SweepOptions): Promise<SweepRun> {
  const { points, trials } = planSweep(o.ast, o.ir);
  const train = o.ir.train!;
  const epochs = o.epochs ?? train.epochs;
  const metric = train.metrics[0] ?? "loss";
  const reason = o.noBatch ? "--no-batch: every trial runs through the regular runtime" : whyNotBatched(points.map((p) => p.ir));
  // The plan is printed before the progress bar starts, so the two do not overwrite each other.
  let work: (advance: (n: number) => void) => Promise<TrialRun[]>;
  if (reason === null) {
    // One batched computation in this process. With an explicit --jobs N > 1 the trials split into N
    // groups (at least 4 trials each), each one computation in a worker process: worth it only for
    // large sweeps on idle cores, since each worker pays tfjs's start-up (measured on the moons grid:
    // one process 6.9 s, two workers 10.8 s for 1000 epochs on a shared 2-core machine).
    const groups = o.jobs === undefined ? 1 : Math.max(1, Math.min(o.jobs, Math.floor(trials.length / 4)));
    if (groups === 1) {
      o.note(`training ${trials.length} trials as one batched computation`);
      await (await loadRuntime()).setupBackend({ log: (s) => o.note(s) });
      work = (advance) => runBatched(o, points, trials, epochs, advance);
    } else {
      const size = Math.ceil(trials.length / groups);
      const batches = Array.from({ length: groups }, (_, g) => trials.slice(g * size, (g + 1) * size)).filter((b) => b.length > 0);
      o.note(`training ${trials.length} trials as ${batches.length} batched computations (${batches.map((b) => b.length).join(" + ")} trials) in ${batches.length} worker processes`);
      work = (advance) => runWorkers(o, batches, epochs, batches.length, advance);
    }
  } else {
    const jobs = Math.max(1, Math.min(o.jobs ?? availableParallelism(), trials.length));
    o.note(`${reason}; running ${trials.length} trials in ${jobs} worker process${jobs === 1 ? "" : "es"}`);
    work = (advance) => runWorkers(o, trials.map((t) => [t]), epochs, jobs, advance);
  }
  const progress = sweepProgress({ trials: trials.length, epochs, mode: o.progress });
  let runs: TrialRun[];
  try {
    runs = await work((n) => progress.advance(n));
  } finally {
    progress.stop();
  }
  const failed = runs.filter((r) => r.stopped === "nan");
  for (const r of failed) o.note(`warning: trial ${o.ir.sweep!.param} = ${r.value}, seed ${r.seed}: the loss became NaN`);
  const result = summarizeSweep({
    source: o.file,
    model: o.ir.name,
    param: o.ir.sweep!.param,
    repeat: o.ir.repeat,
    mode: reason === null ? "batched" : "workers",
    reason,
    metric,
    points: points.map((p, i) => ({
      value: p.value,
      trials: runs.filter((r) => r.point === i).sort((a, b) => a.repeat - b.repeat).map((r) => ({ seed: r.seed, train: r.final.train, test: r.final.test })),
    })),
  });
  return { result, trials: runs };
}

async function runBatched(o: Pick<SweepOptions, "ir" | "file" | "base" | "specDir" | "note">, points: { value: number; ir: IR }[], trials: Trial[], epochs: number, advance: (n: number) => void): Promise<TrialRun[]> {
  const rt = await loadRuntime();
  // The backend line is printed by the caller (runSweep) before the progress bar starts.
  await rt.setupBackend({ log: () => {} });
  const program = await loadProgram(points[0]!.ir, o.file, o.base);
  const model = program.buildModel();
  const train = o.ir.train!;
  const data = rt.loadData(train.data, train.split, { baseDir: o.specDir, inputShape: o.ir.input as number[] });
  let done = 0;
  let results: BatchedTrialResult[];
  try {
    results = await trainBatched(
      rt,
      trials.map((t) => ({ ir: points[t.point]!.ir, seed: t.seed })),
      {
        epochs,
        model,
        data,
        onEpoch: (e) => {
          advance((e - done) * trials.length);
          done = e;
        },
      },
    );
  } finally {
    model.dispose();
  }
  return trials.map((t, k) => ({ ...t, final: results[k]!.final, history: results[k]!.history, stopped: results[k]!.stopped }));
}

/** dist/cli.mjs, which worker processes run (`regc sweep FILE --worker`). */
function cliPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve("regc")), "cli.mjs");
}

/**
 * Worker processes (`regc sweep FILE --worker`), `jobs` of them, each loading tfjs once and running
 * one unit of work after another: the parent sends a unit over the IPC channel (`trial`: one trial
 * through the regular runtime path; `batch`: several trials trained as one batched computation), the
 * worker answers with progress messages and then the results (or an error, which stops the sweep).
 */
async function runWorkers(o: SweepOptions, units: Trial[][], epochs: number, jobs: number, advance: (n: number) => void): Promise<TrialRun[]> {
  const out: TrialRun[] = [];
  let next = 0;
  const cli = cliPath();
  const param = o.ir.sweep!.param;
  const worker = () =>
    new Promise<void>((resolve, reject) => {
      const args = [cli, "sweep", o.path, "--worker", "--epochs", String(epochs)];
      const child = spawn(process.execPath, args, { stdio: ["pipe", "ignore", "pipe", "ipc"], env: { ...process.env, NO_COLOR: "1" } });
      let stderr = "";
      let current: Trial[] | null = null;
      let settled = false;
      const finish = (e?: unknown) => {
        if (settled) return;
        settled = true;
        if (child.connected) child.disconnect();
        if (e) reject(e);
        else resolve();
      };
      const send = () => {
        if (next >= units.length) return finish();
        current = units[next++]!;
        const message: WorkerRequest = current.length === 1 ? { trial: current[0]!.index } : { batch: current.map((t) => t.index) };
        child.send(message);
      };
      const what = (ts: Trial[]) => (ts.length === 1 ? `trial ${param} = ${ts[0]!.value}, seed ${ts[0]!.seed}` : `a batch of ${ts.length} trials`);
      child.stderr!.on("data", (d) => (stderr += d));
      child.stdin!.end(o.path === "-" ? o.source : "");
      child.on("error", finish);
      child.on("message", (m: WorkerReply) => {
        const ts = current!;
        if ("progress" in m) return advance(m.progress);
        // The worker's diagnostic (a bad data file, ...) is the sweep's; any other failure is regc's (an internal error).
        if ("error" in m) return finish(new RegcError(m.error));
        if ("crash" in m) return finish(new Error(`${what(ts)} failed: ${m.crash}`));
        m.results.forEach((r, k) => out.push({ ...ts[k]!, final: r.final, history: r.history, stopped: r.stopped }));
        if (ts.length === 1) advance(epochs);
        send();
      });
      child.on("exit", (code) => {
        if (settled) return;
        const why = stderr.trim().split("\n").filter((l) => !/^backend: /.test(l)).join("\n");
        finish(new Error(`a worker process stopped${current ? ` during ${what(current)}` : ""} (exit ${code})${why ? `:\n${why}` : ""}`));
      });
      child.once("spawn", send);
    });
  await Promise.all(Array.from({ length: jobs }, worker));
  return out.sort((a, b) => a.index - b.index);
}

interface WorkerResult {
  final: TrialRun["final"];
  history: TrialRun["history"];
  stopped: string | null;
}

type WorkerRequest = { trial: number } | { batch: number[] };
type WorkerReply = { progress: number } | { error: Diagnostic } | { crash: string } | { results: WorkerResult[] };

/** What a worker process does: runs the units the parent sends over IPC, until it disconnects. */
export function serveTrials(o: Omit<SweepOptions, "progress" | "note" | "jobs" | "noBatch">): Promise<void> {
  const reply = (m: WorkerReply) => process.send!(m);
  let plan: SweepPlan | undefined;
  return new Promise((resolve) => {
    let queue = Promise.resolve();
    process.on("message", (m: WorkerRequest) => {
      queue = queue.then(async () => {
        try {
          plan ??= planSweep(o.ast, o.ir);
          if ("trial" in m) {
            const r = await runTrial(o, plan, m.trial);
            reply({ results: [{ final: r.final, history: r.history, stopped: r.stopped }] });
          } else {
            const { points, trials } = plan;
            const epochs = o.epochs ?? o.ir.train!.epochs;
            const mine = m.batch.map((i) => trials[i]!);
            let pending = 0;
            const runs = await runBatched({ ...o, note: () => {} }, points, mine, epochs, (n) => {
              pending += n;
              // Progress in a few messages, not one per epoch.
              if (pending >= (mine.length * epochs) / 50) {
                reply({ progress: pending });
                pending = 0;
              }
            });
            if (pending > 0) reply({ progress: pending });
            reply({ results: runs.map((r) => ({ final: r.final, history: r.history, stopped: r.stopped })) });
          }
        } catch (e) {
          reply(e instanceof RegcError ? { error: e.diagnostic } : { crash: e instanceof Error ? e.message : String(e) });
        }
      });
    });
    process.on("disconnect", () => void queue.then(resolve));
  });
}

/** Each point's program, emitted and imported once per process (a worker runs many trials). */
const programs = new Map<number, LoadedProgram>();

/**
 * One trial through the regular runtime path (what a worker process does): the point's program,
 * `main({ seed, epochs })` as `regc train` runs it, nothing saved. Returns the trial's TrainResult.
 */
export async function runTrial(o: Pick<SweepOptions, "ir" | "file" | "base" | "specDir" | "epochs">, { points, trials }: SweepPlan, index: number) {
  const t = trials[index];
  if (!t) throw new RegcError("badOption", `there is no trial ${index} (the sweep has ${trials.length})`);
  let program = programs.get(t.point);
  if (!program) programs.set(t.point, (program = await loadProgram(points[t.point]!.ir, o.file, o.base)));
  return program.main({ epochs: o.epochs, seed: t.seed, quiet: true, save: false, baseDir: o.specDir });
}
