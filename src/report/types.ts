// The data the report draws: history.json (a TrainResult) and sweep.json (a SweepResult), as in the
// contract between the runtime, `regc train`, `regc sweep` and the report (notes: RUNTIME_API.md).

// A training run's data is the runtime's own TrainResult (what history.json holds): one definition.
import type { EpochLog, Evaluation, Histogram, TrainResult, WeightStats } from "../runtime/index.js";
/** Loss and metric values by name, e.g. { loss: 0.1, accuracy: 1 }. */
export type Scores = Evaluation;
export type { Histogram, TrainResult, WeightStats };
/** One epoch of training (loss = data_loss + reg_loss; `val_*` only with a validation split). */
export type HistoryEntry = EpochLog;

export interface SweepTrial {
  seed: number;
  train: Scores;
  test: Scores | null;
}

export interface SweepPoint {
  value: number;
  trials: SweepTrial[];
  train_mean: number;
  train_std: number;
  test_mean: number;
  test_std: number;
}

export interface SweepResult {
  source: string;
  model: string;
  param: string;
  repeat: number;
  mode: "batched" | "workers";
  reason: string | null;
  /** The metric the means and the best point are about. */
  metric: string;
  points: SweepPoint[];
  /** The swept value with the best test mean. */
  best: number;
}
