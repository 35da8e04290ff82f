// Planning an epoch: the batches' boundaries, and each trial's row order, put on the device once per
// epoch (a step slices its rows there, so nothing is copied from JavaScript per step).
import { tf, type Tensor } from "../tf.js";
import { shuffleOrder } from "../random.js";

export interface Batch {
  start: number;
  size: number;
}

/** Consecutive batches of `batchSize` rows (the last one shorter), as Keras's fit. */
export function planBatches(rows: number, batchSize: number): Batch[] {
  const bs = Math.max(1, Math.min(batchSize, rows));
  const out: Batch[] = [];
  for (let start = 0; start < rows; start += bs) out.push({ start, size: Math.min(bs, rows - start) });
  return out;
}

/**
 * The epoch's row order: shuffleOrder(rows, seed, epoch) per trial (file order without shuffle),
 * int32 [rows] for one trial, [T, rows] for several.
 */
export function epochOrder(rows: number, seeds: number[], epoch: number, shuffle: boolean): Tensor {
  const idx = new Int32Array(seeds.length * rows);
  seeds.forEach((seed, k) => {
    if (shuffle) idx.set(shuffleOrder(rows, seed, epoch), k * rows);
    else for (let i = 0; i < rows; i++) idx[k * rows + i] = i;
  });
  return tf.tensor(idx, seeds.length === 1 ? [rows] : [seeds.length, rows], "int32");
}

/** A batch's rows of an epoch's order (the order itself when the batch is the whole epoch). */
export function batchRows(order: Tensor, b: Batch, rows: number): Tensor {
  if (b.size === rows) return order;
  return order.rank === 1 ? tf.slice(order, b.start, b.size) : tf.slice(order, [0, b.start], [-1, b.size]);
}
