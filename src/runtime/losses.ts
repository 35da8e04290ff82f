// Keras's losses and metrics by name: the settings table's per-sample functions
// (src/settings/catalog.ts: tfjs-layers' own functions), and their per-batch scalar means. The batched
// sweep takes the per-sample values' mean per trial.
import { tf, type Scalar, type Tensor } from "./tf.js";
import { LOSSES, concreteMetric, lossNamed } from "../settings/catalog.js";

export type LossFn = (yTrue: Tensor, yPred: Tensor) => Scalar;
/** Per-sample values: the mean over the last axis (tfjs-layers' loss and metric functions). */
export type PerSampleFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

const mean =
  (f: PerSampleFn): LossFn =>
  (t, p) =>
    tf.mean(f(t, p));

export function perSampleLoss(name: string): PerSampleFn {
  const loss = lossNamed(name);
  if (!loss) throw new Error(`regc runtime: unknown loss '${name}'`);
  const f = LOSSES[loss].perSample;
  return (t, p) => f(tf, t, p);
}

export function lossFunction(name: string): LossFn {
  return mean(perSampleLoss(name));
}

/** A metric by its Keras name, per sample; "accuracy" resolves from the loss and the output width (the table's rule). */
export function perSampleMetric(name: string, loss: string, outputUnits: number): PerSampleFn {
  const m = concreteMetric(name, loss, outputUnits);
  if (!m) throw new Error(`regc runtime: unknown metric '${name}'`);
  return (t, p) => m.perSample(tf, t, p);
}

/** A metric as a per-batch scalar mean. */
export function metricFunction(name: string, loss: string, outputUnits: number): LossFn {
  return mean(perSampleMetric(name, loss, outputUnits));
}
