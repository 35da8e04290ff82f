// The trainee for a batched sweep: T trials of one Dense/Dropout stack that differ only in
// regularization coefficients, dropout rates and seeds, trained together by the one loop. Each
// trial's weights are stacked along a leading axis [T, ...], so a step is one batched forward pass,
// one backward pass and one optimizer update for all trials, and tfjs's per-operation overhead is paid
// once instead of T times.
//
// It is the one-model trainee (model.ts) trial by trial: the same initial weights (initialWeights with
// the trial's seed), the same row order and batches and steps (the loop's), tfjs-layers' own loss and
// metric functions (losses.ts, reduced per trial), the same penalty formula (penalty() in ../regularizers.ts) and dropout
// mask seeds (dropoutMaskSeed), and the same optimizer (makeOptimizer): every tfjs optimizer is
// elementwise, so one optimizer over the stacked variables performs exactly each trial's update. The
// loss minimized is the sum over trials of each trial's loss, whose gradient with respect to trial
// t's weights is trial t's own gradient.
import { tf, type LayersModel, type Tensor, type Variable } from "../tf.js";
import { coefficientAt, type Coefficient } from "../../schedule/index.js";
import { initialWeights } from "../init.js";
import { dropoutMaskSeed } from "../random.js";
import { perSampleLoss, perSampleMetric } from "../losses.js";
import type { Dataset } from "../data/index.js";
import { penalty } from "../regularizers.js";
import { runLoop } from "./loop.js";
import { evaluateTrials } from "./evaluate.js";
import type { EpochLog, Evaluation, TrainSettings, Trainee } from "./types.js";

/** A trial's settings for one layer of the model: a Dense layer's slot coefficients, a Dropout layer's rate. */
export interface StackedLayer {
  kernel?: { l1: Coefficient; l2: Coefficient } | null;
  bias?: { l1: Coefficient; l2: Coefficient } | null;
  rate?: Coefficient;
}

/** One trial: its seed and its settings for each of the model's layers. */
export interface StackedTrial {
  seed: number;
  layers: StackedLayer[];
}

export interface StackedOptions {
  /** Called after each epoch with the number of epochs done. */
  onEpoch?: (done: number) => void;
}

export interface StackedResult {
  seed: number;
  final: { train: Evaluation; test: Evaluation | null };
  history: EpochLog[];
  /** "nan" when the trial's loss became NaN (its history ends there). */
  stopped: null | "nan";
}

interface DenseSpec {
  kind: "dense";
  name: string;
  units: number;
  inputs: number;
  activation: (x: Tensor) => Tensor;
  /** ReLU is fused into the layer's gradient (dz = dh * step(h)), saving tfjs's cast and step. */
  relu: boolean;
  kernel: Variable;
  bias: Variable | null;
  /** Per-trial penalty coefficients; their tensors ([T,1,1] constant, [T] scheduled) are null when zero for every trial. */
  pen: { slot: "kernel" | "bias"; l1: Coefficient[]; l2: Coefficient[]; scheduled: boolean; l1t: Tensor | null; l2t: Tensor | null; sig: string }[];
}

interface DropoutSpec {
  kind: "dropout";
  name: string;
  rates: Coefficient[];
  now: number[];
}

type AnyLayer = Record<string, unknown> & { name: string; weights: unknown[]; getClassName(): string };

/** The trainee for `trials` of `model`'s Dense/Dropout stack (flat input). */
export function stackedTrainee(model: LayersModel, trials: StackedTrial[], s: Pick<TrainSettings, "loss" | "metrics">): Trainee {
  const T = trials.length;
  const seeds = trials.map((t) => t.seed);
  const features = (model.inputs[0]!.shape as number[])[1]!;

  // Initial weights: one set per distinct seed (model.weights order), stacked per weight.
  const initCache = new Map<number, Float32Array[]>();
  const initOf = (seed: number) => {
    let w = initCache.get(seed);
    if (!w) initCache.set(seed, (w = initialWeights(model, seed)));
    return w;
  };
  const stack = (w: unknown, shape: number[]): Variable => {
    const index = (model.weights as unknown[]).indexOf(w);
    if (index < 0) throw new Error("internal error: a layer's weight is not among the model's weights");
    const size = shape.reduce((a, b) => a * b, 1);
    const buf = new Float32Array(T * size);
    trials.forEach((t, k) => buf.set(initOf(t.seed)[index]!, k * size));
    return tf.tidy(() => tf.variable(tf.tensor(buf, [T, ...shape], "float32"), true));
  };

  const specs: (DenseSpec | DropoutSpec)[] = [];
  let width = features;
  (model.layers as unknown as AnyLayer[]).forEach((tl, li) => {
    if (/Dropout$/.test(tl.getClassName())) {
      const rates = trials.map((t) => t.layers[li]?.rate ?? 0);
      specs.push({ kind: "dropout", name: tl.name, rates, now: rates.map(() => 0) });
      return;
    }
    const units = tl["units"] as number;
    const [kernel, bias] = tl.weights as [unknown, unknown?];
    const act = tl["activation"] as { apply(x: Tensor): Tensor; getClassName(): string };
    const pen: DenseSpec["pen"] = [];
    for (const slot of ["kernel", "bias"] as const) {
      const regs = trials.map((t) => t.layers[li]?.[slot] ?? null);
      if (regs.every((r) => r === null)) continue;
      const l1 = regs.map((r) => (r ? r.l1 : 0));
      const l2 = regs.map((r) => (r ? r.l2 : 0));
      const scheduled = [...l1, ...l2].some((c) => typeof c !== "number");
      pen.push({ slot, l1, l2, scheduled, l1t: null, l2t: null, sig: "" });
    }
    specs.push({
      kind: "dense",
      name: tl.name,
      units,
      inputs: width,
      activation: (x) => act.apply(x),
      relu: act.getClassName() === "relu",
      kernel: stack(kernel, [width, units]),
      bias: tl["useBias"] ? stack(bias, [1, units]) : null,
      pen,
    });
    width = units;
  });
  const dense = specs.filter((d): d is DenseSpec => d.kind === "dense");
  const variables: Variable[] = dense.flatMap((d) => (d.bias ? [d.kernel, d.bias] : [d.kernel]));

  /** Coefficient tensors for an epoch (made again only when a value changes) and dropout rates. */
  const setCoefficients = (epoch: number, epochs: number) => {
    for (const d of dense) {
      for (const p of d.pen) {
        const l1 = p.l1.map((c) => coefficientAt(c, epoch, epochs));
        const l2 = p.l2.map((c) => coefficientAt(c, epoch, epochs));
        const sig = `${l1}/${l2}`;
        if (sig === p.sig) continue;
        p.sig = sig;
        p.l1t?.dispose();
        p.l2t?.dispose();
        const make = (v: number[]) => (v.every((x) => x === 0) ? null : tf.tensor(v, p.scheduled ? [T] : [T, 1, 1], "float32"));
        p.l1t = make(l1);
        p.l2t = make(l2);
      }
    }
    for (const d of specs) if (d.kind === "dropout") d.now = d.rates.map((r) => coefficientAt(r, epoch, epochs));
  };

  /** x [T,B,I] times W [T,I,O] (x @ W per trial): broadcasting for thin shapes, where tfjs's batched matMul is slow. */
  const matmul = (x: Tensor, w: Tensor, inputs: number): Tensor => {
    if (inputs > 4) return tf.matMul(x, w);
    let out: Tensor | null = null;
    for (let k = 0; k < inputs; k++) {
      const term = tf.mul(tf.slice(x, [0, 0, k], [-1, -1, 1]), tf.slice(w, [0, k, 0], [-1, 1, -1]));
      out = out ? tf.add(out, term) : term;
    }
    return out!;
  };

  /** [T,B,1] ones per batch size, made once: [x | 1] gives the first layer's dW and db in one product. */
  const ones = new Map<number, Tensor>();
  const onesFor = (b: number) => {
    let o = ones.get(b);
    if (!o) ones.set(b, (o = tf.keep(tf.ones([T, b, 1]))));
    return o;
  };

  /**
   * One Dense layer's x @ W + b for all trials, with a hand-written gradient: tfjs's generic one for
   * batched matMul and broadcasting goes through transposes, pads and identity copies that cost more
   * than the arithmetic at these sizes. dW = x^T dz, db = sum of dz over the batch, dx = dz W^T.
   * The first layer's x is data: it takes no gradient, so it is captured, not an input.
   */
  const denseOp = (x: Tensor, d: DenseSpec, first: boolean): Tensor => {
    const { inputs, units } = d;
    // [x | 1] for the first layer's gradient (dW and db in one product).
    const withOnes = first && d.bias !== null;
    // Tensors the gradient reads must go through save(): the forward's intermediates are disposed.
    const grads = (dz: Tensor, [xs, w, , xa]: Tensor[]): Tensor[] => {
      let dw: Tensor;
      let db: Tensor | null = null;
      if (withOnes) {
        const both = tf.matMul(xa!, dz, true, false);
        dw = tf.slice(both, [0, 0, 0], [-1, inputs, -1]);
        db = tf.slice(both, [0, inputs, 0], [-1, 1, -1]);
      } else {
        dw = tf.matMul(xs!, dz, true, false);
        if (d.bias) db = tf.sum(dz, 1, true);
      }
      const dx = first ? [] : [units === 1 ? tf.mul(dz, tf.reshape(w!, [T, 1, inputs])) : tf.matMul(dz, w!, false, true)];
      return [...dx, dw, ...(db ? [db] : [])];
    };
    const wrt: Tensor[] = [...(first ? [] : [x]), d.kernel, ...(d.bias ? [d.bias] : [])];
    const op = tf.customGrad(((...args: unknown[]) => {
      const save = args[args.length - 1] as (ts: Tensor[]) => void;
      const z0 = matmul(x, d.kernel, inputs);
      const z = d.bias ? tf.add(z0, d.bias) : z0;
      const out = d.relu ? tf.relu(z) : z;
      save([x, d.kernel, out, ...(withOnes ? [tf.concat([x, onesFor(x.shape[1]!)], 2)] : [])]);
      return {
        value: out,
        gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
          const g = Array.isArray(dy) ? dy[0]! : dy;
          return grads(d.relu ? tf.mul(g, tf.step(saved[2]!)) : g, saved);
        },
      };
    }) as never) as (...ts: Tensor[]) => Tensor;
    return op(...wrt);
  };

  /** Each Dropout layer's masks for a step, [T,B,width]: as tf.dropout, floor(uniform + keep) / keep, from each trial's seeded stream. */
  let at = { epoch: 0, step: 0 };
  const dropoutMask = (d: DropoutSpec, batch: number, width: number): Tensor | null => {
    if (d.now.every((r) => !(r > 0))) return null;
    const parts = trials.map((t, k) => {
      const rate = d.now[k]!;
      if (!(rate > 0)) return tf.ones([1, batch, width]);
      if (rate >= 1) return tf.zeros([1, batch, width]);
      const keep = 1 - rate;
      const seed = dropoutMaskSeed(t.seed, at.epoch, at.step, d.name);
      return tf.reshape(tf.div(tf.floor(tf.add(tf.randomUniform([batch, width], 0, 1, "float32", seed), keep)), keep), [1, batch, width]);
    });
    return tf.concat(parts, 0);
  };

  const loss = perSampleLoss(s.loss);
  const metricFns = new Map(s.metrics.map((m) => [m, perSampleMetric(m, s.loss, (model.outputs[0]!.shape as number[]).at(-1) ?? 1)]));
  const tile = (t: Tensor) => tf.tile(tf.expandDims(t, 0), [T, 1, 1]);

  return {
    trials: T,
    seeds,
    variables,
    penaltyKeys: dense.flatMap((d) => d.pen.map((p) => `${d.name}/${p.slot}`)),
    metrics: s.metrics,
    // Metrics are computed at the end only (the report draws the losses), which saves a tenth of the step's time.
    stepMetrics: [],
    setEpoch(epoch, epochs) {
      setCoefficients(epoch, epochs);
      return trials.map(() => ({}));
    },
    setStep(epoch, step) {
      at = { epoch, step };
    },
    input: (x, y) => ({ x: tile(x), y: tile(y) }),
    forward(x, training) {
      let h = x;
      let first = true;
      let w = features;
      for (const d of specs) {
        if (d.kind === "dense") {
          if (training) {
            const z = denseOp(h, d, first);
            h = d.relu ? z : d.activation(z);
          } else {
            const z = matmul(h, d.kernel, d.inputs);
            h = d.activation(d.bias ? tf.add(z, d.bias) : z);
          }
          first = false;
          w = d.units;
        } else if (training) {
          const m = dropoutMask(d, h.shape[1]!, w);
          if (m) h = tf.mul(h, m);
        }
      }
      return { pred: h, activity: [] };
    },
    penalties: () => dense.flatMap((d) => d.pen.map((p) => penalty(p.slot === "kernel" ? d.kernel : d.bias!, { l1: p.l1t, l2: p.l2t, scheduled: p.scheduled }, [1, 2]) ?? tf.zeros([T]))),
    loss: (y, pred) => tf.mean(loss(y, pred), 1),
    metric: (name, y, pred) => tf.mean(metricFns.get(name)!(y, pred), 1),
    dispose() {
      for (const v of variables) v.dispose();
      for (const d of dense) for (const p of d.pen) [p.l1t, p.l2t].forEach((t) => t?.dispose());
      ones.forEach((o) => o.dispose());
    },
  };
}

/** Trains every trial together with the one loop; returns each trial's final scores and history. */
export async function trainStacked(model: LayersModel, trials: StackedTrial[], data: Dataset, s: TrainSettings, o: StackedOptions = {}): Promise<StackedResult[]> {
  const t = stackedTrainee(model, trials, s);
  try {
    // Read the figures every 50 epochs: the device is not synchronized every epoch.
    const outcomes = await runLoop(t, data.train, s, { readEvery: 50, onEpoch: (e) => o.onEpoch?.(e + 1) });
    const train = evaluateTrials(t, data.train);
    const test = data.test && data.test.rows > 0 ? evaluateTrials(t, data.test) : null;
    return trials.map((trial, k) => ({
      seed: trial.seed,
      final: { train: train[k]!, test: test ? test[k]! : null },
      history: outcomes[k]!.history,
      stopped: outcomes[k]!.stopped === "nan" ? "nan" : null,
    }));
  } finally {
    t.dispose();
  }
}
