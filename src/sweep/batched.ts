// Batched training: every trial of a sweep that differs from the others only in regularization
// coefficients, dropout rates and seeds trains together as one computation. Each trial's weights are
// stacked along a leading axis [T, ...]; a step is one batched forward pass, one backward pass and one
// optimizer update for all trials, so tfjs's per-operation overhead is paid once instead of T times.
//
// It reproduces the one-by-one runtime (src/runtime) trial by trial: the same initial weights
// (initialWeights with the trial's seed), the same row order each epoch (shuffleOrder with the trial's
// seed), the same batch boundaries, tfjs-layers' own loss and metric functions, the same penalty
// formulas (tfjs's L1L2: sum(l * |w|) and sum(l * w^2); ScheduledL1L2: l * sum(...)), and the runtime's
// own optimizer object (makeOptimizer): every tfjs optimizer is elementwise, so one optimizer over the
// stacked variables performs exactly each trial's update. The loss minimized is the sum over trials of
// each trial's loss, whose gradient with respect to trial t's weights is trial t's own gradient.
import type { IR, IRLayer, Regularizer } from "../ir/types.js";
import { coefficientAt, type Coefficient } from "../schedule/index.js";
import type { LayersModel, Tensor, Variable } from "../runtime/tf.js";
import type { Scores } from "../report/types.js";

type TF = typeof import("@tensorflow/tfjs");

/** Layers the batched trainer runs; any other layer sends the sweep to worker processes. */
const BATCHED_LAYERS = new Set(["Dense", "Dropout"]);
const BATCHED_LOSSES = new Set(["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "mean_squared_error", "mse", "mean_absolute_error", "mae"]);
const BATCHED_METRICS = new Set(["accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "mse", "mean_squared_error", "mae", "mean_absolute_error"]);

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
  if (!BATCHED_LOSSES.has(train.loss)) return `batched training does not support the loss ${train.loss}`;
  for (const m of train.metrics) if (!BATCHED_METRICS.has(m)) return `batched training does not support the metric ${m}`;
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

/** Data as the runtime's loadData returns it (row-major Float32Arrays with shapes). */
export interface Arrays {
  x: Float32Array;
  y: Float32Array;
  xShape: number[];
  yShape: number[];
}

/** The runtime functions the batched trainer shares with the one-by-one path (src/runtime). */
export interface RuntimeParts {
  tf: TF;
  initialWeights(model: LayersModel, seed: number): Float32Array[];
  shuffleOrder(n: number, seed: number, epoch: number): Int32Array;
  makeOptimizer(o: NonNullable<IR["train"]>["optimizer"]): { minimize(f: () => Tensor, returnCost?: boolean, varList?: Variable[]): Tensor | null; dispose(): void };
  /** Seed of one dropout mask: (run seed, epoch, step, layer name). */
  dropoutSeed?(seed: number, epoch: number, step: number, layer: string): number;
}

export interface BatchedOptions {
  epochs: number;
  /** A model built by the spec's program (point 0): its weights' initializers give initialWeights. */
  model: LayersModel;
  train: Arrays;
  test: Arrays | null;
  /** Called after each epoch with the number of epochs done. */
  onEpoch?: (done: number) => void;
  /** Whether to keep per-epoch history (loss, data_loss, reg_loss) for each trial. */
  history?: boolean;
}

export interface BatchedTrialResult {
  seed: number;
  final: { train: Scores; test: Scores | null };
  history: Record<string, number>[];
  /** "nan" when the trial's loss became NaN (its numbers are then NaN). */
  stopped: null | "nan";
}

interface DenseSpec {
  kind: "dense";
  name: string;
  units: number;
  inputs: number;
  useBias: boolean;
  activation: (x: Tensor) => Tensor;
  /** ReLU is fused into the layer's gradient (dz = dh * step(h)), saving tfjs's cast and step. */
  relu: boolean;
  kernel: Variable;
  bias: Variable | null;
  /** Per-trial penalty coefficients, [T,1,1] each; null when no trial penalizes that term. */
  pen: { slot: "kernel" | "bias"; l1: Coefficient[]; l2: Coefficient[]; scheduled: boolean; l1t: Tensor | null; l2t: Tensor | null }[];
}

interface DropoutSpec {
  kind: "dropout";
  name: string;
  rates: Coefficient[];
  now: number[];
}

type LayerSpec = DenseSpec | DropoutSpec;

function slotRegularizer(l: IRLayer, slot: "kernel" | "bias"): Regularizer | null {
  return (l.regularizers[slot] as Regularizer | null | undefined) ?? null;
}

/** Trains every trial together; returns each trial's final scores (and history). */
export async function trainBatched(rt: RuntimeParts, trials: BatchedTrial[], opts: BatchedOptions): Promise<BatchedTrialResult[]> {
  const { tf } = rt;
  const T = trials.length;
  const ir0 = trials[0]!.ir;
  const train = ir0.train!;
  const epochs = opts.epochs;
  const n = opts.train.xShape[0]!;
  const features = opts.train.xShape[1]!;
  const outUnits = opts.train.yShape.length > 1 ? opts.train.yShape[1]! : 1;

  // Initial weights: one set per distinct seed (model.weights order), stacked per weight.
  const byName = new Map<string, number>();
  opts.model.weights.forEach((w, i) => byName.set(w.originalName ?? w.name, i));
  const initCache = new Map<number, Float32Array[]>();
  const initOf = (seed: number) => {
    let w = initCache.get(seed);
    if (!w) initCache.set(seed, (w = rt.initialWeights(opts.model, seed)));
    return w;
  };
  const stack = (index: number, shape: number[]): Variable => {
    const size = shape.reduce((a, b) => a * b, 1);
    const buf = new Float32Array(T * size);
    trials.forEach((t, k) => buf.set(initOf(t.seed)[index]!, k * size));
    return tf.tidy(() => tf.variable(tf.tensor(buf, [T, ...shape], "float32"), true));
  };
  const coefTensor = (values: number[]) => tf.tensor(values, [T, 1, 1], "float32");

  const tfLayers = opts.model.layers as unknown as (Record<string, unknown> & { name: string; weights: { originalName?: string; name: string }[] })[];
  const specs: LayerSpec[] = [];
  let width = features;
  ir0.layers.forEach((l, li) => {
    const tl = tfLayers[li]!;
    if (l.class_name === "Dropout") {
      const rates = trials.map((t) => t.ir.layers[li]!.args.rate as Coefficient);
      specs.push({ kind: "dropout", name: l.name, rates, now: rates.map((r) => coefficientAt(r, 0, epochs)) });
      return;
    }
    const units = l.args.units as number;
    const useBias = l.args.use_bias !== false;
    const wi = (suffix: string) => {
      const w = tl.weights.find((x) => (x.originalName ?? x.name).endsWith(`/${suffix}`));
      if (!w) throw new Error(`internal error: layer ${l.name} has no ${suffix}`);
      return byName.get(w.originalName ?? w.name)!;
    };
    const act = tl["activation"] as { apply(x: Tensor): Tensor };
    const pen: DenseSpec["pen"] = [];
    for (const slot of ["kernel", "bias"] as const) {
      const regs = trials.map((t) => slotRegularizer(t.ir.layers[li]!, slot));
      if (regs.every((r) => r === null)) continue;
      const l1 = regs.map((r) => (r ? r.l1 : 0));
      const l2 = regs.map((r) => (r ? r.l2 : 0));
      const scheduled = [...l1, ...l2].some((c) => typeof c !== "number");
      pen.push({ slot, l1, l2, scheduled, l1t: null, l2t: null });
    }
    specs.push({
      kind: "dense",
      name: l.name,
      units,
      inputs: width,
      useBias,
      activation: (x) => act.apply(x),
      relu: l.args.activation === "relu",
      kernel: stack(wi("kernel"), [width, units]),
      bias: useBias ? stack(wi("bias"), [1, units]) : null,
      pen,
    });
    width = units;
  });
  const dense = specs.filter((s): s is DenseSpec => s.kind === "dense");
  const variables: Variable[] = [];
  for (const d of dense) {
    variables.push(d.kernel);
    if (d.bias) variables.push(d.bias);
  }
  // The optimizer's variable order follows model.weights, as the one-by-one trainer's does.
  const optimizer = rt.makeOptimizer(train.optimizer);

  const loss = train.loss;
  const metricNames = train.metrics;
  const xTrain = tf.tensor(opts.train.x, [n, features], "float32");
  const yTrain = tf.tensor(opts.train.y, [n, outUnits], "float32");

  /** Coefficient tensors for an epoch (re-uploaded only when a value changes). */
  const lastValues = new Map<string, string>();
  const setCoefficients = (epoch: number) => {
    for (const d of dense) {
      for (const p of d.pen) {
        for (const which of ["l1", "l2"] as const) {
          const values = p[which].map((c) => coefficientAt(c, epoch, epochs));
          const key = `${d.name}/${p.slot}/${which}`;
          const sig = values.join(",");
          if (lastValues.get(key) === sig) continue;
          lastValues.set(key, sig);
          p[`${which}t`]?.dispose();
          p[`${which}t`] = values.every((v) => v === 0) ? null : coefTensor(values);
        }
      }
    }
    for (const s of specs) if (s.kind === "dropout") s.now = s.rates.map((r) => coefficientAt(r, epoch, epochs));
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

  /**
   * One Dense layer's x @ W + b for all trials, with a hand-written gradient: tfjs's generic one for
   * batched matMul and broadcasting goes through transposes, pads and identity copies that cost more
   * than the arithmetic at these sizes. dW = x^T dz, db = sum of dz over the batch, dx = dz W^T.
   * The first layer's x is data: it takes no gradient, so it is captured, not an input.
   */
  const denseOp = (x: Tensor, s: DenseSpec, needDx: boolean, xa: Tensor | null): Tensor => {
    const inputs = s.inputs;
    const units = s.units;
    // Tensors the gradient reads must go through save(): the forward's intermediates are disposed.
    const grads = (dz: Tensor, [xs, w]: Tensor[]): { dw: Tensor; db: Tensor | null; dx: Tensor | null } => {
      let dw: Tensor;
      let db: Tensor | null = null;
      if (s.bias && xa) {
        // The first layer: [x | 1]^T dz gives dW and db in one product.
        const both = tf.matMul(xa, dz, true, false);
        dw = tf.slice(both, [0, 0, 0], [-1, inputs, -1]);
        db = tf.slice(both, [0, inputs, 0], [-1, 1, -1]);
      } else {
        dw = tf.matMul(xs!, dz, true, false);
        if (s.bias) db = tf.sum(dz, 1, true);
      }
      const dx = needDx ? (units === 1 ? tf.mul(dz, tf.reshape(w!, [T, 1, inputs])) : tf.matMul(dz, w!, false, true)) : null;
      return { dw, db, dx };
    };
    const value = () => {
      const z = matmul(x, s.kernel, inputs);
      return s.bias ? tf.add(z, s.bias) : z;
    };
    const wrt: Tensor[] = [...(needDx ? [x] : []), s.kernel, ...(s.bias ? [s.bias] : [])];
    const op = tf.customGrad(((...args: unknown[]) => {
      const save = args[args.length - 1] as (ts: Tensor[]) => void;
      const z = value();
      const out = s.relu ? tf.relu(z) : z;
      save([x, s.kernel, out]);
      return {
        value: out,
        gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
          const d = Array.isArray(dy) ? dy[0]! : dy;
          const g = grads(s.relu ? tf.mul(d, tf.step(saved[2]!)) : d, saved);
          return [...(needDx ? [g.dx!] : []), g.dw, ...(g.db ? [g.db] : [])];
        },
      };
    }) as never) as (...ts: Tensor[]) => Tensor;
    return op(...wrt);
  };

  /** Forward pass for all trials: x [T,B,features] -> [T,B,out]. */
  const forward = (x: Tensor, training: boolean, masks: Map<string, Tensor>, xa: Tensor | null = null): Tensor => {
    let h = x;
    let first = true;
    for (const s of specs) {
      if (s.kind === "dense") {
        if (training) {
          const z = denseOp(h, s, !first, first ? xa : null);
          h = s.relu ? z : s.activation(z);
        } else {
          const z = matmul(h, s.kernel, s.inputs);
          h = s.activation(s.bias ? tf.add(z, s.bias) : z);
        }
        first = false;
      } else if (training) {
        const m = masks.get(s.name);
        if (m) h = tf.mul(h, m);
      }
    }
    return h;
  };

  /** Per-trial data loss [T] (tfjs-layers' loss functions take the mean over the last axis). */
  const dataLoss = (yTrue: Tensor, yPred: Tensor): Tensor => {
    const perSample = (() => {
      switch (loss) {
        case "binary_crossentropy":
          return tf.metrics.binaryCrossentropy(yTrue, yPred);
        case "categorical_crossentropy":
          return tf.metrics.categoricalCrossentropy(yTrue, yPred);
        case "sparse_categorical_crossentropy": {
          const [t, b, c] = yPred.shape as number[];
          const oneHot = tf.reshape(tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), "int32"), c!), [t!, b!, c!]);
          return tf.metrics.categoricalCrossentropy(oneHot, yPred);
        }
        case "mean_squared_error":
        case "mse":
          return tf.metrics.meanSquaredError(yTrue, yPred);
        default:
          return tf.metrics.meanAbsoluteError(yTrue, yPred);
      }
    })();
    return tf.mean(perSample, 1);
  };

  const metricValue = (name: string, yTrue: Tensor, yPred: Tensor): Tensor => {
    const units = yPred.shape[2]!;
    let kind = name;
    if (name === "accuracy") kind = loss === "sparse_categorical_crossentropy" ? "sparse_categorical_accuracy" : loss === "binary_crossentropy" || units === 1 ? "binary_accuracy" : "categorical_accuracy";
    switch (kind) {
      case "binary_accuracy":
        return tf.mean(tf.metrics.binaryAccuracy(yTrue, yPred), 1);
      case "categorical_accuracy":
        return tf.mean(tf.metrics.categoricalAccuracy(yTrue, yPred), 1);
      case "sparse_categorical_accuracy":
        return tf.mean(tf.cast(tf.equal(tf.argMax(yPred, -1), tf.cast(tf.reshape(yTrue, [T, -1]), "int32")), "float32"), 1);
      case "mse":
      case "mean_squared_error":
        return tf.mean(tf.metrics.meanSquaredError(yTrue, yPred), 1);
      default:
        return tf.mean(tf.metrics.meanAbsoluteError(yTrue, yPred), 1);
    }
  };

  /** Per-trial penalty [T]: tfjs L1L2 (constant: sum(l * f(w))) or ScheduledL1L2 (l * sum(f(w))). */
  const penalty = (): Tensor | null => {
    let total: Tensor | null = null;
    for (const d of dense) {
      for (const p of d.pen) {
        const w = p.slot === "kernel" ? d.kernel : d.bias!;
        let term: Tensor | null = null;
        for (const [coef, f] of [[p.l1t, tf.abs], [p.l2t, tf.square]] as const) {
          if (!coef) continue;
          const fw = f(w);
          const t = p.scheduled ? tf.mul(tf.reshape(coef, [T]), tf.sum(fw, [1, 2])) : tf.sum(tf.mul(coef, fw), [1, 2]);
          term = term ? tf.add(term, t) : t;
        }
        if (term) total = total ? tf.add(total, term) : term;
      }
    }
    return total;
  };

  const dropoutMasks = (batch: number, epoch: number, step: number): Map<string, Tensor> => {
    const masks = new Map<string, Tensor>();
    let width2 = features;
    for (const s of specs) {
      if (s.kind === "dense") {
        width2 = s.units;
        continue;
      }
      if (s.now.every((r) => !(r > 0))) continue;
      const parts = trials.map((t, k) => {
        const rate = s.now[k]!;
        if (!(rate > 0)) return tf.ones([1, batch, width2]);
        if (rate >= 1) return tf.zeros([1, batch, width2]);
        // As tf.dropout: floor(uniform + keep) / keep, from the trial's own seeded stream.
        const keep = 1 - rate;
        const seed = rt.dropoutSeed ? rt.dropoutSeed(t.seed, epoch, step, s.name) : undefined;
        return tf.reshape(tf.div(tf.floor(tf.add(tf.randomUniform([batch, width2], 0, 1, "float32", seed), keep)), keep), [1, batch, width2]);
      });
      masks.set(s.name, tf.concat(parts, 0));
    }
    return masks;
  };

  const history: Record<string, number>[][] = trials.map(() => []);
  const wantHistory = opts.history !== false;
  const nanSeen = new Array<boolean>(T).fill(false);
  // Per-epoch sums, read back in chunks so the device is not synchronized every epoch.
  let pending: { epoch: number; stats: Tensor }[] = [];
  const statNames = ["loss", "data_loss", "reg_loss"];
  const flush = () => {
    if (pending.length === 0) return;
    const all = tf.tidy(() => tf.stack(pending.map((p) => p.stats)));
    const values = all.dataSync();
    all.dispose();
    const per = statNames.length * T;
    pending.forEach((p, i) => {
      for (let k = 0; k < T; k++) {
        const row: Record<string, number> = { epoch: p.epoch };
        statNames.forEach((s, j) => (row[s] = values[i * per + j * T + k]!));
        if (!Number.isFinite(row.loss!)) nanSeen[k] = true;
        if (wantHistory) history[k]!.push(row);
      }
      p.stats.dispose();
    });
    pending = [];
  };

  const idx = new Int32Array(T * n);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    setCoefficients(epoch);
    trials.forEach((t, k) => {
      const order = train.shuffle ? rt.shuffleOrder(n, t.seed, epoch) : null;
      for (let i = 0; i < n; i++) idx[k * n + i] = order ? order[i]! : i;
    });
    const batchSize = train.batch_size;
    let sums: Tensor | null = null;
    for (let start = 0; start < n; start += batchSize) {
      const b = Math.min(batchSize, n - start);
      const rows = new Int32Array(T * b);
      for (let k = 0; k < T; k++) rows.set(idx.subarray(k * n + start, k * n + start + b), k * b);
      const stepStats = tf.tidy(() => {
        const rowsT = tf.tensor(rows, [T, b], "int32");
        const xb = tf.gather(xTrain, rowsT);
        const yb = tf.gather(yTrain, rowsT);
        const masks = dropoutMasks(b, epoch, step);
        // [x | 1] for the first layer's gradient (dW and db in one product).
        const xa = tf.concat([xb, tf.ones([T, b, 1])], 2);
        let kept: Tensor[] = [];
        optimizer.minimize(() => {
          const pred = forward(xb, true, masks, xa);
          const data = dataLoss(yb, pred);
          const reg = penalty();
          const total = reg ? tf.add(data, reg) : data;
          // Per-epoch history: the losses (what the report draws). Metrics are computed at the end only,
          // which saves a tenth of the step's time.
          kept = [total, data, reg ?? tf.zerosLike(data)].map((t) => tf.keep(t));
          return tf.sum(total);
        }, false, variables);
        // Keras's epoch figures: batch values weighted by batch size, averaged over the epoch.
        const s = tf.mul(tf.stack(kept), b);
        kept.forEach((t) => t.dispose());
        return s;
      });
      step++;
      if (sums) {
        const next: Tensor = tf.add(sums, stepStats);
        sums.dispose();
        stepStats.dispose();
        sums = next;
      } else sums = stepStats;
    }
    const stats = tf.div(sums!, n);
    sums!.dispose();
    pending.push({ epoch, stats });
    if (pending.length >= 50 || epoch === epochs - 1) flush();
    opts.onEpoch?.(epoch + 1);
    // Give the event loop a turn (progress bars, signals) without synchronizing the device.
    if (epoch % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  flush();

  /** Final scores on a whole set for every trial: the loss includes the penalty, as Keras's evaluate does. */
  const evaluate = (set: Arrays): Scores[] => {
    const rowsN = set.xShape[0]!;
    // In chunks of 1024 rows, as the runtime's evaluate: chunk means weighted by their rows, then the penalty.
    const chunk = 1024;
    const sums = new Float64Array((1 + metricNames.length) * T);
    for (let from = 0; from < rowsN; from += chunk) {
      const to = Math.min(rowsN, from + chunk);
      const values = tf.tidy(() => {
        const x = tf.tensor(set.x.subarray(from * features, to * features), [to - from, features], "float32");
        const y = tf.tensor(set.y.subarray(from * outUnits, to * outUnits), [to - from, outUnits], "float32");
        const xs = tf.tile(tf.expandDims(x, 0), [T, 1, 1]);
        const ys = tf.tile(tf.expandDims(y, 0), [T, 1, 1]);
        const pred = forward(xs, false, new Map());
        return tf.stack([dataLoss(ys, pred), ...metricNames.map((m) => metricValue(m, ys, pred))]);
      });
      const v = values.dataSync();
      values.dispose();
      for (let i = 0; i < sums.length; i++) sums[i]! += v[i]! * (to - from);
    }
    const reg = tf.tidy(() => penalty() ?? tf.zeros([T]));
    const r = reg.dataSync();
    reg.dispose();
    return trials.map((_, k) => {
      const s: Scores = { loss: sums[k]! / rowsN + r[k]! };
      metricNames.forEach((m, j) => (s[m] = sums[(j + 1) * T + k]! / rowsN));
      return s;
    });
  };
  setCoefficients(epochs - 1);
  const trainScores = evaluate(opts.train);
  const testScores = opts.test && opts.test.xShape[0]! > 0 ? evaluate(opts.test) : null;

  for (const v of variables) v.dispose();
  for (const d of dense) for (const p of d.pen) [p.l1t, p.l2t].forEach((t) => t?.dispose());
  optimizer.dispose();
  xTrain.dispose();
  yTrain.dispose();

  return trials.map((t, k) => ({
    seed: t.seed,
    final: { train: trainScores[k]!, test: testScores ? testScores[k]! : null },
    history: history[k]!,
    stopped: nanSeen[k] ? "nan" : null,
  }));
}
