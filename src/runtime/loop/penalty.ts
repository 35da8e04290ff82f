// One penalty formula for a slot, for a model's weight and for stacked weights alike: Keras's L1L2,
// l1 * |w| + l2 * w^2 summed (no 1/2). A constant coefficient is tfjs's L1L2, sum(l * f(w)); a
// scheduled one is ScheduledL1L2, l * sum(f(w)). The same values as those classes' apply(), in fewer
// operations (no zeros([1]) added and no reshape) and with coefficients already on the device.
import { tf, type Tensor } from "../tf.js";

export interface PenaltyTerms {
  /** The coefficients as tensors (scalars for a model; [T,1,1] constant or [T] scheduled for stacked weights), null for a zero term. */
  l1: Tensor | null;
  l2: Tensor | null;
  scheduled: boolean;
}

/** The slot's penalty of `w`, summed over `axes` (all when undefined); null when both terms are zero. */
export function penalty(w: Tensor, p: PenaltyTerms, axes?: number[]): Tensor | null {
  let out: Tensor | null = null;
  for (const [c, f] of [
    [p.l1, tf.abs],
    [p.l2, tf.square],
  ] as const) {
    if (!c) continue;
    const fw = f(w);
    const term = p.scheduled ? tf.mul(c, tf.sum(fw, axes)) : tf.sum(tf.mul(c, fw), axes);
    out = out ? tf.add(out, term) : term;
  }
  return out;
}
