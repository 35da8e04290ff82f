// The one training loop, for one model (`regc train`, generated programs) and for the stacked
// weights of a batched sweep alike: each epoch sets the schedules and puts the rows' order on the
// device, each step runs inside one tidy (trainStep), the steps' figures are summed on the device and
// read back once per `readEvery` epochs (with validation in the same read), then each trial's log,
// the non-finite-loss stop and early stopping. The trainee decides only what a forward pass and a
// penalty are (model.ts: a tfjs model; stacked.ts: T trials' Dense/Dropout stacks).
import { tf, type Tensor } from "../tf.js";
import { makeOptimizer } from "../optimizers.js";
import { RegcError } from "../../diagnostics/index.js";
import type { XY } from "../data/index.js";
import { batchRows, epochOrder, planBatches } from "./plan.js";
import { trainStep, validationStep } from "./step.js";
import { toTensors } from "./evaluate.js";
import { EarlyStopping, nonFiniteLoss } from "./stop.js";
import type { EpochLog, TrainOutcome, TrainSettings, Trainee } from "./types.js";

export interface LoopOptions {
  /** Epochs between reads of the figures (1 when each epoch's log is wanted at once: progress, stopping rules). */
  readEvery?: number;
  /** After each epoch's steps (progress), before its figures are read. */
  onEpoch?(epoch: number): void;
  /** Each trial's log, as read. */
  onLog?(trial: number, log: EpochLog): void;
  warn?(message: string): void;
}

/**
 * Trains the trainee on `data`. The last validation_split of the rows (floor, as Keras 3) is held out
 * for val_* and never trained on; each epoch each trial visits the other rows in its own order.
 * Returns each trial's outcome; training ends when every trial has stopped or at the last epoch.
 */
export async function runLoop(t: Trainee, data: XY, s: TrainSettings, o: LoopOptions = {}): Promise<TrainOutcome[]> {
  const T = t.trials;
  const nFit = s.validation_split > 0 ? Math.floor(data.rows * (1 - s.validation_split)) : data.rows;
  if (nFit < 1) {
    throw new RegcError("badSplit", `validation_split ${s.validation_split} leaves no rows to train on (${data.rows} training rows)`);
  }
  const readEvery = Math.max(1, o.readEvery ?? 1);
  const warn = o.warn ?? (() => {});
  const optimizer = makeOptimizer(s.optimizer);
  const fit = toTensors(data, 0, nFit);
  const val = nFit < data.rows ? toTensors(data, nFit, data.rows) : null;
  const batches = planBatches(nFit, s.batch_size);
  // Each batch size as a device scalar, made once (tf.mul(x, number) would upload it every step).
  const sizes = new Map(batches.map((b) => [b.size, tf.scalar(b.size)] as const));
  const P = t.penaltyKeys.length;
  const M = t.stepMetrics.length;

  const outcomes: TrainOutcome[] = Array.from({ length: T }, () => ({ history: [], epochsRun: 0, stopped: null, stoppedEpoch: null, message: null, restoredEpoch: null }));
  const done = new Array<boolean>(T).fill(false);
  const es = s.early_stopping
    ? t.seeds.map(() => {
        if (T > 1 || !t.snapshot) throw new Error("internal error: early stopping needs one model");
        return new EarlyStopping(s.early_stopping!, t.snapshot, warn);
      })
    : null;

  /** One trial's log from an epoch's figures (values[row * T + k]). */
  const logOf = (k: number, epoch: number, coefficients: Record<string, number>, v: Float32Array, at: number): EpochLog => {
    const get = (row: number) => v[at + row * T + k]!;
    const log: EpochLog = { epoch, loss: get(0) / nFit, data_loss: get(1) / nFit, reg_loss: 0, reg: {}, coefficients };
    let regSum = 0;
    t.penaltyKeys.forEach((key, i) => {
      const r = get(2 + i) / nFit;
      log.reg[key] = r;
      regSum += r;
    });
    log.reg_loss = regSum;
    t.stepMetrics.forEach((m, i) => (log[m] = get(2 + P + i) / nFit));
    if (val) {
      log["val_loss"] = get(2 + P + M);
      t.metrics.forEach((m, i) => (log[`val_${m}`] = get(3 + P + M + i)));
    }
    return log;
  };

  let pending: { epoch: number; coefficients: Record<string, number>[]; stats: Tensor }[] = [];
  /** Reads the pending epochs' figures; logs each trial's epochs until it stops. */
  const flush = () => {
    if (pending.length === 0) return;
    const all = pending.length === 1 ? pending[0]!.stats : tf.stack(pending.map((p) => p.stats));
    const values = all.dataSync() as Float32Array;
    if (pending.length > 1) all.dispose();
    const per = values.length / pending.length;
    pending.forEach((p, i) => {
      p.stats.dispose();
      for (let k = 0; k < T; k++) {
        if (done[k]) continue;
        const out = outcomes[k]!;
        const log = logOf(k, p.epoch, p.coefficients[k]!, values, i * per);
        out.history.push(log);
        o.onLog?.(k, log);
        const nan = nonFiniteLoss(log);
        const early = nan ? null : (es?.[k]?.update(log) ?? null);
        if (nan || early) {
          done[k] = true;
          out.stopped = nan ? "nan" : "early_stopping";
          out.stoppedEpoch = p.epoch;
          out.message = nan ?? early;
        }
      }
    });
    pending = [];
  };

  // Without shuffling every epoch has the same order: made once.
  const fileOrder = s.shuffle ? null : epochOrder(nFit, t.seeds, 0, false);
  let step = 0;
  try {
    for (let epoch = 0; epoch < s.epochs && !done.every(Boolean); epoch++) {
      const coefficients = t.setEpoch(epoch, s.epochs);
      const order = fileOrder ?? epochOrder(nFit, t.seeds, epoch, true);
      let sums: Tensor | null = null;
      for (const b of batches) {
        t.setStep(epoch, step++);
        const rows = batchRows(order, b, nFit);
        const stats = trainStep(t, optimizer, fit.x, fit.y, rows, sizes.get(b.size)!);
        if (rows !== order) rows.dispose();
        if (sums === null) sums = stats;
        else {
          const next: Tensor = tf.add(sums, stats);
          sums.dispose();
          stats.dispose();
          sums = next;
        }
      }
      if (order !== fileOrder) order.dispose();
      // Validation: data loss + penalties at the epoch's final weights, and metrics, in the same read.
      if (val) {
        const v = validationStep(t, val.x, val.y);
        const both = tf.concat([sums!, v]);
        v.dispose();
        sums!.dispose();
        sums = both;
      }
      pending.push({ epoch, coefficients, stats: sums! });
      o.onEpoch?.(epoch);
      if (pending.length >= readEvery || epoch === s.epochs - 1) flush();
      // Give the event loop a turn (progress bars, signals) without synchronizing the device.
      if (epoch % 50 === 49) await new Promise((r) => setImmediate(r));
    }
    flush();
    // Keras 3 restores the best weights at the end of training, stopped early or not.
    es?.forEach((e, k) => {
      const out = outcomes[k]!;
      const best = out.stopped === "nan" ? null : e.weightsToRestore(out.history.length - 1);
      if (!best) return;
      t.restore!(best);
      out.restoredEpoch = e.bestEpoch;
      if (out.message) out.message += `; restored the weights of epoch ${e.bestEpoch + 1}`;
    });
  } finally {
    pending.forEach((p) => p.stats.dispose());
    es?.forEach((e) => e.dispose());
    sizes.forEach((v) => v.dispose());
    fileOrder?.dispose();
    fit.x.dispose();
    fit.y.dispose();
    val?.x.dispose();
    val?.y.dispose();
    optimizer.dispose();
  }
  for (const out of outcomes) out.epochsRun = out.history.length;
  return outcomes;
}
