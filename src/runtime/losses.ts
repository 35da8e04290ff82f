// Keras's losses and metrics by name, as per-batch scalar means (tfjs-layers' own functions).
import { tf, type Scalar, type Tensor } from "./tf.js";

export type LossFn = (yTrue: Tensor, yPred: Tensor) => Scalar;

function sparseToOneHot(yTrue: Tensor, yPred: Tensor): Tensor {
  const classes = yPred.shape[yPred.shape.length - 1]!;
  return tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), "int32"), classes);
}

const LOSSES: Record<string, LossFn> = {
  binary_crossentropy: (t, p) => tf.mean(tf.metrics.binaryCrossentropy(t, p)),
  categorical_crossentropy: (t, p) => tf.mean(tf.metrics.categoricalCrossentropy(t, p)),
  sparse_categorical_crossentropy: (t, p) => tf.mean(tf.metrics.categoricalCrossentropy(sparseToOneHot(t, p), p)),
  mean_squared_error: (t, p) => tf.mean(tf.metrics.meanSquaredError(t, p)),
  mean_absolute_error: (t, p) => tf.mean(tf.metrics.meanAbsoluteError(t, p)),
};
LOSSES["mse"] = LOSSES["mean_squared_error"]!;
LOSSES["mae"] = LOSSES["mean_absolute_error"]!;

export function lossFunction(name: string): LossFn {
  const f = LOSSES[name];
  if (!f) throw new Error(`regc runtime: unknown loss '${name}'`);
  return f;
}

const binaryAccuracy: LossFn = (t, p) => tf.mean(tf.metrics.binaryAccuracy(t, p));
const categoricalAccuracy: LossFn = (t, p) => tf.mean(tf.metrics.categoricalAccuracy(t, p));
const sparseCategoricalAccuracy: LossFn = (t, p) =>
  tf.mean(tf.cast(tf.equal(tf.argMax(p, -1), tf.cast(tf.reshape(t, [-1]), "int32")), "float32"));

/** A metric by its Keras name; "accuracy" resolves from the loss and the output width, as Keras does. */
export function metricFunction(name: string, loss: string, outputUnits: number): LossFn {
  switch (name) {
    case "accuracy":
      if (loss === "sparse_categorical_crossentropy") return sparseCategoricalAccuracy;
      if (loss === "binary_crossentropy" || outputUnits === 1) return binaryAccuracy;
      return categoricalAccuracy;
    case "binary_accuracy":
      return binaryAccuracy;
    case "categorical_accuracy":
      return categoricalAccuracy;
    case "sparse_categorical_accuracy":
      return sparseCategoricalAccuracy;
    case "mse":
    case "mean_squared_error":
      return LOSSES["mean_squared_error"]!;
    case "mae":
    case "mean_absolute_error":
      return LOSSES["mean_absolute_error"]!;
    default:
      throw new Error(`regc runtime: unknown metric '${name}'`);
  }
}

/** Whether a bigger value of a monitored quantity or metric is better (Keras's "auto" mode): early stopping, a sweep's best point. */
export function higherIsBetter(monitor: string): boolean {
  return /acc/.test(monitor);
}
