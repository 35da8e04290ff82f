// The training settings the editor offers and explains: losses, optimizers and metrics. One function reads
// them from the training-settings table the checker reads (src/settings/catalog.ts), so the editor never
// knows a name the checker does not; the Keras meaning of each is the one thing added here.
import { LOSSES, METRICS, OPTIMIZERS } from "../settings/catalog.js";

export interface Setting {
  kind: "loss" | "optimizer" | "metric";
  name: string;
  /** What Keras computes, in a sentence. */
  meaning: string;
  /** The Keras name it stands for, when it is an alias (`mse` for mean_squared_error). */
  aliasOf?: string;
  /** Optimizers: each argument and its Keras 3 default, in order. */
  defaults?: Readonly<Record<string, number | boolean>>;
}

const MEANING: Record<string, string> = {
  binary_crossentropy: "Cross-entropy between a 0/1 target and a probability (a sigmoid output): -(y log p + (1 - y) log(1 - p)), averaged.",
  categorical_crossentropy: "Cross-entropy between one-hot targets and a probability distribution (a softmax output).",
  sparse_categorical_crossentropy: "Cross-entropy between integer class ids and a probability distribution (a softmax output).",
  mean_squared_error: "Mean of the squared differences between target and prediction.",
  mean_absolute_error: "Mean of the absolute differences between target and prediction.",
  sgd: "Stochastic gradient descent, with optional momentum and Nesterov momentum (keras.optimizers.SGD).",
  adam: "Adam: adaptive moment estimation (keras.optimizers.Adam).",
  adamw: "AdamW: Adam with decoupled weight decay, w -= learning_rate * weight_decay * w each step (keras.optimizers.AdamW).",
  rmsprop: "RMSprop: divides the gradient by a running root mean square of recent gradients (keras.optimizers.RMSprop).",
  adagrad: "Adagrad: per-weight learning rates scaled by the accumulated squared gradients (keras.optimizers.Adagrad).",
  accuracy: "Accuracy; Keras picks binary, categorical or sparse categorical accuracy from the loss.",
  binary_accuracy: "How often a prediction thresholded at 0.5 equals a 0/1 target.",
  categorical_accuracy: "How often the arg max of the prediction equals the arg max of a one-hot target.",
  sparse_categorical_accuracy: "How often the arg max of the prediction equals an integer class id.",
  mse: "Mean squared error between target and prediction.",
  mae: "Mean absolute error between target and prediction.",
};

/** Every loss, optimizer and metric the checker accepts, with its meaning. */
export function trainingSettings(): Setting[] {
  const meaning = (name: string) => MEANING[name] ?? "";
  return [
    ...Object.entries(LOSSES).flatMap(([name, l]): Setting[] => [
      { kind: "loss", name, meaning: meaning(name) },
      ...l.aliases.map((alias: string): Setting => ({ kind: "loss", name: alias, meaning: meaning(name), aliasOf: name })),
    ]),
    ...Object.entries(OPTIMIZERS).map(([name, o]): Setting => ({ kind: "optimizer", name, meaning: meaning(name), defaults: Object.fromEntries(o.args.map((a) => [a.name, a.default])) })),
    ...Object.keys(METRICS).map((name): Setting => ({ kind: "metric", name, meaning: meaning(name) })),
  ];
}

export function settingsOf(kind: Setting["kind"]): Setting[] {
  return trainingSettings().filter((s) => s.kind === kind);
}
