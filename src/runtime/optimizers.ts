// Optimizers by Keras name and arguments. AdamW (decoupled weight decay, which tfjs lacks) is Adam
// plus `w -= learning_rate * weight_decay * w` before each Adam step, as Keras 3 and PyTorch do.
import { tf, type Tensor, type Variable } from "./tf.js";
import { OPTIMIZERS, optimizerArgs, type OptimizerName } from "../settings/catalog.js";

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

/** The checked IR's optimizer (Keras names; the settings table's defaults for arguments not given) as a tfjs optimizer. */
export function makeOptimizer(o: { name: string; learning_rate: number; [arg: string]: number | string | boolean }): InstanceType<typeof tf.Optimizer> {
  if (!Object.hasOwn(OPTIMIZERS, o.name)) throw new Error(`regc runtime: unknown optimizer '${o.name}'`);
  const name = o.name as OptimizerName;
  return OPTIMIZERS[name].runtime({ tf, AdamW }, optimizerArgs(name, o));
}
