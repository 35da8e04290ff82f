// Regularizers: plain coefficients become tfjs's own L1L2; a scheduled coefficient becomes
// ScheduledL1L2, whose coefficients live in non-trainable scalar variables that setEpoch assigns once
// per epoch (so the penalty follows the schedule without rebuilding anything). The training loop
// computes both with penalty() below, in as few ops as it takes.
import { tf, type Scalar, type Tensor, type Variable } from "./tf.js";
import { coefficientAt, type Coefficient } from "../schedule/index.js";

/** What the layers accept as a regularizer: anything with apply(weights) -> scalar penalty. */
export type RegularizerLike = { apply(x: Tensor): Scalar } & InstanceType<typeof tf.serialization.Serializable>;

let scheduledCount = 0;

// tfjs-layers accepts a regularizer object only if it is an instance of its (unexported) Regularizer
// base class: L1L2's parent class.
const RegularizerBase = Object.getPrototypeOf(tf.regularizers.l1l2({ l1: 0, l2: 0 }).constructor) as typeof tf.serialization.Serializable;

export interface PenaltyTerms {
  /** The coefficients as tensors (scalars for a model; [T,1,1] constant or [T] scheduled for stacked weights), null for a zero term. */
  l1: Tensor | null;
  l2: Tensor | null;
  scheduled: boolean;
}

/**
 * One penalty formula for a slot, for a model's weight and for stacked weights alike (the training
 * loop's two trainees, and ScheduledL1L2.apply): Keras's L1L2, l1 * |w| + l2 * w^2 summed (no 1/2),
 * over `axes` (all when undefined); null when both terms are zero. A constant coefficient is tfjs's
 * L1L2, sum(l * f(w)); a scheduled one is ScheduledL1L2, l * sum(f(w)). The same values as tfjs's
 * L1L2.apply(), in fewer operations (no zeros([1]) added and no reshape) and with coefficients already
 * on the device.
 */
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

/** l1 * sum|w| + l2 * sum w^2 (Keras's L1L2: no 1/2), each coefficient a number or a schedule. */
export class ScheduledL1L2 extends RegularizerBase {
  static className = "ScheduledL1L2";
  readonly l1: Coefficient;
  readonly l2: Coefficient;
  /** The coefficients' current values (set by setEpoch; epoch 0's value until then). */
  readonly l1Var: Variable;
  readonly l2Var: Variable;
  private readonly hasL1: boolean;
  private readonly hasL2: boolean;

  constructor(args: { l1?: Coefficient; l2?: Coefficient }) {
    super();
    this.l1 = args.l1 ?? 0;
    this.l2 = args.l2 ?? 0;
    this.hasL1 = this.l1 !== 0;
    this.hasL2 = this.l2 !== 0;
    const id = scheduledCount++;
    [this.l1Var, this.l2Var] = tf.tidy(() => [
      tf.variable(tf.scalar(coefficientAt(this.l1, 0, 1)), false, `regc_l1_${id}`),
      tf.variable(tf.scalar(coefficientAt(this.l2, 0, 1)), false, `regc_l2_${id}`),
    ]);
  }

  /** Sets both coefficients for an epoch; assigns only what changed. */
  setEpoch(epoch: number, totalEpochs: number): void {
    setScalar(this.l1Var, coefficientAt(this.l1, epoch, totalEpochs));
    setScalar(this.l2Var, coefficientAt(this.l2, epoch, totalEpochs));
  }

  /** Frees the coefficient variables (runProgram does it with the model). */
  dispose(): void {
    this.l1Var.dispose();
    this.l2Var.dispose();
  }

  apply(x: Tensor): Scalar {
    return (penalty(x, { l1: this.hasL1 ? this.l1Var : null, l2: this.hasL2 ? this.l2Var : null, scheduled: true }) ?? tf.scalar(0)) as Scalar;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { l1: this.l1 as tf.serialization.ConfigDictValue, l2: this.l2 as tf.serialization.ConfigDictValue };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}
tf.serialization.registerClass(ScheduledL1L2, "regc");

const lastValue = new WeakMap<Variable, number>();

/** Assigns a scalar variable only when its value changes (one small upload, not one per batch). */
export function setScalar(v: Variable, value: number): void {
  if (lastValue.get(v) === value) return;
  lastValue.set(v, value);
  tf.tidy(() => v.assign(tf.scalar(value)));
}

/** A regularizer for a slot: tfjs's L1L2 for plain numbers, ScheduledL1L2 when either is scheduled. */
export function l1l2(args: { l1?: Coefficient; l2?: Coefficient }): RegularizerLike {
  const l1 = args.l1 ?? 0;
  const l2 = args.l2 ?? 0;
  if (typeof l1 === "number" && typeof l2 === "number") return tf.regularizers.l1l2({ l1, l2 }) as unknown as RegularizerLike;
  return new ScheduledL1L2({ l1, l2 });
}

export function l1(c: Coefficient): RegularizerLike {
  return l1l2({ l1: c, l2: 0 });
}

export function l2(c: Coefficient): RegularizerLike {
  return l1l2({ l1: 0, l2: c });
}

export const regularizers = { l1l2, l1, l2 };
