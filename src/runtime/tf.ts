// The one @tensorflow/tfjs instance the runtime and the programs it runs use.
import * as tf from "@tensorflow/tfjs";

export { tf };
export type { Tensor, Variable, Scalar, LayersModel } from "@tensorflow/tfjs";
