// The training loop's types: the settings it reads, what one epoch logs, how a run ends, and the
// trainee (what the loop trains: one tfjs model, or the stacked weights of a batched sweep).
import type { Tensor, Variable } from "../tf.js";

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

/**
 * What the loop trains: `trials` models at once, each tensor below [] for one model (trials = 1) or
 * [T] for T stacked trials. The loop owns the data, the batches, the optimizer, the sums and the
 * stopping rules; a trainee owns its forward pass, its penalties and its random masks.
 */
export interface Trainee {
  readonly trials: number;
  /** Trial seeds (row order each epoch, dropout masks). */
  readonly seeds: number[];
  /** The trainable variables, in model.weights order (the optimizer's order). */
  readonly variables: Variable[];
  /** History keys of penalties(), then of forward()'s activity penalties. */
  readonly penaltyKeys: string[];
  /** Metric names, and those also computed at every step (the per-epoch training figures). */
  readonly metrics: string[];
  readonly stepMetrics: string[];
  /** Sets an epoch's schedules; returns each trial's coefficient values by key. */
  setEpoch(epoch: number, epochs: number): Record<string, number>[];
  /** Seeds the next step's dropout masks: (trial seed, epoch, step, layer). */
  setStep(epoch: number, step: number): void;
  /** A whole set's x and y ([rows, ...]) as forward() and the losses take them. */
  input(x: Tensor, y: Tensor): { x: Tensor; y: Tensor };
  forward(x: Tensor, training: boolean): { pred: Tensor; activity: Tensor[] };
  /** Weight penalties at the current weights and coefficients, one per slot. */
  penalties(): Tensor[];
  /** Mean data loss and metrics per trial. */
  loss(y: Tensor, pred: Tensor): Tensor;
  metric(name: string, y: Tensor, pred: Tensor): Tensor;
  /** After each update: projects constrained weights back (Keras applies a weight's constraint after every optimizer step). */
  constrain?(): void;
  /** Copies of every weight (early stopping's best weights), and writing them back. */
  snapshot?(): Tensor[];
  restore?(weights: Tensor[]): void;
  dispose(): void;
}
