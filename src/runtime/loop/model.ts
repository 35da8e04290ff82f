// The trainee for one tfjs model (`regc train`, generated programs): tfjs-layers' forward pass with
// activity penalties (model-scan), each regularized slot's penalty, the spec's loss and metrics, and
// its Dropout layers' masks seeded per step through their `seed` field, and its weights' constraints.
import { tf, type LayersModel, type Tensor, type Variable } from "../tf.js";
import { forward, scanModel, setEpoch, type SlotPenalty } from "../model-scan.js";
import { lossFunction, metricFunction, type LossFn } from "../losses.js";
import { dropoutMaskSeed } from "../random.js";
import { ScheduledL1L2, penalty, type PenaltyTerms } from "../regularizers.js";
import { runLoop } from "./loop.js";
import { evaluateTrials } from "./evaluate.js";
import type { Dataset, XY } from "../data/index.js";
import type { Evaluation, TrainHooks, TrainOutcome, TrainSettings, Trainee } from "./types.js";

type Settings = Pick<TrainSettings, "loss" | "metrics">;
type Constrained = { read(): Variable; constraint: { apply(w: Tensor): Tensor } | null };

/** A slot's coefficients as device tensors: ScheduledL1L2's variables, or tfjs L1L2's numbers as scalars made once. */
function termsOf(p: SlotPenalty, owned: Tensor[]): PenaltyTerms | null {
  const r = p.regularizer as unknown as Record<string, unknown>;
  if (p.regularizer instanceof ScheduledL1L2) {
    const reg = p.regularizer;
    return { l1: reg.l1 !== 0 ? reg.l1Var : null, l2: reg.l2 !== 0 ? reg.l2Var : null, scheduled: true };
  }
  if (r["hasL1"] !== undefined && typeof r["l1"] === "number" && typeof r["l2"] === "number") {
    const scalar = (v: number) => {
      const s = tf.scalar(v);
      owned.push(s);
      return s;
    };
    return { l1: r["hasL1"] ? scalar(r["l1"]) : null, l2: r["hasL2"] ? scalar(r["l2"]) : null, scheduled: false };
  }
  return null; // another regularizer: its own apply()
}

/** The trainee for `model` (built, weights set); `seed` seeds its dropout masks. */
export function modelTrainee(model: LayersModel, s: Settings, seed = 0): Trainee {
  const scan = scanModel(model);
  const out = model.outputs[0]!.shape;
  const units = (out[out.length - 1] ?? 1) as number;
  const lossFn = lossFunction(s.loss);
  const metricFns = new Map<string, LossFn>(s.metrics.map((m) => [m, metricFunction(m, s.loss, units)]));
  const owned: Tensor[] = [];
  const slots = scan.penalties.map((p) => ({ p, terms: termsOf(p, owned) }));
  const dropoutSeeds = scan.dropouts.map((d) => d.seed);
  // tfjs applies a LayerVariable's constraint only in write(), which the optimizer does not call (nor does model.fit).
  const constrained = model.trainableWeights.filter((w) => (w as unknown as Constrained).constraint != null) as unknown as Constrained[];
  return {
    trials: 1,
    seeds: [seed],
    variables: model.trainableWeights.map((w) => w.read() as Variable),
    penaltyKeys: [...scan.penalties.map((p) => p.key), ...scan.activity.map((a) => a.key)],
    metrics: s.metrics,
    stepMetrics: s.metrics,
    setEpoch: (epoch, epochs) => [setEpoch(model, epoch, epochs)],
    setStep(epoch, step) {
      for (const d of scan.dropouts) d.seed = dropoutMaskSeed(seed, epoch, step, d.name);
    },
    input: (x, y) => ({ x, y }),
    forward: (x, training) => forward(model, x, training),
    penalties: () =>
      slots.map(({ p, terms }) => {
        const w = p.weight.read();
        return (terms ? penalty(w, terms) : null) ?? p.regularizer.apply(w);
      }),
    loss: (y, pred) => lossFn(y, pred),
    metric: (name, y, pred) => metricFns.get(name)!(y, pred),
    constrain: constrained.length
      ? () => {
          for (const w of constrained) {
            const v = w.read();
            v.assign(w.constraint!.apply(v));
          }
        }
      : undefined,
    snapshot: () => model.weights.map((w) => tf.clone(w.read())),
    restore: (ws) => tf.tidy(() => model.weights.forEach((w, i) => (w as unknown as { write(t: Tensor): void }).write(ws[i]!))),
    dispose() {
      scan.dropouts.forEach((d, i) => (d.seed = dropoutSeeds[i]));
      owned.forEach((t) => t.dispose());
    },
  };
}

/**
 * Trains `model` (built, weights already initialized) on `data.train` with `seed` (row order each
 * epoch, dropout masks); each epoch's log goes to hooks.onEpochEnd as soon as it is read.
 */
export async function trainModel(model: LayersModel, data: Dataset, s: TrainSettings, seed: number, hooks: TrainHooks = {}): Promise<TrainOutcome> {
  const t = modelTrainee(model, s, seed);
  try {
    const [outcome] = await runLoop(t, data.train, s, { onLog: (_, log) => hooks.onEpochEnd?.(log), warn: hooks.warn });
    return outcome!;
  } finally {
    t.dispose();
  }
}

/** Loss (data + penalties at the current weights, as Keras's evaluate) and metrics over a set, in chunks. */
export function evaluate(model: LayersModel, d: XY, settings: Settings, chunk = 1024): Evaluation {
  const t = modelTrainee(model, settings);
  try {
    return evaluateTrials(t, d, chunk)[0]!;
  } finally {
    t.dispose();
  }
}
