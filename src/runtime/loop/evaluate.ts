// Final scores on a set, in chunks of rows: the data loss and metrics (chunk means weighted by their
// rows), activity penalties per chunk as Keras's per batch, then the weight penalties at the current
// weights, as Keras's evaluate.
import { tf, type Tensor } from "../tf.js";
import type { XY } from "../data/index.js";
import type { Evaluation, Trainee } from "./types.js";

/** Rows [from, to) of a set as tensors: x [rows, ...shape], y [rows, 1]. */
export function toTensors(d: XY, from: number, to: number): { x: Tensor; y: Tensor } {
  const w = d.shape.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor(d.x.subarray(from * w, to * w), [to - from, ...d.shape], "float32"),
    y: tf.tensor(d.y.subarray(from, to), [to - from, 1], "float32"),
  };
}

/** Each trial's loss and metrics on `d`. */
export function evaluateTrials(t: Trainee, d: XY, chunk = 1024): Evaluation[] {
  const T = t.trials;
  const rows = 2 + t.metrics.length; // loss, metrics, activity penalties
  const sums = new Float64Array(rows * T);
  for (let from = 0; from < d.rows; from += chunk) {
    const to = Math.min(d.rows, from + chunk);
    const v = tf.tidy(() => {
      const c = toTensors(d, from, to);
      const { x, y } = t.input(c.x, c.y);
      const { pred, activity } = t.forward(x, false);
      const loss = t.loss(y, pred);
      const act = activity.length ? tf.mul(tf.addN(activity), to - from) : tf.zerosLike(loss);
      return tf.stack([loss, ...t.metrics.map((m) => t.metric(m, y, pred)), act]);
    });
    const vals = v.dataSync();
    v.dispose();
    for (let i = 0; i < (rows - 1) * T; i++) sums[i]! += vals[i]! * (to - from);
    // Activity penalties: per chunk as Keras's per batch (regularizer(output) / batch size), summed.
    for (let k = 0; k < T; k++) sums[(rows - 1) * T + k]! += vals[(rows - 1) * T + k]!;
  }
  const reg = new Float64Array(T);
  const r = tf.tidy(() => {
    const p = t.penalties();
    return p.length ? tf.addN(p) : tf.zeros([0]);
  });
  r.dataSync().forEach((v, k) => (reg[k] = v));
  r.dispose();
  return Array.from({ length: T }, (_, k) => {
    const out: Evaluation = { loss: (sums[k]! + sums[(rows - 1) * T + k]!) / d.rows + reg[k]! };
    t.metrics.forEach((m, i) => (out[m] = sums[(i + 1) * T + k]! / d.rows));
    return out;
  });
}
