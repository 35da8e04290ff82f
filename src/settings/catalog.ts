// The one table of training settings: losses, metrics and optimizers, each with its Keras names, its
// Keras 3 and tf.keras 2 config keys and defaults, what it computes in a sentence, its arguments, the output and target shapes it
// accepts, whether higher is better, and how the runtime computes it. The checker, the Keras emitter's
// compile_config, the importer, the runtime and the batched sweep all read it (the tfjs emitter writes
// the checked train block as data, which the runtime reads through it). Adding a loss, metric or
// optimizer is one entry here; test/settings.test.ts fails where one is not known.
// tfjs appears only as types: the runtime passes its tf in, so reading the table never loads tfjs.
import type { Optimizer as TfOptimizer, Tensor } from "@tensorflow/tfjs";

type TF = typeof import("@tensorflow/tfjs");

// ---- losses and metrics -----------------------------------------------------------------------

/**
 * What a loss or metric needs of the model's output and the data's target (read by no check yet).
 * `columns`: the target has as many columns as the output has units, or one (a class index).
 */
export interface Shapes {
  /** What the target holds: 0/1 per column, a class index in [0, units), a one-hot row, any real number. */
  target: "binary" | "class-index" | "one-hot" | "real";
  columns: "units" | 1;
  /** The output it expects: a sigmoid per unit, a softmax over the units, or any values. */
  activation: "sigmoid" | "softmax" | null;
  /** The fewest output units that make sense (2 for a choice among classes). */
  minUnits: number;
}

/**
 * A loss's or metric's value per sample (the mean over the last axis, as tfjs-layers' losses return
 * it), for a batch [B, units] as for the batched sweep's stack of trials [T, B, units]. The runtime
 * and the batched sweep take the mean of it over the samples.
 */
export type PerSample = (tf: TF, yTrue: Tensor, yPred: Tensor) => Tensor;

export interface LossDef {
  /** What Keras computes, in a sentence (the editor's hover and completion). */
  doc: string;
  /** Other names the language accepts (Keras's own aliases); the checked IR holds the entry's name. */
  aliases: readonly string[];
  /**
   * Keras's loss class. Both Keras 3's compile_config and tf.keras 2's training_config write a loss
   * given by name as that name (`"loss": "binary_crossentropy"`): a loss has no config keys there.
   */
  className: string;
  shapes: Shapes;
  /** What `accuracy` means with this loss; null: by the output width (1 unit binary_accuracy, else categorical_accuracy). */
  accuracy: ConcreteMetric | null;
  perSample: PerSample;
}

/** Integer class indices [..., 1] (or [...]) as one-hot rows shaped like yPred. */
function oneHot(tf: TF, yTrue: Tensor, yPred: Tensor): Tensor {
  const classes = yPred.shape[yPred.shape.length - 1]!;
  return tf.reshape(tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), "int32"), classes), yPred.shape);
}

const BINARY: Shapes = { target: "binary", columns: "units", activation: "sigmoid", minUnits: 1 };
const REAL: Shapes = { target: "real", columns: "units", activation: null, minUnits: 1 };
const meanSquared: PerSample = (tf, t, p) => tf.metrics.meanSquaredError(t, p);
const meanAbsolute: PerSample = (tf, t, p) => tf.metrics.meanAbsoluteError(t, p);

// tfjs-layers' own loss functions (which clip probabilities to [1e-7, 1 - 1e-7] as Keras does).
export const LOSSES = {
  binary_crossentropy: { doc: "Cross-entropy between a 0/1 target and a probability (a sigmoid output): -(y log p + (1 - y) log(1 - p)), averaged.",
    aliases: [],
    className: "BinaryCrossentropy",
    shapes: BINARY,
    accuracy: "binary_accuracy",
    perSample: (tf, t, p) => tf.metrics.binaryCrossentropy(t, p),
  },
  categorical_crossentropy: { doc: "Cross-entropy between one-hot targets and a probability distribution (a softmax output).",
    aliases: [],
    className: "CategoricalCrossentropy",
    shapes: { target: "one-hot", columns: "units", activation: "softmax", minUnits: 2 },
    accuracy: null,
    perSample: (tf, t, p) => tf.metrics.categoricalCrossentropy(t, p),
  },
  sparse_categorical_crossentropy: { doc: "Cross-entropy between integer class ids and a probability distribution (a softmax output).",
    aliases: [],
    className: "SparseCategoricalCrossentropy",
    shapes: { target: "class-index", columns: 1, activation: "softmax", minUnits: 2 },
    accuracy: "sparse_categorical_accuracy",
    perSample: (tf, t, p) => tf.metrics.categoricalCrossentropy(oneHot(tf, t, p), p),
  },
  mean_squared_error: { doc: "Mean of the squared differences between target and prediction.", aliases: ["mse"], className: "MeanSquaredError", shapes: REAL, accuracy: null, perSample: meanSquared },
  mean_absolute_error: { doc: "Mean of the absolute differences between target and prediction.", aliases: ["mae"], className: "MeanAbsoluteError", shapes: REAL, accuracy: null, perSample: meanAbsolute },
} as const satisfies Record<string, LossDef>;

export type LossName = keyof typeof LOSSES;

export interface MetricDef {
  /** What Keras computes, in a sentence (the editor's hover and completion). */
  doc: string;
  /** Keras's "auto" mode: early stopping on it, and a sweep's best point by it. */
  higherIsBetter: boolean;
  /** How it is computed, or "byLoss": the metric the loss and the output width make it (`accuracy`). */
  compute: { shapes: Shapes; perSample: PerSample } | "byLoss";
}

/** Keras's metrics by the name compile_config's `metrics` holds (as written: no aliases). */
export const METRICS = {
  accuracy: { doc: "Accuracy; Keras picks binary, categorical or sparse categorical accuracy from the loss.", higherIsBetter: true, compute: "byLoss" },
  binary_accuracy: { doc: "How often a prediction thresholded at 0.5 equals a 0/1 target.", higherIsBetter: true, compute: { shapes: BINARY, perSample: (tf, t, p) => tf.metrics.binaryAccuracy(t, p) } },
  categorical_accuracy: { doc: "How often the arg max of the prediction equals the arg max of a one-hot target.",
    higherIsBetter: true,
    compute: { shapes: { target: "one-hot", columns: "units", activation: null, minUnits: 2 }, perSample: (tf, t, p) => tf.metrics.categoricalAccuracy(t, p) },
  },
  sparse_categorical_accuracy: { doc: "How often the arg max of the prediction equals an integer class id.",
    higherIsBetter: true,
    compute: {
      shapes: { target: "class-index", columns: 1, activation: null, minUnits: 2 },
      perSample: (tf, t, p) => tf.cast(tf.equal(tf.argMax(p, -1), tf.cast(tf.reshape(t, p.shape.slice(0, -1)), "int32")), "float32"),
    },
  },
  mse: { doc: "Mean squared error between target and prediction.", higherIsBetter: false, compute: { shapes: REAL, perSample: meanSquared } },
  mae: { doc: "Mean absolute error between target and prediction.", higherIsBetter: false, compute: { shapes: REAL, perSample: meanAbsolute } },
} as const satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;
/** The metrics computed as themselves: all but `accuracy`. */
type ConcreteMetric = Exclude<MetricName, "accuracy">;

/** The loss a name or alias stands for, or undefined. */
export function lossNamed(word: string): LossName | undefined {
  if (Object.hasOwn(LOSSES, word)) return word as LossName;
  return (Object.keys(LOSSES) as LossName[]).find((k) => (LOSSES[k].aliases as readonly string[]).includes(word));
}

/** Every name the language accepts for a loss, each entry's name followed by its aliases. */
export const LOSS_WORDS: readonly string[] = Object.entries(LOSSES).flatMap(([name, l]) => [name, ...l.aliases]);

/** The metric a name computes with a loss and an output width: `accuracy` resolves as the loss says. */
export function concreteMetric(name: string, loss: string, outputUnits: number): { name: ConcreteMetric; perSample: PerSample } | undefined {
  if (!Object.hasOwn(METRICS, name)) return undefined;
  const m = name === "accuracy" ? accuracyFor(loss, outputUnits) : (name as ConcreteMetric);
  return { name: m, perSample: METRICS[m].compute.perSample };
}

/** What `accuracy` means: the loss's own accuracy, else by the output width (Keras's is by the target's and output's shapes). */
function accuracyFor(loss: string, outputUnits: number): ConcreteMetric {
  const l = lossNamed(loss);
  return (l && LOSSES[l].accuracy) ?? (outputUnits === 1 ? "binary_accuracy" : "categorical_accuracy");
}

/** Whether a bigger value of a monitored quantity (loss, a metric, val_ either) is better: early stopping, a sweep's best point. */
export function higherIsBetter(monitor: string): boolean {
  const name = monitor.replace(/^val_/, "");
  return Object.hasOwn(METRICS, name) && METRICS[name as MetricName].higherIsBetter;
}

// ---- optimizers -------------------------------------------------------------------------------

export type SettingType = { kind: "float"; min: number; minExclusive?: boolean } | { kind: "bool" };

export interface SettingArg {
  name: string;
  type: SettingType;
  /** Keras 3's default, the same as tf.keras 2's. */
  default: number | boolean;
}

/**
 * Where one key of an optimizer's Keras config comes from: an argument (float32: written as Keras's
 * float32 variable holds it), or a fixed value. Every number in an optimizer's config is a Python float.
 */
export type ConfigValue = { arg: string; float32?: boolean } | { fixed: unknown };
export type ConfigKeys = readonly (readonly [key: string, value: ConfigValue])[];

/** What the runtime gives an optimizer's constructor: tfjs, and regc's AdamW (src/runtime/optimizers.ts). */
export interface OptimizerKit {
  tf: TF;
  AdamW: new (learningRate: number, weightDecay: number, beta1: number, beta2: number, epsilon: number) => TfOptimizer;
}

/** An optimizer's arguments, defaults filled in. */
export type OptimizerArgs = Record<string, number | boolean>;

export interface OptimizerDef {
  /** What Keras computes, in a sentence (the editor's hover and completion). */
  doc: string;
  /** learning_rate first. */
  args: readonly SettingArg[];
  keras: {
    /** The class in both formats; the language's name is Keras's string identifier (the class, lower-cased). */
    className: string;
    /** Keras 3.15's config: the name an unnamed instance gets (the class in snake case), then every key in order. */
    v3: { name: string; keys: ConfigKeys };
    /** tf.keras 2.12's (TensorFlow.js-era) config: the default name (the class), then every key in order. Read by no emitter yet. */
    v2: { name: string; keys: ConfigKeys };
  };
  /** The tfjs optimizer that performs the same update. */
  runtime(kit: OptimizerKit, a: OptimizerArgs): TfOptimizer;
}

const arg = (name: string): ConfigValue => ({ arg: name });
const fixed = (value: unknown): ConfigValue => ({ fixed: value });
const LEARNING_RATE: ConfigValue = { arg: "learning_rate", float32: true };
const float = (name: string, d: number, min = 0): SettingArg => ({ name, type: { kind: "float", min }, default: d });
const learningRate = (d: number): SettingArg => ({ name: "learning_rate", type: { kind: "float", min: 0, minExclusive: true }, default: d });
const numArg = (a: OptimizerArgs, k: string) => a[k] as number;

/** Keras 3's keys every optimizer writes before its own (weight_decay an argument of AdamW only). */
function v3Keys(own: ConfigKeys, weightDecay: ConfigValue = fixed(null)): ConfigKeys {
  return [
    ["learning_rate", LEARNING_RATE], ["weight_decay", weightDecay], ["clipnorm", fixed(null)], ["global_clipnorm", fixed(null)],
    ["clipvalue", fixed(null)], ["use_ema", fixed(false)], ["ema_momentum", fixed(0.99)], ["ema_overwrite_frequency", fixed(null)],
    ["loss_scale_factor", fixed(null)], ["gradient_accumulation_steps", fixed(null)], ...own,
  ];
}

/** tf.keras 2's: its experimental-turned-default optimizers' base keys, then learning_rate and the class's own. */
function v2Keys(own: ConfigKeys, weightDecay: ConfigValue = fixed(null)): ConfigKeys {
  return [
    ["weight_decay", weightDecay], ["clipnorm", fixed(null)], ["global_clipnorm", fixed(null)], ["clipvalue", fixed(null)],
    ["use_ema", fixed(false)], ["ema_momentum", fixed(0.99)], ["ema_overwrite_frequency", fixed(null)],
    ["jit_compile", fixed(true)], ["is_legacy_optimizer", fixed(false)], ["learning_rate", LEARNING_RATE], ...own,
  ];
}

const ADAM_OWN: ConfigKeys = [["beta_1", arg("beta_1")], ["beta_2", arg("beta_2")], ["epsilon", arg("epsilon")], ["amsgrad", fixed(false)]];
const ADAM_ARGS = [float("beta_1", 0.9), float("beta_2", 0.999), float("epsilon", 1e-7)];

export const OPTIMIZERS = {
  sgd: { doc: "Stochastic gradient descent, with optional momentum and Nesterov momentum (keras.optimizers.SGD).",
    args: [learningRate(0.01), float("momentum", 0), { name: "nesterov", type: { kind: "bool" }, default: false }],
    keras: (() => {
      const own: ConfigKeys = [["momentum", arg("momentum")], ["nesterov", arg("nesterov")]];
      return { className: "SGD", v3: { name: "sgd", keys: v3Keys(own) }, v2: { name: "SGD", keys: v2Keys(own) } };
    })(),
    // tfjs's plain SGD without momentum, its momentum optimizer (with Nesterov's variant) otherwise.
    runtime: ({ tf }, a) =>
      numArg(a, "momentum") > 0 || a.nesterov === true ? tf.train.momentum(numArg(a, "learning_rate"), numArg(a, "momentum"), a.nesterov === true) : tf.train.sgd(numArg(a, "learning_rate")),
  },
  adam: { doc: "Adam: adaptive moment estimation (keras.optimizers.Adam).",
    args: [learningRate(0.001), ...ADAM_ARGS],
    keras: { className: "Adam", v3: { name: "adam", keys: v3Keys(ADAM_OWN) }, v2: { name: "Adam", keys: v2Keys(ADAM_OWN) } },
    runtime: ({ tf }, a) => tf.train.adam(numArg(a, "learning_rate"), numArg(a, "beta_1"), numArg(a, "beta_2"), numArg(a, "epsilon")),
  },
  adamw: { doc: "AdamW: Adam with decoupled weight decay, w -= learning_rate * weight_decay * w each step (keras.optimizers.AdamW).",
    args: [learningRate(0.001), float("weight_decay", 0.004), ...ADAM_ARGS],
    keras: {
      className: "AdamW",
      v3: { name: "adam_w", keys: v3Keys(ADAM_OWN, arg("weight_decay")) },
      v2: { name: "AdamW", keys: v2Keys(ADAM_OWN, arg("weight_decay")) },
    },
    runtime: ({ AdamW }, a) => new AdamW(numArg(a, "learning_rate"), numArg(a, "weight_decay"), numArg(a, "beta_1"), numArg(a, "beta_2"), numArg(a, "epsilon")),
  },
  rmsprop: { doc: "RMSprop: divides the gradient by a running root mean square of recent gradients (keras.optimizers.RMSprop).",
    args: [learningRate(0.001), float("rho", 0.9), float("momentum", 0), float("epsilon", 1e-7)],
    keras: (() => {
      const own: ConfigKeys = [["rho", arg("rho")], ["momentum", arg("momentum")], ["epsilon", arg("epsilon")], ["centered", fixed(false)]];
      return { className: "RMSprop", v3: { name: "rm_sprop", keys: v3Keys(own) }, v2: { name: "RMSprop", keys: v2Keys(own) } };
    })(),
    runtime: ({ tf }, a) => tf.train.rmsprop(numArg(a, "learning_rate"), numArg(a, "rho"), numArg(a, "momentum"), numArg(a, "epsilon")),
  },
  adagrad: { doc: "Adagrad: per-weight learning rates scaled by the accumulated squared gradients (keras.optimizers.Adagrad).",
    args: [learningRate(0.001), float("initial_accumulator_value", 0.1), float("epsilon", 1e-7)],
    keras: (() => {
      const own: ConfigKeys = [["initial_accumulator_value", arg("initial_accumulator_value")], ["epsilon", arg("epsilon")]];
      return { className: "Adagrad", v3: { name: "adagrad", keys: v3Keys(own) }, v2: { name: "Adagrad", keys: v2Keys(own) } };
    })(),
    // tfjs's Adagrad takes no epsilon: it adds the backend's (1e-7 in float32) inside the square root.
    runtime: ({ tf }, a) => tf.train.adagrad(numArg(a, "learning_rate"), numArg(a, "initial_accumulator_value")),
  },
} as const satisfies Record<string, OptimizerDef>;

export type OptimizerName = keyof typeof OPTIMIZERS;

/** An optimizer's arguments with the table's defaults for those not given. */
export function optimizerArgs(name: OptimizerName, given: Record<string, unknown>): OptimizerArgs {
  const out: OptimizerArgs = {};
  for (const a of OPTIMIZERS[name].args) {
    const v = given[a.name];
    out[a.name] = a.type.kind === "bool" ? (v === undefined ? a.default : v === true || v === 1 || v === "true") : typeof v === "number" ? v : a.default;
  }
  return out;
}
