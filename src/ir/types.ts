// The checked IR: the one input of every emitter and of the runtime. Described by schema.json,
// which ajv validates every IR against before it leaves the checker.
import type { Coefficient, Schedule } from "../schedule/index.js";
import type { Dims, Slot } from "../layers/catalog.js";
import type { Range } from "../diagnostics/index.js";
import type { OptimizerName } from "../settings/catalog.js";

export const IR_VERSION = 1;

export interface Regularizer {
  /** As written: l1(a), l2(a), or l1_l2(l1: a, l2: b); the absent term is 0. */
  kind: "l1" | "l2" | "l1_l2";
  l1: Coefficient;
  l2: Coefficient;
  /** Whether the layer set it or a `regularize` default did. */
  from: "layer" | "default";
}

export interface IRLayer {
  class_name: string;
  name: string;
  /** Every argument the language has for the layer, defaults filled in. A Dropout rate may be a schedule. */
  args: Record<string, unknown>;
  /** Only the slots the layer has; null where nothing penalizes it. */
  regularizers: Partial<Record<Slot, Regularizer | null>>;
  /** Bidirectional's wrapped layer. */
  inner?: IRLayer;
  input_shape: Dims;
  output_shape: Dims;
  weights: { name: string; shape: number[]; trainable: boolean; slot?: "kernel" | "bias" | "recurrent" }[];
  params: { trainable: number; non_trainable: number };
  /** Where the spec writes the layer (its class name), for the emitters' refusals. */
  span: Required<Range>;
}

export type DataSource =
  | { kind: "moons"; samples: number; noise: number; seed: number }
  | { kind: "csv"; path: string; target: string };

export interface Optimizer {
  name: OptimizerName;
  learning_rate: number;
  /** Other arguments the user set, in Keras's names (momentum, beta_1, weight_decay, ...). */
  [arg: string]: number | string;
}

export interface Train {
  data: DataSource;
  /** The first `count` rows (or fraction of rows) train; the rest is held out as the test set. */
  split: { count: number } | { fraction: number } | null;
  loss: string;
  optimizer: Optimizer;
  metrics: string[];
  epochs: number;
  batch_size: number;
  validation_split: number;
  shuffle: boolean;
  seed: number | null;
  early_stopping: { monitor: string; patience: number; min_delta: number; restore_best_weights: boolean } | null;
}

export interface IR {
  version: typeof IR_VERSION;
  name: string;
  input: Dims;
  layers: IRLayer[];
  params: { total: number; trainable: number; non_trainable: number };
  schedules: Record<string, Schedule>;
  /** Param values this IR was checked with (a sweep point overrides one). */
  param_values: Record<string, number>;
  sweep: { param: string; values: number[] } | null;
  repeat: number;
  train: Train | null;
}
