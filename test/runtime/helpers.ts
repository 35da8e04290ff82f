// Shared by the runtime tests: the classic moons case written by hand with tf.layers.
import { tf, regularizers, type ProgramSpec } from "../../src/runtime/index.js";

export function moonsSpec(over: Partial<ProgramSpec["train"]> = {}): ProgramSpec {
  return {
    source: "specs/moons.reg",
    name: "Moons",
    train: {
      data: { kind: "moons", samples: 100, noise: 0.2, seed: 1 },
      split: { count: 30 },
      loss: "binary_crossentropy",
      optimizer: { name: "adam", learning_rate: 1e-3 },
      metrics: ["accuracy"],
      epochs: 4000,
      batch_size: 32,
      validation_split: 0,
      shuffle: true,
      seed: null,
      early_stopping: null,
      ...over,
    },
  };
}

/** Dense(500, relu) -> Dense(1, sigmoid), with L2(l2) on the hidden kernel when l2 > 0. */
export function moonsModel(l2 = 0) {
  return () => {
    const model = tf.sequential({ name: "Moons" });
    model.add(
      tf.layers.dense({
        name: "dense",
        batchInputShape: [null, 2],
        units: 500,
        activation: "relu",
        // Keras's defaults, as the emitter writes them (tfjs's own Dense default is glorotNormal).
        kernelInitializer: "glorotUniform",
        biasInitializer: "zeros",
        ...(l2 > 0 ? { kernelRegularizer: regularizers.l1l2({ l1: 0, l2 }) } : {}),
      }),
    );
    model.add(tf.layers.dense({ name: "dense_1", units: 1, activation: "sigmoid", kernelInitializer: "glorotUniform", biasInitializer: "zeros" }));
    return model;
  };
}
