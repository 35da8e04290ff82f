// Keras's losses and metrics by name (tfjs-layers' own functions): per sample, and as per-batch
// scalar means. The batched sweep takes the per-sample values' mean per trial.
import { tf, type Scalar, type Tensor } from "./tf.js";

export type LossFn = (yTrue: Tensor, yPred: Tensor) => Scalar;
/** Per-sample values: the mean over the last axis (tfjs-layers' loss and metric functions). */
export type PerSampleFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

function sparseToOneHot(yTrue: Tensor, yPred: Tensor): Tensor {
  const classes = yPred.shape[yPred.shape.length - 1]!;
  return tf.reshape(tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), "int32"), classes), yPred.shape);
}

const PER_SAMPLE_LOSSES: Record<string, PerSampleFn> = {
  binary_crossentropy: (t, p) => tf.metrics.binaryCrossentropy(t, p),
  categorical_crossentropy: (t, p) => tf.metrics.categoricalCrossentropy(t, p),
  sparse_categorical_crossentropy: (t, p) => tf.metrics.categoricalCrossentropy(sparseToOneHot(t, p), p),
  mean_squared_error: (t, p) => tf.metrics.meanSquaredError(t, p),
  mean_absolute_error: (t, p) => tf.metrics.meanAbsoluteError(t, p),
};
PER_SAMPLE_LOSSES["mse"] = PER_SAMPLE_LOSSES["mean_squared_error"]!;
PER_SAMPLE_LOSSES["mae"] = PER_SAMPLE_LOSSES["mean_absolute_error"]!;

const mean =
  (f: PerSampleFn): LossFn =>
  (t, p) =>
    tf.mean(f(t, p));

export function perSampleLoss(name: string): PerSampleFn {
  const f = PER_SAMPLE_LOSSES[name];
  if (!f) throw new Error(`regc runtime: unknown loss '${name}'`);
  return f;
}

export function lossFunction(name: string): LossFn {
  return mean(perSampleLoss(name));
}

const binaryAccuracy: PerSampleFn = (t, p) => tf.metrics.binaryAccuracy(t, p);
const categoricalAccuracy: PerSampleFn = (t, p) => tf.metrics.categoricalAccuracy(t, p);
const sparseCategoricalAccuracy: PerSampleFn = (t, p) => tf.cast(tf.equal(tf.argMax(p, -1), tf.cast(tf.reshape(t, p.shape.slice(0, -1)), "int32")), "float32");

/** A metric by its Keras name, per sample; "accuracy" resolves from the loss and the output width, as Keras does. */
export function perSampleMetric(name: string, loss: string, outputUnits: number): PerSampleFn {
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
      return PER_SAMPLE_LOSSES["mean_squared_error"]!;
    case "mae":
    case "mean_absolute_error":
      return PER_SAMPLE_LOSSES["mean_absolute_error"]!;
    default:
      throw new Error(`regc runtime: unknown metric '${name}'`);
  }
}

/** A metric as a per-batch scalar mean. */
export function metricFunction(name: string, loss: string, outputUnits: number): LossFn {
  return mean(perSampleMetric(name, loss, outputUnits));
}

/** Whether a bigger value of a monitored quantity or metric is better (Keras's "auto" mode): early stopping, a sweep's best point. */
export function higherIsBetter(monitor: string): boolean {
  return /acc/.test(monitor);
}
