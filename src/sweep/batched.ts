// Batched training: every trial of a sweep that differs from the others only in regularization
// coefficients, dropout rates and seeds trains together as one computation, the runtime's training
// loop over the trials' stacked weights (src/runtime/loop/stacked.ts). This file decides which
// sweeps can (whyNotBatched) and gives the runtime each trial's coefficients and rates from its IR.
import type { IR, IRLayer, Regularizer } from "../ir/types.js";
import type { Runtime } from "../run/index.js";
import type { LayersModel } from "../runtime/tf.js";
import type { Dataset, StackedLayer, StackedResult } from "../runtime/index.js";
import { METRICS, lossNamed } from "../settings/catalog.js";

/** Layers the batched trainer runs; any other layer sends the sweep to worker processes. */
const BATCHED_LAYERS = new Set(["Dense", "Dropout"]);

/** The IR with every coefficient and dropout rate blanked: trials whose skeletons are equal can batch. */
function skeleton(ir: IR): string {
  const layer = (l: IRLayer): unknown => ({
    ...l,
    span: null,
    args: l.class_name === "Dropout" ? { ...l.args, rate: null } : l.args,
    regularizers: Object.fromEntries(Object.entries(l.regularizers).map(([slot, r]) => [slot, r ? { kind: "set" } : null])),
    inner: l.inner ? layer(l.inner) : undefined,
  });
  return JSON.stringify({ input: ir.input, layers: ir.layers.map(layer), train: ir.train });
}

/**
 * Why these points cannot train as one batched computation, or null when they can. The reason is
 * printed ("batched training does not support LSTM; ...").
 */
export function whyNotBatched(irs: IR[]): string | null {
  const ir = irs[0]!;
  const train = ir.train!;
  if (ir.input.length !== 1) return `batched training supports only flat inputs (this model's input is [${ir.input.join(", ")}])`;
  for (const l of ir.layers) {
    if (!BATCHED_LAYERS.has(l.class_name)) return `batched training does not support ${l.class_name}`;
    if (l.class_name === "Dense" && l.regularizers.activity) return "batched training does not support activity regularizers";
  }
  if (!lossNamed(train.loss)) return `batched training does not support the loss ${train.loss}`;
  for (const m of train.metrics) if (!Object.hasOwn(METRICS, m)) return `batched training does not support the metric ${m}`;
  if (train.early_stopping) return "batched training does not support early stopping (each trial stops on its own)";
  if (train.validation_split > 0) return "batched training does not support validation_split";
  const first = skeleton(ir);
  if (irs.some((p) => skeleton(p) !== first)) return "the swept parameter changes more than regularization coefficients and dropout rates";
  return null;
}

/** A trial for the batched trainer: its point's IR (coefficients) and its seed. */
export interface BatchedTrial {
  ir: IR;
  seed: number;
}

export interface BatchedOptions {
  epochs: number;
  /** A model built by the spec's program (point 0): its layers and weights' initializers. */
  model: LayersModel;
  data: Dataset;
  /** Called after each epoch with the number of epochs done. */
  onEpoch?: (done: number) => void;
}

export type BatchedTrialResult = StackedResult;

function slotRegularizer(l: IRLayer, slot: "kernel" | "bias"): Regularizer | null {
  return (l.regularizers[slot] as Regularizer | null | undefined) ?? null;
}

/** A trial's settings for each layer: Dense slots' coefficients, Dropout rates. */
function layersOf(ir: IR): StackedLayer[] {
  return ir.layers.map((l) => (l.class_name === "Dropout" ? { rate: l.args.rate as StackedLayer["rate"] } : { kernel: slotRegularizer(l, "kernel"), bias: slotRegularizer(l, "bias") }));
}

/** Trains every trial together with the runtime `rt` (the one the program was built with); returns each trial's final scores and history. */
export function trainBatched(rt: Runtime, trials: BatchedTrial[], opts: BatchedOptions): Promise<BatchedTrialResult[]> {
  const train = trials[0]!.ir.train!;
  return rt.trainStacked(
    opts.model,
    trials.map((t) => ({ seed: t.seed, layers: layersOf(t.ir) })),
    opts.data,
    { ...train, epochs: opts.epochs },
    { onEpoch: opts.onEpoch },
  );
}
