// runProgram: what a generated training program's main() does, from backend to saved outputs.
import { realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tf, type LayersModel } from "./tf.js";
import { setupBackend } from "./backend/index.js";
import { BACKEND_CHOICES_TEXT, isBackendChoice, type BackendChoice } from "./backend/choices.js";
import { loadData, type DataSource, type Split } from "./data/index.js";
import { initialWeights, setWeights } from "./init.js";
import { evaluate, trainModel, type EpochLog, type Evaluation, type TrainSettings } from "./loop/index.js";
import { histogram, norms, type Histogram } from "./stats.js";
import { makeProgress } from "./progress.js";
import { saveRun } from "./save.js";
import { scanModel } from "./model-scan.js";
import { ScheduledL1L2 } from "./regularizers.js";
import { RegcError, catalog, diag, renderText } from "../diagnostics/index.js";
import type { Schedule } from "../schedule/index.js";
import { VERSION } from "../version.js";

/** The spec's training settings as the generated program embeds them (the checked IR's train and schedules). */
export interface ProgramSpec {
  source: string;
  name: string;
  train: TrainSettings & { data: DataSource; split: Split; seed: number | null };
  schedules?: Record<string, Schedule>;
}

export interface Program {
  spec: ProgramSpec;
  buildModel: () => LayersModel;
  /** The program's import.meta.url: outputs and relative data paths default to its folder. */
  url?: string;
}

export interface RunOptions {
  epochs?: number;
  seed?: number;
  /** Output folder (default: `<program base>.out/` beside the program, or `<spec base>.out/` beside the spec without a url). */
  out?: string;
  /** Print only the result, as one JSON object on stdout. */
  json?: boolean;
  /** Print nothing at all. */
  quiet?: boolean;
  /** Report folder; the report itself is made by `regc train --report` from the returned result. */
  report?: string;
  /** Folder that relative data paths are resolved from (default: the program's, else the spec's). */
  baseDir?: string;
  /** The backend (default: REGC_BACKEND, else native where installed, else wasm); it must load. */
  backend?: BackendChoice;
  /** Progress display (default: a bar on a terminal, lines otherwise, none with json or quiet). */
  progress?: "bar" | "lines" | "none";
  /** Write the outputs (default true). */
  save?: boolean;
}

export interface WeightStats {
  layer: string;
  weight: string;
  shape: number[];
  l1: number;
  l2: number;
  start: Histogram;
  end: Histogram;
}

export interface TrainResult {
  regc: string;
  source: string;
  model: string;
  backend: string;
  seed: number;
  epochs: number;
  epochs_run: number;
  stopped: null | "early_stopping" | "nan";
  stopped_epoch: number | null;
  message: string | null;
  metrics: string[];
  history: EpochLog[];
  final: { train: Evaluation; test: Evaluation | null };
  weights: WeightStats[];
  /** Where the outputs went (absent when not saved). */
  out?: string;
}

/**
 * Where a run's outputs go by default: `<program base>.out/` beside the program (moons-grid.lambda=0.1.train.mjs
 * -> moons-grid.lambda=0.1.out/, so the programs of a sweep keep apart), or `<spec base>.out/` beside
 * the spec when there is no program file (url not given).
 */
export function defaultOut(program: Pick<Program, "spec" | "url">): string {
  if (program.url) {
    const file = fileURLToPath(program.url);
    const base = basename(file).replace(/(\.train)?\.(mjs|cjs|js|mts|cts|ts)$/, "");
    return join(dirname(file), `${base}.out`);
  }
  return join(dirname(resolve(program.spec.source)), `${basename(program.spec.source).replace(/\.reg$/, "")}.out`);
}

function checkInt(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= 0xffffffff)) {
    throw new RegcError("badOption", `--${name} must be a whole number >= ${min}, got ${v}`);
  }
}

export async function runProgram(program: Program, options: RunOptions = {}): Promise<TrainResult> {
  const { spec, buildModel } = program;
  const quiet = options.quiet === true || options.json === true;
  checkInt("epochs", options.epochs, 1);
  checkInt("seed", options.seed, 0);
  const epochs = options.epochs ?? spec.train.epochs;
  const seed = options.seed ?? spec.train.seed ?? 0;
  const programDir = program.url ? dirname(fileURLToPath(program.url)) : null;
  const specDir = dirname(resolve(spec.source));
  const baseDir = options.baseDir ?? programDir ?? specDir;
  const out = options.out ?? defaultOut(program);
  const err = (s: string) => process.stderr.write(`${s}\n`);

  const backend = await setupBackend({ backend: options.backend, log: quiet ? () => {} : err });
  const model = buildModel();
  try {
    const inputShape = (model.inputs[0]!.shape as (number | null)[]).slice(1);
    const data = loadData(spec.train.data, spec.train.split, {
      baseDir,
      inputShape: inputShape.every((d) => typeof d === "number") ? (inputShape as number[]) : undefined,
    });
    const start = initialWeights(model, seed);
    setWeights(model, start);

    const mode = options.progress ?? (quiet ? "none" : process.stderr.isTTY ? "bar" : "lines");
    const progress = makeProgress({ epochs, metrics: spec.train.metrics, mode });
    const settings: TrainSettings = { ...spec.train, epochs };
    let outcome;
    try {
      outcome = await trainModel(model, data, settings, seed, { onEpochEnd: (l) => progress.epoch(l), warn: quiet ? () => {} : (m) => err(`warning: ${m}`) });
    } finally {
      progress.stop();
    }
    const final = { train: evaluate(model, data.train, settings), test: data.test ? evaluate(model, data.test, settings) : null };
    const ws = model.weights;
    const weights: WeightStats[] = ws.map((w, i) => {
      const end = w.read().dataSync();
      const top = model.layers.find((l) => w.name === l.name || w.name.startsWith(`${l.name}/`));
      const layer = top?.name ?? w.name.split("/")[0]!;
      return {
        layer,
        weight: w.name.slice(layer.length + 1).replace(/_\d+$/, ""),
        shape: w.shape as number[],
        ...norms(end),
        start: histogram(start[i]!),
        end: histogram(end),
      };
    });
    const result: TrainResult = {
      regc: VERSION,
      source: spec.source,
      model: spec.name,
      backend,
      seed,
      epochs,
      epochs_run: outcome.epochsRun,
      stopped: outcome.stopped,
      stopped_epoch: outcome.stoppedEpoch,
      message: outcome.message,
      metrics: spec.train.metrics,
      history: outcome.history,
      final,
      weights,
    };
    if (options.save !== false) {
      await saveRun(out, model, result);
      result.out = out;
    }
    if (options.json && !options.quiet) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (!quiet) {
      if (outcome.message) err(outcome.stopped === "nan" ? stoppedByLoss(spec.source, outcome.message) : outcome.message);
      const show = (e: Evaluation) => Object.entries(e).map(([k, v]) => `${k} ${v.toFixed(4)}`).join("  ");
      process.stdout.write(`train: ${show(final.train)}\n`);
      if (final.test) process.stdout.write(`test:  ${show(final.test)}\n`);
      if (result.out) process.stdout.write(`saved to ${result.out}\n`);
    }
    return result;
  } finally {
    for (const s of scanModel(model).setters) if (s instanceof ScheduledL1L2) s.dispose();
    model.dispose();
  }
}

/** A NaN or infinite loss's stop, as the error it is: `spec.reg: error[REG0609]: training stopped at epoch 3: ...`. */
function stoppedByLoss(spec: string, message: string): string {
  return renderText({ file: spec, diagnostics: [diag("nonFiniteLoss", message)] }, { color: false });
}

const USAGE = "options: --epochs N  --seed S  --out DIR  --json  --quiet  --backend native|wasm|cpu  --report DIR";

/** The options a generated program takes on its command line. */
export function parseCliArgs(argv: string[] = process.argv.slice(2)): RunOptions {
  const o: RunOptions = {};
  const bad = (m: string) => new RegcError("badOption", `${m} (${USAGE})`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf("=");
    const [flag, inline] = a.startsWith("--") && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) throw bad(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = value();
      if (!/^\d+$/.test(v)) throw bad(`${flag} needs a whole number, got '${v}'`);
      return Number(v);
    };
    switch (flag) {
      case "--epochs":
        o.epochs = int();
        break;
      case "--seed":
        o.seed = int();
        break;
      case "--out":
        o.out = value();
        break;
      case "--report":
        o.report = value();
        break;
      case "--backend": {
        const b = value();
        if (!isBackendChoice(b)) throw bad(`--backend must be ${BACKEND_CHOICES_TEXT}, got '${b}'`);
        o.backend = b;
        break;
      }
      case "--json":
        o.json = true;
        break;
      case "--quiet":
        o.quiet = true;
        break;
      default:
        throw bad(`unknown option '${a}'`);
    }
  }
  return o;
}

/** Whether the module at `url` is the script node was started with (node x.train.mjs). */
export function isMain(url: string): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(fileURLToPath(url)) === realpathSync(arg);
  } catch {
    return false;
  }
}

/**
 * Runs a program's main with the command line's options: problems print as one line on stderr (exit 1;
 * exit 2 for a bad option), a NaN loss sets exit status 1; never a stack trace for a known problem.
 */
export async function runCli(main: (options: RunOptions) => Promise<TrainResult>, argv: string[] = process.argv.slice(2)): Promise<void> {
  try {
    const result = await main(parseCliArgs(argv));
    if (result.stopped === "nan") process.exitCode = 1;
  } catch (e) {
    if (e instanceof RegcError) {
      process.stderr.write(`${renderText({ diagnostics: [e.diagnostic] }, { color: false })}\n`);
      process.exitCode = e.diagnostic.code === catalog.badOption.code ? 2 : 1;
      return;
    }
    throw e;
  } finally {
    // Let the process exit even if a backend keeps a handle open.
    void tf;
  }
}
