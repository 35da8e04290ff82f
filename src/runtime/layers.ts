// Layers regc adds to tfjs: Dropout whose rate follows a schedule, with seeded masks.
import { tf, type Tensor } from "./tf.js";
import { coefficientAt, type Coefficient } from "../schedule/index.js";
import { dropoutSeed } from "./random.js";
import type { RegularizerLike } from "./regularizers.js";

/**
 * Dropout (inverted, as Keras's) with a rate that may follow a schedule. In training the mask
 * comes from a seed derived from the run's seed, the epoch, the step and the layer (set by the
 * training loop in `seed`), so a run is reproducible; outside a run masks are random as in
 * tf.layers.dropout.
 */
export class ScheduledDropout extends tf.layers.Layer {
  static className = "ScheduledDropout";
  readonly schedule: Coefficient;
  /** The rate in force (setEpoch sets it at each epoch's start). */
  rate: number;
  /** The next mask's seed, set by the training loop at each step (as tfjs's Dropout's); without it, the run position's (setRandomState). */
  seed?: number;

  constructor(args: { name?: string; rate: Coefficient; trainable?: boolean }) {
    super({ name: args.name, trainable: args.trainable });
    this.schedule = args.rate;
    this.rate = coefficientAt(args.rate, 0, 1);
    this.supportsMasking = true;
  }

  setEpoch(epoch: number, totalEpochs: number): void {
    this.rate = coefficientAt(this.schedule, epoch, totalEpochs);
  }

  override call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const rate = this.rate;
    if (!kwargs["training"] || !(rate > 0)) return x;
    if (rate >= 1) return tf.zerosLike(x);
    return tf.dropout(x, rate, undefined, this.seed ?? dropoutSeed(this.name));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.schedule as tf.serialization.ConfigDictValue };
  }
}
tf.serialization.registerClass(ScheduledDropout, "regc");

/** `layers.scheduledDropout({ name, rate })`: rate is a number or { schedule, name? }. */
export function scheduledDropout(args: { name?: string; rate: Coefficient }): ScheduledDropout {
  return new ScheduledDropout(args);
}

const activity = new WeakMap<object, RegularizerLike>();

/**
 * A layer with an activity regularizer: regularizer(output) / batch size is added to the loss (as
 * Keras 3 does). tfjs refuses layers built with `activityRegularizer`, so regc keeps it beside the
 * layer and its training loop applies it (Sequential models). It is not saved in model.json.
 */
export function withActivityRegularizer<L extends object>(layer: L, regularizer: RegularizerLike): L {
  activity.set(layer, regularizer);
  return layer;
}

export function activityRegularizerOf(layer: object): RegularizerLike | undefined {
  return activity.get(layer);
}

export const layers = { scheduledDropout, withActivityRegularizer };
