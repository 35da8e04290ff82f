// The data the report draws: history.json (a TrainResult) and sweep.json (a SweepResult), as in the
// contract between the runtime, `regc train`, `regc sweep` and the report (notes: RUNTIME_API.md).

/** Loss and metric values by name, e.g. { loss: 0.1, accuracy: 1 }. */
export type Scores = Record<string, number>;

/** One epoch of training. `val_*` only with a validation split. */
export interface HistoryEntry {
  epoch: number;
  /** data_loss + reg_loss */
  loss: number;
  data_loss: number;
  reg_loss: number;
  /** The regularization loss by layer and slot: "dense/kernel", "dense/bias", "lstm/recurrent", "dense/activity". */
  reg: Record<string, number>;
  /** Each schedule's value at this epoch, by schedule name (inline schedules: "layer/slot"). */
  coefficients: Record<string, number>;
  /** Metrics (`accuracy`, `mae`, ...) and `val_loss`, `val_<metric>`. */
  [metric: string]: number | Record<string, number>;
}

/** A histogram: `edges` has one more entry than `counts` (30 bins). */
export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface WeightStats {
  layer: string;
  weight: string;
  shape: number[];
  /** sum |w| */
  l1: number;
  /** sqrt(sum w^2), the norm */
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
  /** The epoch training stopped at (NaN: the epoch whose loss was NaN), null when it ran to the end. */
  stopped_epoch?: number | null;
  /** Why it stopped, in words. */
  message?: string | null;
  metrics: string[];
  history: HistoryEntry[];
  final: { train: Scores; test: Scores | null };
  weights: WeightStats[];
}

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
