// What a sweep gives: sweep.json's data (a SweepResult), in the runtime contract beside the runtime's
// TrainResult. The sweep owns these types; the report reads them.
import type { Evaluation } from "../runtime/index.js";

/** Loss and metric values by name, e.g. { loss: 0.1, accuracy: 1 }. */
export type Scores = Evaluation;

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
