// The train block as Keras 3's compile_config: loss, serialized optimizer and metrics, as
// model.compile(...) followed by to_json() writes them (the loader compiles the model from it). The
// optimizer's keys, their order and fixed values are the settings table's (src/settings/catalog.ts).
import { PyFloat } from "../../layers/catalog.js";
import { OPTIMIZERS } from "../../settings/catalog.js";
import type { Optimizer, Train } from "../../ir/types.js";

function optimizerConfig(o: Optimizer): Record<string, unknown> {
  const { className, v3 } = OPTIMIZERS[o.name].keras;
  const config: Record<string, unknown> = { name: v3.name };
  for (const [key, from] of v3.keys) {
    const x = "fixed" in from ? from.fixed : o[from.arg];
    // Every number is a Python float; float32: the value lives in a float32 variable (the learning rate), so Keras writes it rounded.
    config[key] = typeof x === "number" ? new PyFloat("arg" in from && from.float32 ? Math.fround(x) : x) : x;
  }
  return { module: "keras.optimizers", class_name: className, config, registered_name: null };
}

/** `{}` without a train block, as Keras writes for a model that was never compiled. */
export function compileConfig(train: Train | null): Record<string, unknown> {
  if (!train) return {};
  return {
    optimizer: optimizerConfig(train.optimizer),
    loss: train.loss,
    loss_weights: null,
    metrics: train.metrics.length > 0 ? train.metrics : null,
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    // What compile()'s default jit_compile="auto" resolves to on Keras 3's jax and numpy backends.
    jit_compile: true,
  };
}
