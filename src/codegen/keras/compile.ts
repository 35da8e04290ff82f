// The train block as Keras 3's compile_config: loss, serialized optimizer and metrics, as
// model.compile(...) followed by to_json() writes them (the loader compiles the model from it).
import { PyFloat } from "../../layers/catalog.js";
import type { Optimizer, Train } from "../../ir/types.js";

/**
 * Keras 3.15's optimizers: class, the name an unnamed instance gets, and the class's own config keys
 * after the common ones, each the language's argument of that name or a fixed default.
 */
export const OPTIMIZERS: Record<Optimizer["name"], { cls: string; name: string; own: [string, "arg" | { fixed: unknown }][] }> = {
  sgd: { cls: "SGD", name: "sgd", own: [["momentum", "arg"], ["nesterov", "arg"]] },
  adam: { cls: "Adam", name: "adam", own: [["beta_1", "arg"], ["beta_2", "arg"], ["epsilon", "arg"], ["amsgrad", { fixed: false }]] },
  adamw: { cls: "AdamW", name: "adam_w", own: [["beta_1", "arg"], ["beta_2", "arg"], ["epsilon", "arg"], ["amsgrad", { fixed: false }]] },
  rmsprop: { cls: "RMSprop", name: "rm_sprop", own: [["rho", "arg"], ["momentum", "arg"], ["epsilon", "arg"], ["centered", { fixed: false }]] },
  adagrad: { cls: "Adagrad", name: "adagrad", own: [["initial_accumulator_value", "arg"], ["epsilon", "arg"]] },
};

function optimizerConfig(o: Optimizer): Record<string, unknown> {
  const spec = OPTIMIZERS[o.name];
  const num = (x: unknown) => (typeof x === "number" ? new PyFloat(x) : x);
  const config: Record<string, unknown> = {
    name: spec.name,
    // The learning rate lives in a float32 variable, so Keras writes it rounded.
    learning_rate: new PyFloat(Math.fround(o.learning_rate)),
    weight_decay: o.weight_decay === undefined ? null : num(o.weight_decay),
    clipnorm: null,
    global_clipnorm: null,
    clipvalue: null,
    use_ema: false,
    ema_momentum: new PyFloat(0.99),
    ema_overwrite_frequency: null,
    loss_scale_factor: null,
    gradient_accumulation_steps: null,
  };
  for (const [key, from] of spec.own) config[key] = from === "arg" ? num(o[key]) : from.fixed;
  return { module: "keras.optimizers", class_name: spec.cls, config, registered_name: null };
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
