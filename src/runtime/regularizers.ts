// Regularizers: plain coefficients become tfjs's own L1L2 (its penalty computed as below); a
// scheduled coefficient becomes ScheduledL1L2, whose coefficients live in non-trainable scalar
// variables that setEpoch assigns once per epoch (so the penalty follows the schedule without
// rebuilding anything). Both compute the penalty in as few ops as it takes (penalty()).
import { tf, type Scalar, type Tensor, type Variable } from "./tf.js";
import { coefficientAt, type Coefficient } from "../schedule/index.js";

/** What the layers accept as a regularizer: anything with apply(weights) -> scalar penalty. */
export type RegularizerLike = { apply(x: Tensor): Scalar } & InstanceType<typeof tf.serialization.Serializable>;

let scheduledCount = 0;

// tfjs-layers accepts a regularizer object only if it is an instance of its (unexported) Regularizer
// base class: L1L2's parent class.
const TfL1L2 = tf.regularizers.l1l2({ l1: 0, l2: 0 }).constructor as new (args: { l1: number; l2: number }) => {
  l1: number;
  l2: number;
  apply(x: Tensor): Scalar;
  getConfig(): tf.serialization.ConfigDict;
};
const RegularizerBase = Object.getPrototypeOf(TfL1L2) as typeof tf.serialization.Serializable;

type Coef = number | Tensor;

/**
 * l1 * sum|x| + l2 * sum x^2 (Keras's order of operations), with its gradient written out:
 * dy * (l1 * sign(x) + 2 * l2 * x), sign(0) taken as -1 as tfjs does. tfjs's own L1L2 and its automatic gradient take about three
 * times the passes over the weights (a scaled copy before the sum, then ones, casts and products
 * in the gradient), each step, for each regularized weight. A null coefficient is a term left out.
 */
export function penalty(x: Tensor, l1: Coef | null, l2: Coef | null): Scalar {
  if (l1 === null && l2 === null) return tf.scalar(0);
  const op = tf.customGrad(((w: Tensor, save: (ts: Tensor[]) => void) => {
    save([w]);
    const terms: Tensor[] = [];
    if (l1 !== null) terms.push(tf.mul(l1, tf.sum(tf.abs(w))));
    if (l2 !== null) terms.push(tf.mul(l2, tf.sum(tf.square(w))));
    return {
      value: terms.length === 1 ? terms[0]! : tf.add(terms[0]!, terms[1]!),
      gradFunc: (dy: Tensor, [saved]: Tensor[]) => {
        const parts: Tensor[] = [];
        // tfjs's derivative of |w|, step(w, -1): -1 at w = 0 where TensorFlow's sign(0) is 0. Kept so that
        // the batched sweep (src/sweep/batched.ts, tfjs's automatic gradient) matches one-by-one runs.
        if (l1 !== null) parts.push(tf.mul(tf.step(saved!, -1), tf.mul(dy, l1)));
        if (l2 !== null) parts.push(tf.mul(saved!, tf.mul(dy, typeof l2 === "number" ? 2 * l2 : tf.mul(l2, 2))));
        return parts.length === 1 ? parts[0]! : tf.add(parts[0]!, parts[1]!);
      },
    };
  }) as never) as (w: Tensor) => Scalar;
  return op(x);
}

/** tfjs's L1L2 (same class name, config and serialization) with the penalty computed by penalty(). */
class L1L2 extends TfL1L2 {
  override apply(x: Tensor): Scalar {
    return penalty(x, this.l1 !== 0 ? this.l1 : null, this.l2 !== 0 ? this.l2 : null);
  }
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
    return penalty(x, this.hasL1 ? this.l1Var : null, this.hasL2 ? this.l2Var : null);
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
  if (typeof l1 === "number" && typeof l2 === "number") return new L1L2({ l1, l2 }) as unknown as RegularizerLike;
  return new ScheduledL1L2({ l1, l2 });
}

export function l1(c: Coefficient): RegularizerLike {
  return l1l2({ l1: c, l2: 0 });
}

export function l2(c: Coefficient): RegularizerLike {
  return l1l2({ l1: 0, l2: c });
}

export const regularizers = { l1l2, l1, l2 };
