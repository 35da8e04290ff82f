// Optimizers by Keras name and arguments. AdamW (decoupled weight decay, which tfjs lacks) is Adam
// plus `w -= learning_rate * weight_decay * w` before each Adam step, as Keras 3 and PyTorch do.
import { tf, type Tensor, type Variable } from "./tf.js";

type NamedTensorMap = Record<string, Tensor>;
type NamedTensor = { name: string; tensor: Tensor };

/** Adam with decoupled weight decay (Loshchilov and Hutter): decay first, then tfjs's Adam step. */
export class AdamW extends tf.AdamOptimizer {
  static override get className(): string {
    return "AdamW";
  }
  readonly weightDecay: number;
  private readonly lr: number;

  constructor(learningRate: number, weightDecay: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7) {
    super(learningRate, beta1, beta2, epsilon);
    this.lr = learningRate;
    this.weightDecay = weightDecay;
  }

  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    if (this.weightDecay !== 0) {
      const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
      const factor = 1 - this.lr * this.weightDecay;
      tf.tidy(() => {
        for (const name of names) {
          const v = tf.engine().registeredVariables[name] as Variable | undefined;
          if (v) v.assign(tf.mul(v, factor));
        }
      });
    }
    super.applyGradients(variableGradients as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay };
  }
}
tf.serialization.registerClass(AdamW, "regc");

/** The checked IR's optimizer (Keras names and defaults) as a tfjs optimizer. */
export function makeOptimizer(o: { name: string; learning_rate: number; [arg: string]: number | string }): InstanceType<typeof tf.Optimizer> {
  const n = (k: string, d: number) => (typeof o[k] === "number" ? (o[k] as number) : d);
  const lr = o.learning_rate;
  switch (o.name) {
    case "sgd": {
      const m = n("momentum", 0);
      const nesterov = o["nesterov"] === 1 || (o["nesterov"] as unknown) === true || o["nesterov"] === "true";
      return m > 0 || nesterov ? tf.train.momentum(lr, m, nesterov) : tf.train.sgd(lr);
    }
    case "adam":
      return tf.train.adam(lr, n("beta_1", 0.9), n("beta_2", 0.999), n("epsilon", 1e-7));
    case "adamw":
      return new AdamW(lr, n("weight_decay", 0.004), n("beta_1", 0.9), n("beta_2", 0.999), n("epsilon", 1e-7));
    case "rmsprop":
      return tf.train.rmsprop(lr, n("rho", 0.9), n("momentum", 0), n("epsilon", 1e-7));
    case "adagrad":
      return tf.train.adagrad(lr, n("initial_accumulator_value", 0.1));
    default:
      throw new Error(`regc runtime: unknown optimizer '${o.name}'`);
  }
}
