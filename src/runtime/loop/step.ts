// One training step and one pass over a set without training, for any trainee: forward, penalties,
// gradients and the optimizer's update, all inside one tidy; the step's figures stay on the device.
import { tf, type Scalar, type Tensor } from "../tf.js";
import type { Trainee } from "./types.js";

type Optimizer = InstanceType<typeof tf.Optimizer>;

/**
 * One step on the rows `rows` of x and y: minimizes the data loss plus every penalty (summed over
 * trials: trial t's gradient is its own loss's), then applies the weights' constraints. Returns the step's figures times its size, [k] or
 * [k, T]: total, data loss, each penalty, each step metric (Keras's epoch figures are batch values
 * weighted by batch size).
 */
export function trainStep(t: Trainee, optimizer: Optimizer, x: Tensor, y: Tensor, rows: Tensor, size: Tensor): Tensor {
  return tf.tidy(() => {
    const xb = tf.gather(x, rows);
    const yb = tf.gather(y, rows);
    let stats: Tensor | null = null;
    optimizer.minimize(
      () => {
        const { pred, activity } = t.forward(xb, true);
        const data = t.loss(yb, pred);
        const regs = [...t.penalties(), ...activity];
        const total = regs.length ? tf.addN([data, ...regs]) : data;
        stats = tf.keep(tf.mul(tf.stack([total, data, ...regs, ...t.stepMetrics.map((m) => t.metric(m, yb, pred))]), size));
        return (t.trials === 1 ? total : tf.sum(total)) as Scalar;
      },
      false,
      t.variables,
    );
    t.constrain?.();
    return stats!;
  });
}

/** Loss (data + every penalty) and each metric on a whole set, at the current weights: [1 + metrics] or [1 + metrics, T]. */
export function validationStep(t: Trainee, x: Tensor, y: Tensor): Tensor {
  return tf.tidy(() => {
    const v = t.input(x, y);
    const { pred, activity } = t.forward(v.x, false);
    const regs = [...t.penalties(), ...activity];
    const dl = t.loss(v.y, pred);
    return tf.stack([regs.length ? tf.addN([dl, ...regs]) : dl, ...t.metrics.map((m) => t.metric(m, v.y, pred))]);
  });
}
