// The training loop: seeded shuffling, schedules set at each epoch's start, per-slot penalties and
// metrics accumulated on the device and read once per epoch, validation, early stopping and NaN stop.
// It does what model.fit does for these models, with fewer tensors per batch (see the benchmark).
import { tf, type LayersModel, type Tensor, type Variable } from "./tf.js";
import { forward, scanModel, setEpoch } from "./model-scan.js";
import { lossFunction, metricFunction, higherIsBetter, type LossFn } from "./losses.js";
import { makeOptimizer } from "./optimizers.js";
import { dropoutMaskSeed, setRandomState, shuffleOrder } from "./random.js";
import type { Dataset, XY } from "./data/index.js";
import { RegcError } from "../diagnostics/index.js";

export interface TrainSettings {
  loss: string;
  optimizer: { name: string; learning_rate: number; [arg: string]: number | string };
  metrics: string[];
  epochs: number;
  batch_size: number;
  validation_split: number;
  shuffle: boolean;
  early_stopping: { monitor: string; patience: number; min_delta: number; restore_best_weights: boolean } | null;
}

/** One epoch of history (see RUNTIME_API.md): loss = data_loss + reg_loss, per-slot penalties, metrics. */
export interface EpochLog {
  epoch: number;
  loss: number;
  data_loss: number;
  reg_loss: number;
  reg: Record<string, number>;
  coefficients: Record<string, number>;
  [metric: string]: number | Record<string, number>;
}

export interface TrainOutcome {
  history: EpochLog[];
  epochsRun: number;
  stopped: null | "early_stopping" | "nan";
  /** The epoch training stopped at (NaN: the epoch whose loss was NaN), null when it ran to the end. */
  stoppedEpoch: number | null;
  /** Why it stopped, in words. */
  message: string | null;
  /** Early stopping's best epoch when best weights were restored. */
  restoredEpoch: number | null;
}

export interface TrainHooks {
  /** Called after each epoch with its log (progress display). */
  onEpochEnd?(log: EpochLog): void;
  /** Warnings (e.g. early stopping on val_loss without validation data). */
  warn?(message: string): void;
}

export interface Evaluation {
  loss: number;
  [metric: string]: number;
}

interface Compiled {
  lossFn: LossFn;
  metricFns: { name: string; fn: LossFn }[];
}

function compileFns(model: LayersModel, s: TrainSettings): Compiled {
  const out = model.outputs[0]!.shape;
  const units = out[out.length - 1] ?? 1;
  return {
    lossFn: lossFunction(s.loss),
    metricFns: s.metrics.map((name) => ({ name, fn: metricFunction(name, s.loss, units as number) })),
  };
}

function toTensors(d: XY, from: number, to: number): { x: Tensor; y: Tensor } {
  const w = d.shape.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor(d.x.subarray(from * w, to * w), [to - from, ...d.shape], "float32"),
    y: tf.tensor(d.y.subarray(from, to), [to - from, 1], "float32"),
  };
}

/** Loss (data + penalties at the current weights, as Keras's evaluate) and metrics over a set, in chunks. */
export function evaluate(model: LayersModel, d: XY, settings: Pick<TrainSettings, "loss" | "metrics">, chunk = 1024): Evaluation {
  const c = compileFns(model, settings as TrainSettings);
  const scan = scanModel(model);
  const sums = new Float64Array(2 + c.metricFns.length);
  for (let from = 0; from < d.rows; from += chunk) {
    const to = Math.min(d.rows, from + chunk);
    const v = tf.tidy(() => {
      const { x, y } = toTensors(d, from, to);
      const { pred, activity } = forward(model, x, false);
      const act = activity.length ? tf.mul(tf.addN(activity), to - from) : tf.scalar(0);
      return tf.stack([c.lossFn(y, pred), ...c.metricFns.map((m) => m.fn(y, pred)), act]);
    });
    const vals = v.dataSync();
    v.dispose();
    for (let i = 0; i < sums.length - 1; i++) sums[i]! += vals[i]! * (to - from);
    // Activity penalties: per chunk as Keras's per batch (regularizer(output) / batch size), summed.
    sums[sums.length - 1]! += vals[sums.length - 1]!;
  }
  let reg = 0;
  if (scan.penalties.length > 0) {
    const r = tf.tidy(() => tf.addN(scan.penalties.map((p) => p.regularizer.apply(p.weight.read()))));
    reg = r.dataSync()[0]!;
    r.dispose();
  }
  const out: Evaluation = { loss: (sums[0]! + sums[sums.length - 1]!) / d.rows + reg };
  c.metricFns.forEach((m, i) => (out[m.name] = sums[i + 1]! / d.rows));
  return out;
}

/**
 * Trains `model` (built, weights already initialized) on `data.train`. The last validation_split of
 * the training rows (floor, as Keras 3) is held out for val_* and never trained on; each epoch the
 * other rows are visited in shuffleOrder(rows, seed, epoch) (file order with shuffle: false).
 */
export async function trainModel(model: LayersModel, data: Dataset, s: TrainSettings, seed: number, hooks: TrainHooks = {}): Promise<TrainOutcome> {
  const c = compileFns(model, s);
  const scan = scanModel(model);
  const optimizer = makeOptimizer(s.optimizer);
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  const all = data.train;
  const nFit = s.validation_split > 0 ? Math.floor(all.rows * (1 - s.validation_split)) : all.rows;
  if (nFit < 1) {
    throw new RegcError("badSplit", `validation_split ${s.validation_split} leaves no rows to train on (${all.rows} training rows)`);
  }
  const fit = toTensors(all, 0, nFit);
  const val = nFit < all.rows ? toTensors(all, nFit, all.rows) : null;
  const keys = [...scan.penalties.map((p) => p.key), ...scan.activity.map((a) => a.key)];
  const nm = c.metricFns.length;
  const bs = Math.max(1, Math.min(s.batch_size, nFit));
  const identity = s.shuffle ? null : tf.range(0, nFit, 1, "int32");

  const dropoutSeeds = scan.plainDropouts.map((d) => d.seed);
  const history: EpochLog[] = [];
  const es = s.early_stopping;
  const up = es ? higherIsBetter(es.monitor) : false;
  let best = up ? -Infinity : Infinity;
  let bestEpoch = -1;
  let bestWeights: Tensor[] | null = null;
  let wait = 0;
  let warnedMonitor = false;
  let stopped: TrainOutcome["stopped"] = null;
  let stoppedEpoch: number | null = null;
  let message: string | null = null;
  let restoredEpoch: number | null = null;
  let step = 0;

  try {
    for (let epoch = 0; epoch < s.epochs; epoch++) {
      const coefficients = setEpoch(model, epoch, s.epochs);
      const idx = identity ?? tf.tensor1d(shuffleOrder(nFit, seed, epoch), "int32");
      const xe = identity ? fit.x : tf.gather(fit.x, idx);
      const ye = identity ? fit.y : tf.gather(fit.y, idx);
      let acc: Tensor | null = null;
      for (let start = 0; start < nFit; start += bs) {
        const size = Math.min(bs, nFit - start);
        for (const d of scan.plainDropouts) d.seed = dropoutMaskSeed(seed, epoch, step, d.name);
        setRandomState(seed, epoch, step++);
        let stash: Tensor | null = null;
        tf.tidy(() => {
          const xb = size === nFit ? xe : tf.slice(xe, start, size);
          const yb = size === nFit ? ye : tf.slice(ye, start, size);
          optimizer.minimize(
            () => {
              const { pred, activity } = forward(model, xb, true);
              const dataLoss = c.lossFn(yb, pred);
              const regs = [...scan.penalties.map((p) => p.regularizer.apply(p.weight.read())), ...activity];
              const total = regs.length ? tf.addN([dataLoss, ...regs]) : dataLoss;
              const parts = [total, dataLoss, ...regs, ...c.metricFns.map((m) => m.fn(yb, pred))];
              stash = tf.keep(tf.mul(tf.stack(parts), size));
              return total as tf.Scalar;
            },
            false,
            vars,
          );
        });
        if (acc === null) acc = stash!;
        else {
          const next: Tensor = tf.add(acc, stash!);
          acc.dispose();
          (stash as Tensor | null)?.dispose();
          acc = next;
        }
      }
      if (xe !== fit.x) xe.dispose();
      if (ye !== fit.y) ye.dispose();
      if (idx !== identity) idx.dispose();
      // Validation: data loss + penalties at the epoch's final weights, and metrics, in the same read.
      let all2 = acc!;
      if (val) {
        const v = tf.tidy(() => {
          const { pred, activity } = forward(model, val.x, false);
          const regs = [...scan.penalties.map((p) => p.regularizer.apply(p.weight.read())), ...activity];
          const dl = c.lossFn(val.y, pred);
          return tf.stack([regs.length ? tf.addN([dl, ...regs]) : dl, ...c.metricFns.map((m) => m.fn(val.y, pred))]);
        });
        all2 = tf.concat([acc!, v]);
        v.dispose();
        acc!.dispose();
      }
      const sums = all2.dataSync();
      all2.dispose();
      const log: EpochLog = { epoch, loss: sums[0]! / nFit, data_loss: sums[1]! / nFit, reg_loss: 0, reg: {}, coefficients };
      let regSum = 0;
      keys.forEach((k, i) => {
        const r = sums[2 + i]! / nFit;
        log.reg[k] = r;
        regSum += r;
      });
      log.reg_loss = regSum;
      c.metricFns.forEach((m, i) => (log[m.name] = sums[2 + keys.length + i]! / nFit));
      if (val) {
        const o = 2 + keys.length + nm;
        log["val_loss"] = sums[o]!;
        c.metricFns.forEach((m, i) => (log[`val_${m.name}`] = sums[o + 1 + i]!));
      }
      history.push(log);
      hooks.onEpochEnd?.(log);

      if (!Number.isFinite(log.loss)) {
        stopped = "nan";
        stoppedEpoch = epoch;
        message = `training stopped at epoch ${epoch + 1}: the loss became ${Number.isNaN(log.loss) ? "NaN" : "infinite"} (try a lower learning rate or smaller coefficients)`;
        break;
      }
      if (es) {
        const cur = log[es.monitor];
        if (typeof cur !== "number") {
          if (!warnedMonitor) hooks.warn?.(`early stopping monitors '${es.monitor}', which this run does not have (${es.monitor.startsWith("val_") ? "no validation_split" : "not a metric"}); it is skipped`);
          warnedMonitor = true;
        } else {
          const improved = up ? cur - es.min_delta > best : cur + es.min_delta < best;
          if (improved || bestEpoch < 0) {
            best = cur;
            bestEpoch = epoch;
            wait = 0;
            if (es.restore_best_weights) {
              bestWeights?.forEach((t) => t.dispose());
              bestWeights = model.weights.map((w) => tf.keep(tf.clone(w.read())));
            }
          } else if (++wait >= es.patience) {
            stopped = "early_stopping";
            stoppedEpoch = epoch;
            message = `early stopping at epoch ${epoch + 1}: ${es.monitor} has not improved for ${es.patience} epoch${es.patience === 1 ? "" : "s"} (best ${fmt(best)} at epoch ${bestEpoch + 1})`;
            break;
          }
        }
      }
    }
    // Keras 3 restores the best weights at the end of training, stopped early or not.
    if (bestWeights && bestEpoch >= 0 && bestEpoch !== history.length - 1 && stopped !== "nan") {
      const bw = bestWeights;
      tf.tidy(() => model.weights.forEach((w, i) => (w as unknown as { write(t: Tensor): void }).write(bw[i]!)));
      restoredEpoch = bestEpoch;
      if (message) message += `; restored the weights of epoch ${bestEpoch + 1}`;
    }
  } finally {
    setRandomState(null);
    scan.plainDropouts.forEach((d, i) => (d.seed = dropoutSeeds[i]));
    bestWeights?.forEach((t) => t.dispose());
    fit.x.dispose();
    fit.y.dispose();
    val?.x.dispose();
    val?.y.dispose();
    identity?.dispose();
    optimizer.dispose();
  }
  return { history, epochsRun: history.length, stopped, stoppedEpoch, message, restoredEpoch };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4);
}
